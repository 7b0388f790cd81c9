// Playground: what the "Inside the model" panel shows — filters, samples, the latent grid, the code, the
// tangent plane.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "error.h"

#include "core/playground.h"

namespace aeplay {

namespace {
int square_columns(int n) { return static_cast<int>(std::ceil(std::sqrt(n))); }
}  // namespace

Tiles Playground::encoder_filters(int max_filters) const {
  const ae::Autoencoder* m = current_model();
  if (!m || m->kind(0) != ae::LayerKind::Dense || m->layer_inputs(0) != kPixels) return {};
  const auto W = m->weights(0);  // units x 784: row j is unit j's filter over the pixels
  const int n = static_cast<int>(std::min<ae::Index>(max_filters, W.rows()));
  const ae::Mat filters = W.topRows(n).transpose();
  TileLayout layout;
  layout.cols = square_columns(n);
  layout.normalize_each = true;
  return tile_images(filters, layout);
}

ae::Mat Playground::vae_sample_images(int n, uint64_t seed) const {
  const ae::Autoencoder* m = current_model();
  if (!m || !ae::family_info(m->spec().family).variational || n < 1) return {};
  ae::Rng rng(seed, 11);
  return m->sample(n, rng);
}

Tiles Playground::vae_samples(int n, uint64_t seed) const {
  const ae::Mat images = vae_sample_images(n, seed);
  TileLayout layout;
  layout.cols = square_columns(n);
  return tile_images(images, layout);
}

Tiles Playground::latent_grid(int steps, float range) const {
  const ae::Autoencoder* m = current_model();
  if (!m || m->latent_size() < 2 || steps < 2) return {};
  ae::Mat z = ae::Mat::Zero(m->latent_size(), steps * steps);
  for (int r = 0; r < steps; ++r)
    for (int c = 0; c < steps; ++c) {  // z1 grows to the right, z2 upwards
      z(0, r * steps + c) = -range + 2 * range * c / (steps - 1);
      z(1, r * steps + c) = range - 2 * range * r / (steps - 1);
    }
  TileLayout layout;
  layout.cols = steps;
  return tile_images(m->decode(z), layout);
}

std::vector<float> Playground::current_code() const {
  const ae::Autoencoder* m = current_model();
  if (!m) return {};
  const Eigen::Map<const ae::Mat> x(corrupted_.data(), kPixels, 1);
  const ae::Mat code = m->encode(x);
  return std::vector<float>(code.data(), code.data() + code.size());
}

const CodeStats& Playground::code_stats() {
  Versions wanted;
  wanted.model = versions_.model;
  wanted.test_set = versions_.test_set;
  if (wanted == code_stats_built_from_) return code_stats_;
  code_stats_built_from_ = wanted;
  code_stats_ = {};
  const ae::Autoencoder* m = current_model();
  if (!m || test_.size() == 0) return code_stats_;
  const ae::Index n = std::min<ae::Index>(500, test_.size());
  const ae::Mat codes = m->encode(test_.images.columns(0, n));
  const int bins = 40;
  code_stats_.lo = std::min(0.0f, codes.minCoeff());
  code_stats_.hi = std::max(code_stats_.lo + 1e-3f, codes.maxCoeff());
  code_stats_.histogram.assign(bins, 0.0f);
  for (ae::Index k = 0; k < codes.size(); ++k) {
    int b = static_cast<int>((codes.data()[k] - code_stats_.lo) / (code_stats_.hi - code_stats_.lo) * bins);
    code_stats_.histogram[static_cast<size_t>(std::clamp(b, 0, bins - 1))] += 1.0f;
  }
  code_stats_.mean_activation = codes.mean();
  code_stats_.zero_fraction =
      static_cast<double>((codes.array().abs() < 1e-3f).count()) / static_cast<double>(codes.size());
  code_stats_.units = static_cast<int>(codes.rows());
  code_stats_.digits = static_cast<int>(n);
  return code_stats_;
}

const TangentPlane& Playground::tangent_plane(int k, bool of_map) {
  Versions wanted;
  // A model in training: its weights at epoch ends (~30 ms in wasm: not at every batch).
  wanted.input = versions_.input, wanted.corruption = versions_.corruption, wanted.model_epoch = versions_.model_epoch;
  if (wanted == tangent_built_from_ && k == tangent_k_ && of_map == tangent_.of_map) return tangent_;
  tangent_built_from_ = wanted, tangent_k_ = k;
  ++tangent_computations_;
  tangent_ = {};
  tangent_.of_map = of_map;
  const ae::Autoencoder* m = current_model();
  if (!m) {
    tangent_.why = "no model";
    return tangent_;
  }
  const auto start = std::chrono::steady_clock::now();
  try {
    const ae::Vec x = Eigen::Map<const ae::Vec>(corrupted_.data(), kPixels);
    tangent_.tangents = of_map ? ae::map_tangents(*m, x, k) : ae::decoder_tangents(*m, x, k);
    tangent_.valid = true;
  } catch (const ae::Error&) {
    tangent_.why = "Tangent directions are computed for dense models; this one is convolutional.";
  }
  tangent_.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return tangent_;
}

Playground::MovedInput Playground::move_along_tangent(int direction, float alpha) const {
  const ae::Autoencoder* m = current_model();
  if (!m || !tangent_.valid || direction < 0 || direction >= tangent_.tangents.k() || !std::isfinite(alpha)) return {};
  const ae::Vec x = Eigen::Map<const ae::Vec>(corrupted_.data(), kPixels) +
                    alpha * tangent_.tangents.directions.col(direction);
  const ae::Mat r = m->reconstruct(ae::Mat(x));
  return {std::vector<float>(x.data(), x.data() + x.size()), std::vector<float>(r.data(), r.data() + r.size())};
}

}  // namespace aeplay
