#include "core/latent_explorer.h"

#include <algorithm>
#include <cmath>

#include "error.h"

namespace aeplay {

using Clock = std::chrono::steady_clock;

namespace {
// Only the versions a snapshot depends on: which model (and its weights at epoch ends), which test set.
Versions snapshot_versions(const Playground& pg) {
  Versions v;
  v.model_epoch = pg.versions().model_epoch;
  v.test_set = pg.versions().test_set;
  return v;
}
}  // namespace

// --- the snapshot and the heavy work ---------------------------------------------------------------------

void LatentExplorer::restart(const Playground& pg) {
  snapshot_from_ = snapshot_versions(pg);
  input_from_ = {~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
  ++snapshot_version_;
  snapshot_.reset();
  model_space_.clear();
  pca_space_.clear();
  pca_k_ = 0;
  test_ = nullptr;
  const ae::Autoencoder* m = pg.current_model();
  const ae::ImageSet& test = pg.test_set();
  if (!m || test.size() < 4 || test.labels.size() != static_cast<size_t>(test.size())) return;
  // A snapshot: the map, the probes and every decoded picture come from the same weights, even while the
  // playground keeps training the live model.
  snapshot_ = std::make_unique<ae::Autoencoder>(*m);
  snapshot_model_id_ = pg.current_model_id();
  model_label_ = pg.current_model_label();
  test_ = &test;
  const ae::Autoencoder* s = snapshot_.get();
  model_space_.start([s](const ae::Mat& x) { return s->encode(x); }, test.images, &test.labels, test.size() / 2);
  if (pca_test_set_ != pg.versions().test_set) start_pixel_pca(pg);
  axis_chosen_ = false;
  traversal_axis_ = std::min(traversal_axis_, s->latent_size() - 1);
}

void LatentExplorer::tick(const Playground& pg, Clock::time_point deadline) {
  if (!active_) return;
  const auto t0 = Clock::now();
  if (snapshot_versions(pg) != snapshot_from_) {
    // New epoch weights of the same model on the same test set: finish the map first, then follow them. A
    // worker can end several epochs a second; restarting at each one would never finish the map.
    const bool same_model = snapshot_ && snapshot_from_.test_set == pg.versions().test_set &&
                            snapshot_model_id_ == pg.current_model_id();
    if (!same_model || model_space_.done()) restart(pg);
  }
  if (!snapshot_) return;
  if (!model_space_.step(deadline) && Clock::now() < deadline) {
    if (!pixel_pca_.done()) {
      step_pixel_pca(deadline);
    } else {
      const int k = std::min(snapshot_->latent_size(), static_cast<int>(pixel_pca_.pca().components.cols()));
      if (pca_k_ != k) {
        ae::Pca pk = pixel_pca_.pca();
        pk.components = pk.components.leftCols(k).eval();
        pca_space_.start([pk](const ae::Mat& x) { return pk.encode(x); }, test_->images, &test_->labels,
                         test_->size() / 2);
        pca_k_ = k;
      }
      pca_space_.step(deadline);
    }
  }
  last_tick_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  max_tick_ms_ = std::max(max_tick_ms_, last_tick_ms_);
}

void LatentExplorer::start_pixel_pca(const Playground& pg) {
  pixel_pca_.start(pg.test_set().images, pg.test_set().size() / 2);
  pixel_pca_.hand_out_decomposition(decomposer_ != nullptr);
  pca_test_set_ = pg.versions().test_set;
  ++pca_request_;
  pca_sent_ = false;
}

void LatentExplorer::step_pixel_pca(Clock::time_point deadline) {
  pixel_pca_.step(deadline);
  if (pixel_pca_.awaiting() && !pca_sent_) {
    pca_sent_ = true;
    if (!decomposer_ || !decomposer_->send(pca_request_, pixel_pca_.covariance())) pixel_pca_.decompose_here();
  }
}

void LatentExplorer::tick_pixel_pca(const Playground& pg, Clock::time_point deadline) {
  if (!pca_wanted_ || pg.test_set().size() < 4) return;
  if (pca_test_set_ != pg.versions().test_set) start_pixel_pca(pg);
  if (!pixel_pca_.done()) step_pixel_pca(deadline);
}

bool LatentExplorer::has_work(const Playground& pg) const {
  if (!active_) {  // the tangent section's PCA alone
    if (!pca_wanted_ || pg.test_set().size() < 4) return false;
    if (pca_test_set_ != pg.versions().test_set) return true;
    return !pixel_pca_.done() && (!pixel_pca_.awaiting() || !pca_sent_);
  }
  if (snapshot_versions(pg) != snapshot_from_) return true;  // a new snapshot (or the current map) to make
  if (!snapshot_) return false;
  if (!model_space_.done()) return true;
  if (!pixel_pca_.done()) return !pixel_pca_.awaiting() || !pca_sent_;  // sent: the answer comes as a call
  const int k = std::min(snapshot_->latent_size(), static_cast<int>(pixel_pca_.pca().components.cols()));
  return pca_k_ != k || !pca_space_.done();
}

void LatentExplorer::on_decomposition(int request, const Eigen::VectorXd& values, const Eigen::MatrixXd& vectors) {
  if (request != pca_request_ || !pixel_pca_.awaiting()) return;
  try {
    pixel_pca_.finish(values, vectors);
  } catch (const ae::Error&) {
    pixel_pca_.decompose_here();  // a wrong-sized answer: do it here rather than never
  }
}

void LatentExplorer::on_decomposition_failed(int request) {
  if (request == pca_request_) pixel_pca_.decompose_here();
}

void LatentExplorer::run_to_end(const Playground& pg) {
  const bool was_active = active_;
  active_ = true;
  do {
    tick(pg, Clock::now() + std::chrono::seconds(1));
    if (pixel_pca_.awaiting()) pixel_pca_.decompose_here();  // no waiting for a worker here
  } while (snapshot_ && !(model_space_.done() && pca_space_.done() && pca_k_ > 0));
  active_ = was_active;
  update_outputs(pg);
}

// --- inputs ----------------------------------------------------------------------------------------------

bool LatentExplorer::set_decode_point(float x, float y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return false;
  decode_[0] = x, decode_[1] = y;
  has_decode_point_ = true;
  ++settings_version_;
  return true;
}

bool LatentExplorer::set_traversal(int dim, float value) {
  if (!snapshot_ || dim < 0 || dim >= snapshot_->latent_size() || !std::isfinite(value)) return false;
  if (traversal_code_.size() != snapshot_->latent_size()) return false;
  traversal_code_(dim) = value;
  traversal_axis_ = dim;
  axis_chosen_ = true;
  ++settings_version_;
  return true;
}

void LatentExplorer::set_traversal_axis(int dim) {
  if (!snapshot_ || dim < 0 || dim >= snapshot_->latent_size() || dim == traversal_axis_) return;
  traversal_axis_ = dim, axis_chosen_ = true;
  ++settings_version_;
}

void LatentExplorer::reset_traversal() {
  traversal_code_ = input_code_;
  ++settings_version_;
}

bool LatentExplorer::set_interpolation(int a, int b) {
  if (a < -1 || b < -1) return false;  // past the end: the input (endpoint_code); callers check the set's size
  interp_[0] = a, interp_[1] = b;
  ++settings_version_;
  return true;
}

void LatentExplorer::set_grid_view(float cx, float cy, float hx, float hy) {
  const std::array<float, 4> view = {cx, cy, hx, hy};
  if (view == grid_view_) return;
  grid_view_ = view;
  ++settings_version_;
}

// --- outputs ---------------------------------------------------------------------------------------------

ae::Vec LatentExplorer::code_of(const std::vector<float>& pixels) const {
  const Eigen::Map<const ae::Mat> x(pixels.data(), kPixels, 1);
  return snapshot_->encode(x).col(0);
}

ae::Vec LatentExplorer::endpoint_code(int which, const Playground& pg, std::vector<float>& pixels) const {
  if (which >= 0 && test_ && which < test_->size()) {
    pixels.resize(kPixels);
    test_->images.copy_col(which, pixels.data());
  } else {
    pixels = pg.clean();
  }
  return code_of(pixels);
}

void LatentExplorer::follow_input(const Playground& pg) {
  // The input's code (and the traversal's starting point) follow the input the playground last showed.
  Versions from;
  from.input = pg.outputs_built_from().input;
  from.corruption = pg.outputs_built_from().corruption;
  from.test_set = pg.outputs_built_from().test_set;
  if (from == input_from_ && input_code_.size() == snapshot_->latent_size()) return;
  input_from_ = from;
  input_code_ = code_of(pg.clean());
  corrupted_code_ = code_of(pg.corrupted());
  traversal_code_ = input_code_;
  ++settings_version_;
}

void LatentExplorer::update_outputs(const Playground& pg) {
  if (!snapshot_) return;
  follow_input(pg);
  const int stages = (model_space_.codes_ready() ? 1 : 0) | (model_space_.done() ? 2 : 0) |
                     (pca_space_.codes_ready() ? 4 : 0) | (pca_space_.done() ? 8 : 0);
  const OutputsFrom from{pg.outputs_built_from(), snapshot_version_, settings_version_, stages};
  if (from == outputs_from_) return;
  update_ranges();
  update_positions(pg);
  decode_grid();
  update_traversal();
  update_interpolation(pg);
  update_neighbours(pg);
  // Computing may have set the decode point or the axis: record the settings as they are now.
  outputs_from_ = {pg.outputs_built_from(), snapshot_version_, settings_version_, stages};
}

void LatentExplorer::update_ranges() {
  // Slider ranges: the test codes' range per dimension, with a margin (before the codes exist: ±3 around 0).
  const int d = snapshot_->latent_size();
  out_.traversal_lo.assign(static_cast<size_t>(d), -3.0f);
  out_.traversal_hi.assign(static_cast<size_t>(d), 3.0f);
  if (!model_space_.codes_ready()) return;
  const ae::Mat& c = model_space_.codes();
  if (!axis_chosen_) {  // the strip starts along the code's most varied dimension (ReLU codes have dead ones)
    const ae::Vec mean = c.rowwise().mean();  // evaluated once: inline, Eigen re-reduced it (28 ms in wasm)
    ((c.colwise() - mean).rowwise().squaredNorm()).maxCoeff(&traversal_axis_);
    axis_chosen_ = true;
  }
  for (int i = 0; i < d; ++i) {
    const float lo = c.row(i).minCoeff(), hi = c.row(i).maxCoeff(), m = 0.1f * std::max(hi - lo, 1e-3f);
    out_.traversal_lo[static_cast<size_t>(i)] = lo - m;
    out_.traversal_hi[static_cast<size_t>(i)] = hi + m;
  }
}

void LatentExplorer::update_positions(const Playground& pg) {
  // Where the input sits on the maps, and what the probes make of it.
  out_.input_on_map = model_space_.codes_ready();
  out_.prediction = out_.corrupted_prediction = out_.pca_prediction = -1;
  if (model_space_.codes_ready()) {
    const ae::Projection2D& pr = model_space_.projection();
    const ae::Vec a = pr.project(input_code_), b = pr.project(corrupted_code_);
    out_.input_x = a(0), out_.input_y = a(1), out_.corrupted_x = b(0), out_.corrupted_y = b(1);
    out_.prediction = model_space_.predict(input_code_);
    out_.corrupted_prediction = model_space_.predict(corrupted_code_);
    if (!has_decode_point_) set_decode_point(out_.input_x, out_.input_y);
    // Decode anywhere.
    const ae::Mat img = snapshot_->decode(pr.unproject(decode_[0], decode_[1]));
    out_.decoded.assign(img.data(), img.data() + kPixels);
  }
  if (pca_space_.codes_ready()) {
    const Eigen::Map<const ae::Mat> x(pg.clean().data(), kPixels, 1);
    const ae::Vec pc = pca_space_.encode(x).col(0);
    const ae::Vec p2 = pca_space_.projection().project(pc);
    out_.pca_input_x = p2(0), out_.pca_input_y = p2(1);
    out_.pca_prediction = pca_space_.predict(pc);
  }
}

void LatentExplorer::decode_grid() {
  // A grid of decoded digits over the visible part of the map (for a 2-D code: the decoder's whole picture of
  // that region of the latent plane; larger codes: of the plotted plane).
  out_.grid_image.clear();
  if (!model_space_.codes_ready()) return;
  ae::Mat codes(snapshot_->latent_size(), kGrid * kGrid);
  for (int r = 0; r < kGrid; ++r)
    for (int c = 0; c < kGrid; ++c) {
      const float x = grid_view_[0] + grid_view_[2] * (2.0f * (c + 0.5f) / kGrid - 1.0f);
      const float y = grid_view_[1] - grid_view_[3] * (2.0f * (r + 0.5f) / kGrid - 1.0f);
      codes.col(r * kGrid + c) = model_space_.projection().unproject(x, y);
    }
  out_.grid_image = grid_of(snapshot_->decode(codes), kGrid).pixels;
}

void LatentExplorer::update_traversal() {
  // The edited code, and a strip along one axis.
  const int d = snapshot_->latent_size();
  const ae::Mat img = snapshot_->decode(traversal_code_);
  out_.traversal_image.assign(img.data(), img.data() + kPixels);
  const size_t axis = static_cast<size_t>(std::clamp(traversal_axis_, 0, d - 1));
  ae::Mat codes(d, kStripSteps);
  out_.traversal_values.resize(kStripSteps);
  for (int k = 0; k < kStripSteps; ++k) {
    const float t = static_cast<float>(k) / (kStripSteps - 1);
    codes.col(k) = traversal_code_;
    codes(static_cast<ae::Index>(axis), k) = out_.traversal_lo[axis] + t * (out_.traversal_hi[axis] - out_.traversal_lo[axis]);
    out_.traversal_values[static_cast<size_t>(k)] = codes(static_cast<ae::Index>(axis), k);
  }
  out_.traversal_strip = strip_of(snapshot_->decode(codes)).pixels;
}

void LatentExplorer::update_interpolation(const Playground& pg) {
  // Interpolation between two codes, and the pixel blend for contrast.
  std::vector<float> pa, pb;
  const ae::Vec a = endpoint_code(interp_[0], pg, pa), b = endpoint_code(interp_[1], pg, pb);
  out_.lerp_strip = strip_of(snapshot_->decode(ae::interpolate(a, b, kStripSteps, false))).pixels;
  out_.slerp_strip = strip_of(snapshot_->decode(ae::interpolate(a, b, kStripSteps, true))).pixels;
  const Eigen::Map<const ae::Vec> xa(pa.data(), kPixels), xb(pb.data(), kPixels);
  ae::Mat blend(kPixels, kStripSteps);
  for (int k = 0; k < kStripSteps; ++k) blend.col(k) = ae::lerp(xa, xb, static_cast<float>(k) / (kStripSteps - 1));
  out_.pixel_strip = strip_of(blend).pixels;
}

void LatentExplorer::update_neighbours(const Playground& pg) {
  // Nearest neighbours of the input's code among the test digits (the input itself left out).
  out_.neighbours.clear();
  out_.neighbour_strip.clear();
  if (!model_space_.codes_ready()) return;
  const int skip = pg.source() == InputSource::TestDigit ? pg.test_digit() : -1;
  out_.neighbours = ae::nearest(model_space_.codes(), input_code_, kNeighbours, skip);
  ae::Mat imgs(kPixels, static_cast<ae::Index>(out_.neighbours.size()));
  for (size_t i = 0; i < out_.neighbours.size(); ++i)
    imgs.col(static_cast<ae::Index>(i)) = test_->images.col(out_.neighbours[i]);
  if (!out_.neighbours.empty()) out_.neighbour_strip = strip_of(imgs).pixels;
}

const std::vector<float>& LatentExplorer::array(LatentArray which) const {
  switch (which) {
    case LatentArray::Decoded: return out_.decoded;
    case LatentArray::Traversal: return out_.traversal_image;
    case LatentArray::TraversalStrip: return out_.traversal_strip;
    case LatentArray::Linear: return out_.lerp_strip;
    case LatentArray::Spherical: return out_.slerp_strip;
    case LatentArray::PixelBlend: return out_.pixel_strip;
    case LatentArray::Neighbours: return out_.neighbour_strip;
    case LatentArray::Grid: break;
  }
  return out_.grid_image;
}

}  // namespace aeplay
