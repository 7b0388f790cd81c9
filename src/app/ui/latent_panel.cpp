// "Latent space: what the autoencoder learned": the explorer's (core/latent_explorer.h) results, made
// touchable. This file: the panel's frame (open requests, GL set-up, the compute budget), the status and the
// probe, the two maps and the decoded point. latent_sections.cpp: the grid, traversal, interpolation, neighbours.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "ui/latent_map.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
using Clock = std::chrono::steady_clock;
constexpr float kCell = 112.0f;  // the decoded digit's size

bool panel_header(PanelContext& c) {
  LatentPanelState& s = c.ui.latent;
  if (s.open_request) {
    ImGui::SetNextItemOpen(*s.open_request);
    s.open_request.reset();
  }
  ImGui::Spacing();
  const bool open = ImGui::CollapsingHeader("Latent space: what the autoencoder learned");
  if (s.scroll_request && open) {
    ImGui::SetScrollHereY(0.0f);
    s.scroll_request = false;
  }
  c.latent.set_active(open);
  return open;
}

// Bounded work per frame, in proportion to the frame time (where drawing is slow, e.g. software WebGL, a fixed
// slice would take minutes), and less while training shares the frame. At most 16 ms: with the frame itself a
// task stays under 50 ms (PerformanceObserver "longtask"), the page answers at once.
void compute(PanelContext& c) {
  const bool training = c.pg.training().state() == TrainState::Running;
  const double frame_ms = c.ui.frame_ms;
  const double budget_ms = training ? std::clamp(0.15 * frame_ms, 3.0, 12.0) : std::clamp(0.25 * frame_ms, 6.0, 16.0);
  const Clock::time_point deadline = Clock::now() + std::chrono::microseconds(static_cast<long>(budget_ms * 1000));
  // The pictures first (what the last tick finished), then the tick in what is left of the budget: a stage's
  // end rebuilds them all (~30 ms in wasm), and a full tick after that made a task over 50 ms. A tick waits
  // one frame at most, so the map goes on while every frame rebuilds the pictures (someone drawing).
  c.latent.update_outputs(c.pg);
  LatentPanelState& s = c.ui.latent;
  s.tick_waited = Clock::now() >= deadline && !s.tick_waited;
  if (!s.tick_waited) c.latent.tick(c.pg, deadline);
}

void upload_points(LatentPanelState& s, const LatentExplorer& ex) {
  const ae::CodeSpace& ms = ex.model_space();
  const ae::CodeSpace& ps = ex.pca_space();
  if (s.uploaded_snapshot != ex.snapshot_version()) {
    if (ms.codes_ready()) {
      s.model_points.set_points(ms.points().data(), ex.test()->labels.data(), static_cast<int>(ms.points().cols()));
      s.model_view = fit_view(ms.points());
      s.uploaded_snapshot = ex.snapshot_version();
      s.pca_uploaded = false;
    } else {
      s.model_points.set_points(nullptr, nullptr, 0);
    }
  }
  if (ps.codes_ready() && !s.pca_uploaded) {
    s.pca_points.set_points(ps.points().data(), ex.test()->labels.data(), static_cast<int>(ps.points().cols()));
    s.pca_view = fit_view(ps.points());
    s.pca_uploaded = true;
  }
}

const char* percent(double v, char* buf, size_t n) {
  if (v < 0) std::snprintf(buf, n, "...");
  else std::snprintf(buf, n, "%.1f%%", 100 * v);
  return buf;
}

// The data set's id as Playground names it ("mine" for my set).
std::string dataset_id_of(const ae::ImageSet& test) {
  return test.name == UserSet::kName ? Playground::kUserSetId : test.name;
}

void status_and_probe(const LatentExplorer& ex, const ae::ImageSet& test, float width) {
  const ae::CodeSpace& ms = ex.model_space();
  const ae::CodeSpace& ps = ex.pca_space();
  const int n = ex.test_count(), d = ex.latent_size();
  if (!ms.done() || !ps.done())
    ImGui::ProgressBar(static_cast<float>(0.5 * ms.progress() + 0.5 * ps.progress()), ImVec2(std::min(width, 360.0f), 0),
                       ms.codes_ready() ? "probing..." : "encoding the test digits...");
  ImGui::TextColored(muted(), "%d %s test images, %d-D codes of %s; map: %s", n,
                     Playground::dataset_title(dataset_id_of(test)).c_str(), d, ex.model_label().c_str(),
                     d <= 2 ? "the codes themselves" : "PCA-2 of the codes (decoding follows the plotted plane)");
  char a[16], b[16], c[16], e[16];
  ImGui::Text("classifier probe (fit on test images 0-%d, scored on %d-%d):", n / 2 - 1, n / 2, n - 1);
  ImGui::Text("  codes: k-NN %s, linear %s      PCA-%d of pixels: k-NN %s, linear %s", percent(ms.probe().knn, a, 16),
              percent(ms.probe().linear, b, 16), d, percent(ps.probe().knn, c, 16), percent(ps.probe().linear, e, 16));
  const LatentOutputs& out = ex.outputs();
  if (out.prediction < 0) return;
  ImGui::Text("the input looks like a");
  ImGui::SameLine();
  const auto& names = test.class_names;
  auto name = [&](int label) {
    return label >= 0 && size_t(label) < names.size() ? names[size_t(label)] : label < 0 ? "..." : std::to_string(label);
  };
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(digit_colour(out.prediction)), "%s", name(out.prediction).c_str());
  ImGui::SameLine();
  ImGui::TextColored(muted(), "(corrupted: %s, PCA: %s; k-NN on the codes)", name(out.corrupted_prediction).c_str(),
                     name(out.pca_prediction).c_str());
}

void model_map(PanelContext& c, float side) {
  LatentPanelState& s = c.ui.latent;
  LatentExplorer& ex = c.latent;
  const LatentOutputs& out = ex.outputs();
  ImGui::BeginGroup();
  ImGui::TextUnformatted(ex.latent_size() <= 2 ? "this model's 2-D codes" : "this model's codes, PCA-2");
  float dx = ex.decode_x(), dy = ex.decode_y();
  if (map_widget("##latentmap", s.model_points, s.model_view, ImVec2(side, side), c.platform.pixel_ratio, s.map_rect,
                 &dx, &dy))
    ex.set_decode_point(dx, dy);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o(s.map_rect.x, s.map_rect.y), size(side, side);
  dl->PushClipRect(o, ImVec2(o.x + size.x, o.y + size.y), true);
  if (out.input_on_map) {
    map_marker(dl, s.model_view.to_screen(out.corrupted_x, out.corrupted_y, o, size), IM_COL32(255, 200, 60, 255), true);
    map_marker(dl, s.model_view.to_screen(out.input_x, out.input_y, o, size), IM_COL32(255, 255, 255, 255), false);
  }
  if (ex.has_decode_point()) {
    const ImVec2 q = s.model_view.to_screen(ex.decode_x(), ex.decode_y(), o, size);
    dl->AddLine(ImVec2(q.x - 9, q.y), ImVec2(q.x + 9, q.y), IM_COL32(255, 80, 80, 255), 2.0f);
    dl->AddLine(ImVec2(q.x, q.y - 9), ImVec2(q.x, q.y + 9), IM_COL32(255, 80, 80, 255), 2.0f);
  }
  if (!ex.model_space().codes_ready()) dl->AddText(ImVec2(o.x + 8, o.y + 8), kHintText, "encoding...");
  dl->PopClipRect();
  ImGui::EndGroup();
}

void pca_map(PanelContext& c, float side) {
  LatentPanelState& s = c.ui.latent;
  const LatentExplorer& ex = c.latent;
  ImGui::BeginGroup();
  ImGui::TextUnformatted("PCA-2 of the pixels");
  map_widget("##pcamap", s.pca_points, s.pca_view, ImVec2(side, side), c.platform.pixel_ratio, s.pca_rect, nullptr,
             nullptr);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o(s.pca_rect.x, s.pca_rect.y), size(side, side);
  if (ex.pca_space().codes_ready()) {
    dl->PushClipRect(o, ImVec2(o.x + size.x, o.y + size.y), true);
    map_marker(dl, s.pca_view.to_screen(ex.outputs().pca_input_x, ex.outputs().pca_input_y, o, size),
               IM_COL32(255, 255, 255, 255), false);
    dl->PopClipRect();
  } else {
    dl->AddText(ImVec2(o.x + 8, o.y + 8), kHintText, ex.pca_ready() ? "projecting..." : "fitting PCA...");
  }
  ImGui::EndGroup();
}

void decoded_point(PanelContext& c) {
  LatentPanelState& s = c.ui.latent;
  const LatentExplorer& ex = c.latent;
  ImGui::BeginGroup();
  ImGui::TextUnformatted("decoded");
  const ImVec2 at = ImGui::GetCursorScreenPos();
  s.decoded.set_pixels(ex.outputs().decoded.data(), kImageSide, kImageSide);
  s.decoded.show(c.ui.renderer, ImVec2(kCell, kCell), c.platform.pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
  s.decoded_rect = {at.x, at.y, kCell, kCell};
  ImGui::TextColored(muted(), "at (%.2f, %.2f)", ex.decode_x(), ex.decode_y());
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + kCell);
  ImGui::TextColored(muted(), "click or drag on the map to decode any point; right-drag pans, the wheel zooms");
  ImGui::PopTextWrapPos();
  if (ImGui::SmallButton("Reset views")) {
    if (ex.model_space().codes_ready()) s.model_view = fit_view(ex.model_space().points());
    if (ex.pca_space().codes_ready()) s.pca_view = fit_view(ex.pca_space().points());
  }
  ImGui::EndGroup();
}
}  // namespace

void latent_panel(PanelContext& c, float width) {
  if (!panel_header(c)) return;
  LatentPanelState& s = c.ui.latent;
  const bool compiling = !s.gl_tried;
  if (compiling) {
    s.gl_tried = true;
    std::string error;
    s.gl_ready = s.model_points.init(c.platform.glsl_version, error) && s.pca_points.init(c.platform.glsl_version, error);
    if (!s.gl_ready) c.pg.notify("Cannot draw the latent map: " + error, true);
  }
  // The shaders' status queries wait for the GPU process: no computing in that frame, so it stays short.
  if (!compiling) compute(c);
  const LatentExplorer& ex = c.latent;
  if (!ex.model()) {
    ImGui::TextColored(muted(), c.pg.test_set().size() == 0 ? "waiting for the test set..." : "no model yet");
    return;
  }
  upload_points(s, ex);
  status_and_probe(ex, c.pg.test_set(), width);

  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float side = std::floor(std::clamp((width - 2 * spacing - kCell) / 2.0f, 140.0f, 380.0f));
  model_map(c, side);
  ImGui::SameLine();
  pca_map(c, side);
  ImGui::SameLine();
  decoded_point(c);
  class_legend(c.pg.test_set().class_names, width);
  ImGui::SameLine(0, 20);
  ImGui::TextColored(muted(), "o input   [] corrupted input   + decoded point");
  c.latent.set_grid_view(s.model_view.cx, s.model_view.cy, s.model_view.hx, s.model_view.hy);
  latent_grid_section(c, side);

  const float strip_cell =
      std::floor(std::clamp((width - kCell - 2 * spacing) / LatentExplorer::kStripSteps, 36.0f, 64.0f));
  latent_traversal_section(c, width, kCell, strip_cell);
  latent_interpolation_section(c, strip_cell);
  latent_neighbours_section(c, strip_cell);
  few_labels_section(c, width);
}

}  // namespace aeplay
