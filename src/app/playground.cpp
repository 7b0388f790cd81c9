#include "playground.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "error.h"
#include "idx.h"
#include "metrics.h"
#include "preprocess.h"
#include "rng.h"

namespace aeplay {

std::string Playground::load_split(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels,
                                   ae::Dataset& into, const char* name) {
  try {
    ae::IdxArray img = ae::parse_idx(images.data(), images.size(), std::string(name) + " images");
    ae::IdxArray lab = ae::parse_idx(labels.data(), labels.size(), std::string(name) + " labels");
    ae::Dataset d = ae::make_dataset(img, &lab, 0, std::string(name) + " images");
    if (d.rows != 28 || d.cols != 28) throw ae::Error(std::string(name) + " images are not 28x28");
    into = std::move(d);
    return "";
  } catch (const ae::Error& e) {
    return e.what();
  }
}

std::string Playground::load_test_set(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels) {
  return load_split(images, labels, test_, "MNIST test");
}

std::string Playground::load_train_set(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels) {
  return load_split(images, labels, train_, "MNIST training");
}

bool Playground::use_test_digit(int index) {
  if (index < 0 || index >= test_.size()) return false;
  digit_ = index;
  source_ = InputSource::TestDigit;
  return true;
}

int Playground::random_test_digit() {
  if (test_.size() == 0) return -1;
  static ae::Rng rng(std::chrono::steady_clock::now().time_since_epoch().count());
  use_test_digit(static_cast<int>(rng.below(static_cast<uint32_t>(test_.size()))));
  return digit_;
}

std::string Playground::add_model_bytes(const std::string& id, const std::string& label,
                                        const std::vector<uint8_t>& bytes, Origin origin) {
  try {
    ModelEntry e{id, label, origin, ae::parse_model(bytes.data(), bytes.size(), label), nullptr};
    if (e.file.spec.input_size() != 784)
      throw ae::Error(label + ": the model expects " + std::to_string(e.file.spec.input_size()) +
                      " inputs; the playground works on 28x28 = 784-pixel digits");
    e.model = ae::instantiate(e.file);
    for (auto& m : models_)
      if (m.id == id) {
        if (!m.label.empty() && origin == Origin::Shipped) e.label = m.label;
        m = std::move(e);  // same id: replace (a listed model arriving, or a file uploaded twice)
        return "";
      }
    models_.push_back(std::move(e));
    return "";
  } catch (const ae::Error& err) {
    return err.what();
  } catch (const std::bad_alloc&) {
    return label + ": not enough memory to load this model";
  }
}

void Playground::list_model(const std::string& id, const std::string& label) {
  for (const auto& m : models_)
    if (m.id == id) return;
  models_.push_back({id, label, Origin::Shipped, {}, nullptr});
}

bool Playground::is_loaded(const std::string& id) const {
  if (id == kTrainedId) return has_trained_model();
  for (const auto& m : models_)
    if (m.id == id) return m.model != nullptr;
  return false;
}

bool Playground::select_model(const std::string& id) {
  if (id == kTrainedId) {
    if (!has_trained_model()) return false;
    current_ = id;
    return true;
  }
  for (const auto& m : models_)
    if (m.id == id && m.model) {
      current_ = id;
      return true;
    }
  return false;
}

const ae::Autoencoder* Playground::current_model() const {
  if (current_ == kTrainedId) return training.model();
  for (const auto& m : models_)
    if (m.id == current_) return m.model.get();
  return nullptr;
}

std::string Playground::current_model_label() const {
  if (current_ == kTrainedId) return "your model (trained here)";
  for (const auto& m : models_)
    if (m.id == current_) return m.label;
  return "no model";
}

std::vector<uint8_t> Playground::current_model_bytes() const {
  const ae::Autoencoder* model = current_model();
  if (!model) return {};
  ae::NoiseSpec noise = current_ == kTrainedId ? training.settings().noise : ae::NoiseSpec{};
  std::string notes = "trained in the aeplay playground";
  for (const auto& m : models_)
    if (m.id == current_) noise = m.file.trained_noise, notes = m.file.notes;
  return ae::serialize_model(ae::make_model_file(*model, noise, notes));
}

void Playground::update() {
  // Everything the outputs depend on, as one comparable key; model weights change while training.
  const ae::Autoencoder* model = current_model();
  std::string key = std::to_string(static_cast<int>(source_)) + "|" + std::to_string(digit_) + "|" +
                    std::to_string(drawing_.version()) + "|" + ae::to_string(noise_) + "|" + std::to_string(seed_) +
                    "|" + current_ + "|" + std::to_string(reinterpret_cast<uintptr_t>(model)) + "|" +
                    std::to_string(current_ == kTrainedId ? training.progress().total_batches : 0) + "|" +
                    std::to_string(test_.size());
  if (key == computed_key_) return;
  computed_key_ = key;
  const auto start = std::chrono::steady_clock::now();

  if (source_ == InputSource::Drawing) {
    ae::DigitImage d = ae::mnist_from_drawing(drawing_.ink().data(), Drawing::kSize, Drawing::kSize);
    std::memcpy(clean_.data(), d.pixels.data(), 784 * sizeof(float));
  } else if (digit_ < test_.size()) {
    std::memcpy(clean_.data(), test_.images.col(digit_).data(), 784 * sizeof(float));
  } else {
    std::fill(clean_.begin(), clean_.end(), 0.0f);
  }
  ae::Rng rng(seed_, 7);
  ae::corrupt(noise_, clean_.data(), corrupted_.data(), 784, rng);

  const Eigen::Map<const ae::Mat> clean(clean_.data(), 784, 1), noisy(corrupted_.data(), 784, 1);
  metrics_.corrupted_mse = ae::mse_per_pixel(clean, noisy);
  metrics_.corrupted_psnr = ae::psnr(clean, noisy);
  metrics_.has_reconstruction = model != nullptr;
  if (model) {
    const ae::Mat out = model->reconstruct(noisy);
    std::memcpy(reconstruction_.data(), out.data(), 784 * sizeof(float));
    metrics_.reconstruction_mse = ae::mse_per_pixel(clean, out);
    metrics_.reconstruction_psnr = ae::psnr(clean, out);
  } else {
    std::fill(reconstruction_.begin(), reconstruction_.end(), 0.0f);
  }
  for (size_t i = 0; i < 784; ++i) error_[i] = std::abs(reconstruction_[i] - clean_[i]);
  last_update_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

Tiles tile_images(const ae::Mat& images, int cols, bool normalize_each) {
  Tiles t;
  t.count = static_cast<int>(images.cols());
  if (t.count == 0 || images.rows() != 784) return t;
  cols = std::max(1, std::min(cols, t.count));
  const int rows = (t.count + cols - 1) / cols, gap = 1;
  t.w = cols * (28 + gap) - gap;
  t.h = rows * (28 + gap) - gap;
  t.pixels.assign(static_cast<size_t>(t.w) * t.h, 0.15f);  // dim gaps between tiles
  for (int k = 0; k < t.count; ++k) {
    auto img = images.col(k);
    float lo = 0, scale = 1;
    if (normalize_each) {
      lo = img.minCoeff();
      const float hi = img.maxCoeff();
      scale = hi > lo ? 1.0f / (hi - lo) : 0.0f;
    }
    const int x0 = (k % cols) * (28 + gap), y0 = (k / cols) * (28 + gap);
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x)
        t.pixels[static_cast<size_t>(y0 + y) * t.w + x0 + x] = std::clamp((img(y * 28 + x) - lo) * scale, 0.0f, 1.0f);
  }
  return t;
}

Tiles Playground::encoder_filters(int max_filters) const {
  const ae::Autoencoder* m = current_model();
  if (!m || m->kind(0) != ae::LayerKind::Dense || m->layer_inputs(0) != 784) return {};
  const auto W = m->weights(0);  // units x 784: row j is unit j's filter over the pixels
  const int n = static_cast<int>(std::min<ae::Index>(max_filters, W.rows()));
  ae::Mat filters = W.topRows(n).transpose();
  return tile_images(filters, static_cast<int>(std::ceil(std::sqrt(n))), true);
}

Tiles Playground::vae_samples(int n, uint64_t seed) const {
  const ae::Autoencoder* m = current_model();
  if (!m || m->spec().family != ae::Family::Vae) return {};
  ae::Rng rng(seed, 11);
  return tile_images(m->sample(n, rng), static_cast<int>(std::ceil(std::sqrt(n))), false);
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
  return tile_images(m->decode(z), steps, false);
}

std::vector<float> Playground::current_code() const {
  const ae::Autoencoder* m = current_model();
  if (!m) return {};
  const Eigen::Map<const ae::Mat> x(corrupted_.data(), 784, 1);
  const ae::Mat code = m->encode(x);
  return std::vector<float>(code.data(), code.data() + code.size());
}

std::string Playground::model_key() const {
  return current_ + "|" + std::to_string(reinterpret_cast<uintptr_t>(current_model())) + "|" +
         std::to_string(current_ == kTrainedId ? training.progress().total_batches : 0);
}

const CodeStats& Playground::code_stats() {
  const ae::Autoencoder* m = current_model();
  const std::string key = model_key() + "|" + std::to_string(test_.size());
  if (key == code_stats_key_) return code_stats_;
  code_stats_key_ = key;
  code_stats_ = {};
  if (!m || test_.size() == 0) return code_stats_;
  const ae::Index n = std::min<ae::Index>(500, test_.size());
  const ae::Mat codes = m->encode(test_.images.leftCols(n));
  const int bins = 40;
  code_stats_.lo = std::min(0.0f, codes.minCoeff());
  code_stats_.hi = std::max(code_stats_.lo + 1e-3f, codes.maxCoeff());
  code_stats_.histogram.assign(bins, 0.0f);
  for (ae::Index k = 0; k < codes.size(); ++k) {
    int b = static_cast<int>((codes.data()[k] - code_stats_.lo) / (code_stats_.hi - code_stats_.lo) * bins);
    code_stats_.histogram[static_cast<size_t>(std::clamp(b, 0, bins - 1))] += 1.0f;
  }
  code_stats_.mean_activation = codes.mean();
  code_stats_.zero_fraction = static_cast<double>((codes.array().abs() < 1e-3f).count()) / static_cast<double>(codes.size());
  code_stats_.units = static_cast<int>(codes.rows());
  code_stats_.digits = static_cast<int>(n);
  return code_stats_;
}

void Playground::notify(const std::string& text, bool error) {
  for (const auto& n : notices_)
    if (n.text == text) return;
  notices_.push_back({text, error});
  if (notices_.size() > 8) notices_.erase(notices_.begin());
}

void Playground::dismiss_notice(size_t i) {
  if (i < notices_.size()) notices_.erase(notices_.begin() + static_cast<long>(i));
}

}  // namespace aeplay
