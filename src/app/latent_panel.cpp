#include "latent_panel.h"

#include <imgui.h>
#include <imgui_internal.h>  // SetItemUsingMouseWheel: the wheel zooms the map instead of scrolling the page

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "image_view.h"
#include "platform.h"
#include "point_renderer.h"
#include "ui.h"

namespace aeplay {

using Clock = std::chrono::steady_clock;

LatentExplorer& latent_explorer() {
  static LatentExplorer explorer;
  return explorer;
}

namespace {

// 784 x n images (row-major 28x28 per column) -> one 28 x (28 n) row-major strip.
std::vector<float> strip_of(const ae::Mat& images) {
  const int n = static_cast<int>(images.cols()), w = 28 * n;
  std::vector<float> s(static_cast<size_t>(28 * w));
  for (int k = 0; k < n; ++k)
    for (int r = 0; r < 28; ++r)
      for (int c = 0; c < 28; ++c)
        s[static_cast<size_t>(r * w + k * 28 + c)] = std::clamp(images(r * 28 + c, k), 0.0f, 1.0f);
  return s;
}

double checksum(const std::vector<float>& v) {
  double s = 0;
  for (size_t i = 0; i < v.size(); ++i) s += v[i] * static_cast<double>((i % 97) + 1);
  return s;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

// --- the explorer (no UI) ------------------------------------------------------------------------------------

std::string LatentExplorer::model_key(const Playground& pg) const {
  const ae::Autoencoder* m = pg.current_model();
  // The trained model changes every batch: follow it once per finished epoch (and when training ends).
  const bool trained = pg.current_model_id() == Playground::kTrainedId;
  return pg.current_model_id() + "|" + std::to_string(reinterpret_cast<uintptr_t>(m)) + "|" +
         (trained ? std::to_string(pg.training.history().size()) + "|" + to_string(pg.training.state()) : "") + "|" +
         std::to_string(pg.test_set().size());
}

void LatentExplorer::restart(const Playground& pg) {
  key_ = model_key(pg);
  outputs_key_.clear();
  input_key_.clear();
  ++epoch_version;
  snapshot_.reset();
  model_space_.clear();
  pca_space_.clear();
  pca_k_ = 0;
  test_ = nullptr;
  const ae::Autoencoder* m = pg.current_model();
  const ae::Dataset& test = pg.test_set();
  if (!m || test.size() < 4 || test.labels.size() != static_cast<size_t>(test.size())) return;
  // A snapshot: the map, the probes and every decoded picture come from the same weights, even while the
  // playground keeps training the live model.
  snapshot_ = std::make_unique<ae::Autoencoder>(*m);
  model_label = pg.current_model_label();
  test_ = &test;
  const ae::Autoencoder* s = snapshot_.get();
  model_space_.start([s](const ae::Mat& x) { return s->encode(x); }, &test.images, &test.labels, test.size() / 2);
  const std::string pk = std::to_string(test.size());
  if (pca_key_ != pk) {
    pixel_pca_.start(&test.images, test.size() / 2);
    pca_key_ = pk;
  }
  traversal_touched_ = false;
  axis_chosen_ = false;
  traversal_axis = std::min(traversal_axis, s->latent_size() - 1);
}

void LatentExplorer::tick(const Playground& pg, Clock::time_point deadline) {
  if (!active) return;
  const auto t0 = Clock::now();
  if (model_key(pg) != key_) restart(pg);
  if (!snapshot_) return;
  if (!model_space_.step(deadline) && Clock::now() < deadline) {
    if (!pixel_pca_.done()) {
      pixel_pca_.step(deadline);
    } else {
      const int k = std::min(snapshot_->latent_size(), static_cast<int>(pixel_pca_.pca().components.cols()));
      if (pca_k_ != k) {
        ae::Pca pk = pixel_pca_.pca();
        pk.components = pk.components.leftCols(k).eval();
        pca_space_.start([pk](const ae::Mat& x) { return pk.encode(x); }, &test_->images, &test_->labels,
                         test_->size() / 2);
        pca_k_ = k;
        outputs_key_.clear();
      }
      pca_space_.step(deadline);
    }
  }
  last_tick_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  max_tick_ms = std::max(max_tick_ms, last_tick_ms);
}

ae::Vec LatentExplorer::code_of(const std::vector<float>& pixels) const {
  const Eigen::Map<const ae::Mat> x(pixels.data(), 784, 1);
  return snapshot_->encode(x).col(0);
}

ae::Vec LatentExplorer::endpoint_code(int which, const Playground& pg, std::vector<float>& pixels) const {
  if (which >= 0 && test_ && which < test_->size()) {
    pixels.assign(test_->images.col(which).data(), test_->images.col(which).data() + 784);
  } else {
    pixels = pg.clean();
  }
  return code_of(pixels);
}

bool LatentExplorer::set_decode_point(float x, float y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return false;
  decode_x = x, decode_y = y;
  has_decode_point = true;
  return true;
}

bool LatentExplorer::set_traversal(int dim, float value) {
  if (!snapshot_ || dim < 0 || dim >= snapshot_->latent_size() || !std::isfinite(value)) return false;
  if (traversal_code.size() != snapshot_->latent_size()) return false;
  traversal_code(dim) = value;
  traversal_axis = dim;
  axis_chosen_ = true;
  traversal_touched_ = true;
  return true;
}

void LatentExplorer::set_traversal_axis(int dim) {
  if (snapshot_ && dim >= 0 && dim < snapshot_->latent_size()) traversal_axis = dim, axis_chosen_ = true;
}

void LatentExplorer::set_interpolation(int a, int b) {
  interp_a = a;
  interp_b = b;
}

void LatentExplorer::update_outputs(const Playground& pg) {
  if (!snapshot_) return;
  const int d = snapshot_->latent_size();
  const std::string input_key = num(checksum(pg.clean())) + "|" + num(checksum(pg.corrupted()));
  const bool codes_ready = model_space_.codes_ready();
  // The input's code (and the traversal's starting point) follow the input.
  if (input_key != input_key_ || input_code.size() != d) {
    input_key_ = input_key;
    input_code = code_of(pg.clean());
    corrupted_code = code_of(pg.corrupted());
    traversal_code = input_code;
    traversal_touched_ = false;
  }
  std::string key = input_key + "|" + key_ + "|" + std::to_string(codes_ready) + std::to_string(pca_space_.codes_ready()) +
                    std::to_string(pca_space_.done()) + std::to_string(model_space_.done()) + "|" +
                    (has_decode_point ? num(decode_x) + "," + num(decode_y) : "-") + "|" + std::to_string(traversal_axis) +
                    "|" + std::to_string(interp_a) + "," + std::to_string(interp_b) + "|" + std::to_string(pg.test_digit()) +
                    std::to_string(static_cast<int>(pg.source()));
  for (int i = 0; i < d; ++i) key += "," + num(traversal_code(i));
  for (float v : grid_view_) key += ";" + num(v);
  if (key == outputs_key_) return;
  outputs_key_ = key;

  // Slider ranges: the test codes' range per dimension, with a margin (before the codes exist: ±3 around 0).
  traversal_lo.assign(static_cast<size_t>(d), -3.0f);
  traversal_hi.assign(static_cast<size_t>(d), 3.0f);
  if (codes_ready) {
    const ae::Mat& c = model_space_.codes();
    if (!axis_chosen_) {  // the strip starts along the code's most varied dimension (ReLU codes have dead ones)
      ((c.colwise() - c.rowwise().mean()).rowwise().squaredNorm()).maxCoeff(&traversal_axis);
      axis_chosen_ = true;
    }
    for (int i = 0; i < d; ++i) {
      const float lo = c.row(i).minCoeff(), hi = c.row(i).maxCoeff(), m = 0.1f * std::max(hi - lo, 1e-3f);
      traversal_lo[static_cast<size_t>(i)] = lo - m;
      traversal_hi[static_cast<size_t>(i)] = hi + m;
    }
  }

  // Where the input sits on the maps, and what the probes make of it.
  input_on_map = codes_ready;
  if (codes_ready) {
    const ae::Projection2D& pr = model_space_.projection();
    const ae::Vec a = pr.project(input_code), b = pr.project(corrupted_code);
    input_x = a(0), input_y = a(1), corrupted_x = b(0), corrupted_y = b(1);
    prediction = model_space_.predict(input_code);
    corrupted_prediction = model_space_.predict(corrupted_code);
    if (!has_decode_point) set_decode_point(input_x, input_y);
  } else {
    prediction = corrupted_prediction = -1;
  }
  pca_prediction = -1;
  if (pca_space_.codes_ready()) {
    const Eigen::Map<const ae::Mat> x(pg.clean().data(), 784, 1);
    const ae::Vec pc = pca_space_.encode(x).col(0);
    const ae::Vec p2 = pca_space_.projection().project(pc);
    pca_input_x = p2(0), pca_input_y = p2(1);
    pca_prediction = pca_space_.predict(pc);
  }

  // Decode anywhere.
  if (has_decode_point && codes_ready) {
    const ae::Mat img = snapshot_->decode(model_space_.projection().unproject(decode_x, decode_y));
    decoded.assign(img.data(), img.data() + 784);
  }

  // A grid of decoded digits over the visible part of the map (for a 2-D code: the decoder's whole picture of
  // that region of the latent plane; larger codes: of the plotted plane).
  grid_image.clear();
  if (codes_ready) {
    const int side = 28 * kGrid;
    ae::Mat codes(d, kGrid * kGrid);
    for (int r = 0; r < kGrid; ++r)
      for (int c = 0; c < kGrid; ++c) {
        const float x = grid_view_[0] + grid_view_[2] * (2.0f * (c + 0.5f) / kGrid - 1.0f);
        const float y = grid_view_[1] - grid_view_[3] * (2.0f * (r + 0.5f) / kGrid - 1.0f);
        codes.col(r * kGrid + c) = model_space_.projection().unproject(x, y);
      }
    const ae::Mat imgs = snapshot_->decode(codes);
    grid_image.assign(static_cast<size_t>(side * side), 0.0f);
    for (int k = 0; k < kGrid * kGrid; ++k)
      for (int py = 0; py < 28; ++py)
        for (int px = 0; px < 28; ++px)
          grid_image[static_cast<size_t>(((k / kGrid) * 28 + py) * side + (k % kGrid) * 28 + px)] =
              std::clamp(imgs(py * 28 + px, k), 0.0f, 1.0f);
  }

  // Traversal: the edited code, and a strip along one axis.
  {
    const ae::Mat img = snapshot_->decode(traversal_code);
    traversal_image.assign(img.data(), img.data() + 784);
    const int axis = std::clamp(traversal_axis, 0, d - 1);
    ae::Mat codes(d, kStripSteps);
    traversal_values.resize(kStripSteps);
    for (int k = 0; k < kStripSteps; ++k) {
      const float t = static_cast<float>(k) / (kStripSteps - 1);
      codes.col(k) = traversal_code;
      codes(axis, k) = traversal_lo[static_cast<size_t>(axis)] +
                       t * (traversal_hi[static_cast<size_t>(axis)] - traversal_lo[static_cast<size_t>(axis)]);
      traversal_values[static_cast<size_t>(k)] = codes(axis, k);
    }
    traversal_strip = strip_of(snapshot_->decode(codes));
  }

  // Interpolation between two codes, and the pixel blend for contrast.
  {
    std::vector<float> pa, pb;
    const ae::Vec a = endpoint_code(interp_a, pg, pa), b = endpoint_code(interp_b, pg, pb);
    lerp_strip = strip_of(snapshot_->decode(ae::interpolate(a, b, kStripSteps, false)));
    slerp_strip = strip_of(snapshot_->decode(ae::interpolate(a, b, kStripSteps, true)));
    const Eigen::Map<const ae::Vec> xa(pa.data(), 784), xb(pb.data(), 784);
    ae::Mat blend(784, kStripSteps);
    for (int k = 0; k < kStripSteps; ++k) blend.col(k) = ae::lerp(xa, xb, static_cast<float>(k) / (kStripSteps - 1));
    pixel_strip = strip_of(blend);
  }

  // Nearest neighbours of the input's code among the test digits (the input itself left out).
  neighbours.clear();
  neighbour_strip.clear();
  if (codes_ready) {
    const int skip = pg.source() == InputSource::TestDigit ? pg.test_digit() : -1;
    neighbours = ae::nearest(model_space_.codes(), input_code, kNeighbours, skip);
    ae::Mat imgs(784, static_cast<ae::Index>(neighbours.size()));
    for (size_t i = 0; i < neighbours.size(); ++i) imgs.col(static_cast<ae::Index>(i)) = test_->images.col(neighbours[i]);
    if (!neighbours.empty()) neighbour_strip = strip_of(imgs);
  }
}

// --- the panel (ImGui) ---------------------------------------------------------------------------------------

namespace {

const ImVec4 kMuted(0.65f, 0.65f, 0.7f, 1.0f);
const ImU32 kMapBackground = IM_COL32(16, 18, 24, 255);
const ImU32 kMapBorder = IM_COL32(70, 72, 84, 255);

struct PanelGraphics {
  bool initialised = false;
  PointRenderer model_points, pca_points;
  long model_version = -1;
  bool pca_uploaded = false;
  MapView model_view, pca_view;
  ImageView decoded, traversal, traversal_strip, lerp, slerp, pixel, neighbours, grid;
  int open_request = -1;  // from the JS API: 1 open, 0 close
  bool scroll_request = false;
};

PanelGraphics& graphics() {
  static PanelGraphics g;
  return g;
}

// A view that shows the middle 99% of the points with a margin, square in data units.
MapView fit_view(const ae::Mat& points) {
  MapView v;
  if (points.cols() == 0) return v;
  float lo[2], hi[2];
  for (int r = 0; r < 2; ++r) {
    std::vector<float> xs(static_cast<size_t>(points.cols()));
    for (ae::Index j = 0; j < points.cols(); ++j) xs[static_cast<size_t>(j)] = points(r, j);
    std::sort(xs.begin(), xs.end());
    lo[r] = xs[xs.size() / 200];
    hi[r] = xs[xs.size() - 1 - xs.size() / 200];
  }
  v.cx = 0.5f * (lo[0] + hi[0]);
  v.cy = 0.5f * (lo[1] + hi[1]);
  const float half = 0.55f * std::max({hi[0] - lo[0], hi[1] - lo[1], 1e-3f});
  v.hx = v.hy = half;
  return v;
}

void upload(PointRenderer& r, const ae::CodeSpace& space, const ae::Dataset& test) {
  const ae::Mat& pts = space.points();
  r.set_points(pts.data(), test.labels.data(), static_cast<int>(pts.cols()));
}

void marker(ImDrawList* dl, ImVec2 at, ImU32 colour, bool square) {
  if (square) {
    dl->AddRect(ImVec2(at.x - 6, at.y - 6), ImVec2(at.x + 6, at.y + 6), IM_COL32(0, 0, 0, 255), 0, 0, 4.0f);
    dl->AddRect(ImVec2(at.x - 6, at.y - 6), ImVec2(at.x + 6, at.y + 6), colour, 0, 0, 2.0f);
  } else {
    dl->AddCircle(at, 7.0f, IM_COL32(0, 0, 0, 255), 20, 4.0f);
    dl->AddCircle(at, 7.0f, colour, 20, 2.0f);
  }
}

// One map: the GPU scatter, pan (right/middle drag), zoom (wheel), and for the model's map decode-anywhere
// (left click or drag). Returns true while the left button decodes.
bool map_widget(const char* id, PointRenderer& points, MapView& view, ImVec2 size, float ratio, ScreenRect& rect,
                float* decode_x, float* decode_y) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float point_px = std::clamp(size.x / 110.0f, 2.5f, 5.0f);
  points.show(size, ratio, view, point_px, kMapBackground);
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton(id, size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
  ImGui::SetItemUsingMouseWheel();
  rect = {origin.x, origin.y, size.x, size.y};
  bool decoding = false;
  if (ImGui::IsItemActive()) {
    if (decode_x && io.MouseDown[0]) {
      *decode_x = view.to_x(io.MousePos.x, origin, size);
      *decode_y = view.to_y(io.MousePos.y, origin, size);
      decoding = true;
    }
    if (io.MouseDown[1] || io.MouseDown[2]) {  // pan
      view.cx -= io.MouseDelta.x / size.x * 2 * view.hx;
      view.cy += io.MouseDelta.y / size.y * 2 * view.hy;
    }
  }
  if (ImGui::IsItemHovered() && io.MouseWheel != 0) {  // zoom about the pointer
    const float f = std::pow(0.85f, io.MouseWheel);
    const float mx = view.to_x(io.MousePos.x, origin, size), my = view.to_y(io.MousePos.y, origin, size);
    view.cx = mx + (view.cx - mx) * f;
    view.cy = my + (view.cy - my) * f;
    view.hx *= f;
    view.hy *= f;
  }
  ImGui::GetWindowDrawList()->AddRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), kMapBorder);
  return decoding;
}

void legend() {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int digit = 0; digit < 10; ++digit) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float s = ImGui::GetTextLineHeight() * 0.8f;
    dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + s, p.y + 2 + s), digit_colour(digit));
    ImGui::Dummy(ImVec2(s + 2, s));
    ImGui::SameLine(0, 2);
    ImGui::Text("%d", digit);
    if (digit < 9) ImGui::SameLine(0, 10);
  }
}

void strip(ImageView& view, const std::vector<float>& pixels, int n, float cell, float ratio, const UiState& ui) {
  if (pixels.empty() || n == 0) {
    ImGui::Dummy(ImVec2(cell * static_cast<float>(std::max(n, 1)), cell));
    return;
  }
  view.set_pixels(pixels.data(), 28 * n, 28);
  view.show(ui.renderer, ImVec2(cell * static_cast<float>(n), cell), ratio, {ColorMap::Grey, 0.0f, 1.0f});
}

const char* percent(double v, char* buf, size_t n) {
  if (v < 0) std::snprintf(buf, n, "...");
  else std::snprintf(buf, n, "%.1f%%", 100 * v);
  return buf;
}

}  // namespace

void request_latent_panel(bool open) {
  graphics().open_request = open ? 1 : 0;
  graphics().scroll_request = open;
  latent_explorer().active = open;
}

void latent_panel(Playground& pg, UiState& ui, const Platform& p, float width) {
  LatentExplorer& ex = latent_explorer();
  PanelGraphics& g = graphics();
  if (g.open_request >= 0) {
    ImGui::SetNextItemOpen(g.open_request == 1);
    g.open_request = -1;
  }
  ImGui::Spacing();
  const bool open = ImGui::CollapsingHeader("Latent space: what the autoencoder learned");
  if (g.scroll_request && open) {
    ImGui::SetScrollHereY(0.0f);
    g.scroll_request = false;
  }
  ex.active = open;
  if (!open) return;

  if (!g.initialised) {
    g.initialised = true;
    std::string error;
    if (!g.model_points.init(p.glsl_version, error) || !g.pca_points.init(p.glsl_version, error))
      pg.notify("Cannot draw the latent map: " + error, true);
  }
  // Bounded work per frame, in proportion to the frame time (where drawing is slow, e.g. software WebGL, a
  // fixed slice would take minutes), and less while training shares the frame.
  const bool training = pg.training.state() == TrainState::Running;
  const double budget_ms = training ? std::clamp(0.15 * ui.frame_ms, 3.0, 12.0) : std::clamp(0.25 * ui.frame_ms, 6.0, 30.0);
  ex.tick(pg, Clock::now() + std::chrono::microseconds(static_cast<long>(budget_ms * 1000)));
  ex.update_outputs(pg);

  if (!ex.model()) {
    ImGui::TextColored(kMuted, pg.test_set().size() == 0 ? "waiting for the MNIST test set..." : "no model yet");
    return;
  }
  const ae::CodeSpace& ms = ex.model_space();
  const ae::CodeSpace& ps = ex.pca_space();
  const int d = ex.latent_size();
  if (ms.codes_ready() && g.model_version != ex.epoch_version) {
    upload(g.model_points, ms, *ex.test());
    g.model_view = fit_view(ms.points());
    g.model_version = ex.epoch_version;
    g.pca_uploaded = false;
  }
  if (!ms.codes_ready() && g.model_version != ex.epoch_version) g.model_points.set_points(nullptr, nullptr, 0);
  if (ps.codes_ready() && !g.pca_uploaded) {
    upload(g.pca_points, ps, *ex.test());
    g.pca_view = fit_view(ps.points());
    g.pca_uploaded = true;
  }

  // Status and the probe.
  const int n = ex.test_count();
  if (!ms.done() || !ps.done()) {
    ImGui::ProgressBar(static_cast<float>(0.5 * ms.progress() + 0.5 * ps.progress()), ImVec2(std::min(width, 360.0f), 0),
                       ms.codes_ready() ? "probing..." : "encoding the test digits...");
  }
  ImGui::TextColored(kMuted, "%d MNIST test digits, %d-D codes of %s; map: %s", n, d, ex.model_label.c_str(),
                     d <= 2 ? "the codes themselves" : "PCA-2 of the codes (decoding follows the plotted plane)");
  char a[16], b[16], c[16], e[16];
  ImGui::Text("classifier probe (fit on test digits 0-%d, scored on %d-%d):", n / 2 - 1, n / 2, n - 1);
  ImGui::Text("  codes: k-NN %s, linear %s      PCA-%d of pixels: k-NN %s, linear %s", percent(ms.probe().knn, a, 16),
              percent(ms.probe().linear, b, 16), d, percent(ps.probe().knn, c, 16), percent(ps.probe().linear, e, 16));
  if (ex.prediction >= 0) {
    ImGui::Text("the input looks like a");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(digit_colour(ex.prediction)), "%d", ex.prediction);
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "(corrupted: %d, PCA: %s; k-NN on the codes)", ex.corrupted_prediction,
                       ex.pca_prediction >= 0 ? std::to_string(ex.pca_prediction).c_str() : "...");
  }

  // The two maps and the decoded point.
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float cell = 112.0f;
  const float side = std::floor(std::clamp((width - 2 * spacing - cell) / 2.0f, 140.0f, 380.0f));
  ImGui::BeginGroup();
  ImGui::TextUnformatted(d <= 2 ? "this model's 2-D codes" : "this model's codes, PCA-2");
  float dx = ex.decode_x, dy = ex.decode_y;
  if (map_widget("##latentmap", g.model_points, g.model_view, ImVec2(side, side), p.pixel_ratio, ex.map_rect, &dx, &dy))
    ex.set_decode_point(dx, dy);
  {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o(ex.map_rect.x, ex.map_rect.y), s(side, side);
    dl->PushClipRect(o, ImVec2(o.x + s.x, o.y + s.y), true);
    if (ex.input_on_map) {
      marker(dl, g.model_view.to_screen(ex.corrupted_x, ex.corrupted_y, o, s), IM_COL32(255, 200, 60, 255), true);
      marker(dl, g.model_view.to_screen(ex.input_x, ex.input_y, o, s), IM_COL32(255, 255, 255, 255), false);
    }
    if (ex.has_decode_point) {
      const ImVec2 q = g.model_view.to_screen(ex.decode_x, ex.decode_y, o, s);
      dl->AddLine(ImVec2(q.x - 9, q.y), ImVec2(q.x + 9, q.y), IM_COL32(255, 80, 80, 255), 2.0f);
      dl->AddLine(ImVec2(q.x, q.y - 9), ImVec2(q.x, q.y + 9), IM_COL32(255, 80, 80, 255), 2.0f);
    }
    if (!ms.codes_ready()) dl->AddText(ImVec2(o.x + 8, o.y + 8), IM_COL32(150, 150, 170, 255), "encoding...");
    dl->PopClipRect();
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextUnformatted("PCA-2 of the pixels");
  map_widget("##pcamap", g.pca_points, g.pca_view, ImVec2(side, side), p.pixel_ratio, ex.pca_rect, nullptr, nullptr);
  if (ps.codes_ready()) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o(ex.pca_rect.x, ex.pca_rect.y), s(side, side);
    dl->PushClipRect(o, ImVec2(o.x + s.x, o.y + s.y), true);
    marker(dl, g.pca_view.to_screen(ex.pca_input_x, ex.pca_input_y, o, s), IM_COL32(255, 255, 255, 255), false);
    dl->PopClipRect();
  } else {
    ImGui::GetWindowDrawList()->AddText(ImVec2(ex.pca_rect.x + 8, ex.pca_rect.y + 8), IM_COL32(150, 150, 170, 255),
                                        ex.pca_ready() ? "projecting..." : "fitting PCA...");
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextUnformatted("decoded");
  const ImVec2 dpos = ImGui::GetCursorScreenPos();
  g.decoded.set_pixels(ex.decoded.data(), 28, 28);
  g.decoded.show(ui.renderer, ImVec2(cell, cell), p.pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
  ex.decoded_rect = {dpos.x, dpos.y, cell, cell};
  ImGui::TextColored(kMuted, "at (%.2f, %.2f)", ex.decode_x, ex.decode_y);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + cell);
  ImGui::TextColored(kMuted, "click or drag on the map to decode any point; right-drag pans, the wheel zooms");
  ImGui::PopTextWrapPos();
  if (ImGui::SmallButton("Reset views")) {
    if (ms.codes_ready()) g.model_view = fit_view(ms.points());
    if (ps.codes_ready()) g.pca_view = fit_view(ps.points());
  }
  ImGui::EndGroup();
  legend();
  ImGui::SameLine(0, 20);
  ImGui::TextColored(kMuted, "o input   [] corrupted input   + decoded point");
  ex.set_grid_view(g.model_view.cx, g.model_view.cy, g.model_view.hx, g.model_view.hy);
  if (!ex.grid_image.empty() && ImGui::TreeNode(d <= 2 ? "Decoded grid over the map's view (the latent plane, 9 x 9)"
                                                        : "Decoded grid over the map's view (the plotted plane, 9 x 9)")) {
    const int gs = 28 * LatentExplorer::kGrid;
    g.grid.set_pixels(ex.grid_image.data(), gs, gs);
    g.grid.show(ui.renderer, ImVec2(side, side), p.pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "pan and zoom the map\nto move the grid");
    ImGui::TreePop();
  }

  // Traversal.
  ImGui::Spacing();
  ImGui::TextUnformatted("Traversal: change one dimension of the input's code");
  ImGui::SameLine();
  if (ImGui::SmallButton("Reset to the input")) ex.traversal_code = ex.input_code;
  const float strip_cell = std::floor(std::clamp((width - cell - 2 * spacing) / LatentExplorer::kStripSteps, 36.0f, 64.0f));
  ImGui::BeginGroup();
  const int columns = d <= 4 ? d : 4;
  const float slider_w = std::floor((width - cell - 3 * spacing) / columns - 40.0f);
  bool first = true;
  if (ImGui::BeginChild("##traversal", ImVec2(width - cell - 2 * spacing, std::min(8, (d + columns - 1) / columns) *
                                                                              ImGui::GetFrameHeightWithSpacing() + 4))) {
    for (int i = 0; i < d && ex.traversal_code.size() == d; ++i) {
      if (i % columns) ImGui::SameLine();
      ImGui::PushID(i);
      ImGui::SetNextItemWidth(std::max(60.0f, slider_w));
      float v = ex.traversal_code(i);
      char label[16];
      std::snprintf(label, sizeof label, "z%d", i);
      if (ImGui::SliderFloat(label, &v, ex.traversal_lo[static_cast<size_t>(i)], ex.traversal_hi[static_cast<size_t>(i)], "%.2f"))
        ex.set_traversal(i, v);
      if (ImGui::IsItemActivated()) ex.set_traversal_axis(i);
      if (first) {
        const ImVec2 mn = ImGui::GetItemRectMin();
        ex.slider_rect = {mn.x, mn.y, std::max(60.0f, slider_w), ImGui::GetItemRectSize().y};
        first = false;
      }
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  ImGui::TextColored(kMuted, "along z%d from %.2f to %.2f:", ex.traversal_axis,
                     ex.traversal_values.empty() ? 0.0f : ex.traversal_values.front(),
                     ex.traversal_values.empty() ? 0.0f : ex.traversal_values.back());
  strip(g.traversal_strip, ex.traversal_strip, LatentExplorer::kStripSteps, strip_cell, p.pixel_ratio, ui);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  g.traversal.set_pixels(ex.traversal_image.data(), 28, 28);
  g.traversal.show(ui.renderer, ImVec2(cell, cell), p.pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
  ImGui::TextColored(kMuted, "edited code, decoded");
  ImGui::EndGroup();

  // Interpolation.
  ImGui::Spacing();
  ImGui::TextUnformatted("Interpolation between two digits");
  ImGui::SetNextItemWidth(110);
  int a_idx = ex.interp_a;
  if (ImGui::InputInt("from (-1: the input)", &a_idx)) ex.set_interpolation(std::clamp(a_idx, -1, n - 1), ex.interp_b);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  int b_idx = ex.interp_b;
  if (ImGui::InputInt("to test digit", &b_idx)) ex.set_interpolation(ex.interp_a, std::clamp(b_idx, -1, n - 1));
  ImGui::SameLine();
  if (ImGui::SmallButton("Random")) ex.set_interpolation(ex.interp_a, static_cast<int>(ImGui::GetFrameCount() * 7919L % std::max(n, 1)));
  const float label_w = 150.0f;
  auto row = [&](const char* label, ImageView& view, const std::vector<float>& pixels) {
    ImGui::TextColored(kMuted, "%s", label);
    ImGui::SameLine(label_w);
    strip(view, pixels, LatentExplorer::kStripSteps, strip_cell, p.pixel_ratio, ui);
  };
  row("decoded, linear", g.lerp, ex.lerp_strip);
  row("decoded, spherical", g.slerp, ex.slerp_strip);
  row("pixel blend", g.pixel, ex.pixel_strip);

  // Nearest neighbours.
  ImGui::Spacing();
  ImGui::TextUnformatted("Nearest test digits to the input's code");
  if (!ex.neighbours.empty()) {
    strip(g.neighbours, ex.neighbour_strip, static_cast<int>(ex.neighbours.size()), strip_cell, p.pixel_ratio, ui);
    std::string labels = "labels:";
    for (int i : ex.neighbours) labels += " " + std::to_string(ex.test()->labels[static_cast<size_t>(i)]);
    ImGui::TextColored(kMuted, "%s", labels.c_str());
  }
}

}  // namespace aeplay
