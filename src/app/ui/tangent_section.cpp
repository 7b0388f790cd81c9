// "Inside the model", tangent plane tab: at the current input, the leading tangent directions of the model
// (Playground::tangent_plane: singular vectors of its Jacobian) as 28x28 images with their singular values,
// PCA's components beside them, and a slider that moves the input along one direction and shows what the model
// reconstructs. Computed only while the tab is drawn, cached by (input, model); the pixel PCA is the latent
// panel's (fitted in slices while wanted).
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
constexpr int kTangents = 8;

// Directions (kPixels x k) as a strip of grey images: mid grey = 0, each image scaled to its own largest |value|.
std::vector<float> grey_strip(const ae::Mat& directions) {
  ae::Mat grey(directions.rows(), directions.cols());
  for (ae::Index c = 0; c < directions.cols(); ++c) {
    const float peak = std::max(directions.col(c).cwiseAbs().maxCoeff(), 1e-12f);
    grey.col(c) = (0.5f + 0.5f * directions.col(c).array() / peak).matrix();
  }
  return strip_of(grey).pixels;
}

ScreenRect last_item_rect() {
  const ImVec2 mn = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
  return {mn.x, mn.y, size.x, size.y};
}

// One strip of directions with "s=..." under each image.
void direction_strip(PanelContext& c, ImageView& view, const ae::Tangents& t, float cell, ScreenRect& rect) {
  show_strip(view, c.ui.renderer, c.platform.pixel_ratio, grey_strip(t.directions), t.k(), cell);
  rect = last_item_rect();
  const float x0 = ImGui::GetCursorPosX();
  for (int i = 0; i < t.k(); ++i) {
    if (i > 0) ImGui::SameLine(x0 + cell * static_cast<float>(i));
    ImGui::TextColored(muted(), "s=%.2f", static_cast<double>(t.singular_values(i)));
  }
}

void pca_row(PanelContext& c, float cell, int k) {
  InsidePanelState& s = c.ui.inside;
  c.latent.want_pixel_pca(true);
  c.latent.tick_pixel_pca(c.pg, std::chrono::steady_clock::now() + std::chrono::milliseconds(8));
  const ae::Pca* pca = c.latent.pixel_pca();
  if (!pca) {
    ImGui::TextColored(muted(), "PCA: fitting on half of the test images...");
    return;
  }
  ImGui::TextColored(muted(),
                     "PCA's first %d components, the same at every digit (s = the data's spread along them):", k);
  direction_strip(c, s.pca_tangents, ae::pca_tangents(*pca, k), cell, s.pca_rect);
}

void move_along(PanelContext& c, int k, float cell) {
  InsidePanelState& s = c.ui.inside;
  s.tangent_direction = std::clamp(s.tangent_direction, 1, k);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.4f, 220.0f));
  ImGui::SliderInt("direction", &s.tangent_direction, 1, k);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.6f, 260.0f));
  ImGui::SliderFloat("step along it", &s.tangent_alpha, -6.0f, 6.0f, "%.2f");
  s.alpha_rect = last_item_rect();
  const Playground::MovedInput moved = c.pg.move_along_tangent(s.tangent_direction - 1, s.tangent_alpha);
  if (moved.input.empty()) return;
  std::vector<float> shown = moved.input;  // the model gets x + alpha u as it is; the view clamps to [0, 1]
  for (float& v : shown) v = std::clamp(v, 0.0f, 1.0f);
  const float side = std::max(2.0f * cell, 84.0f);
  show_strip(s.moved, c.ui.renderer, c.platform.pixel_ratio, shown, 1, side);
  ImGui::SameLine();
  show_strip(s.moved_reconstruction, c.ui.renderer, c.platform.pixel_ratio, moved.reconstruction, 1, side);
  s.moved_rect = last_item_rect();
  ImGui::TextColored(muted(), "left: the input moved by %.2f along direction %d; right: what the model reconstructs",
                     static_cast<double>(s.tangent_alpha), s.tangent_direction);
}
void tangent_contents(PanelContext& c, float width);
}  // namespace

void tangent_tab(PanelContext& c, float width) {
  InsidePanelState& s = c.ui.inside;
  s.tangents_drawn = true;
  ImGui::PushTextWrapPos(0.0f);
  tangent_contents(c, width);
  ImGui::PopTextWrapPos();
}

namespace {
void tangent_contents(PanelContext& c, float width) {
  InsidePanelState& s = c.ui.inside;
  ImGui::RadioButton("the decoder at h = f(x)", &s.tangent_of, 0);
  ImGui::SameLine();
  ImGui::RadioButton("the whole map r(x)", &s.tangent_of, 1);
  const TangentPlane& tp = c.pg.tangent_plane(kTangents, s.tangent_of == 1);
  if (!tp.valid) {
    ImGui::TextColored(muted(), "%s", tp.why.c_str());
    return;
  }
  const int k = tp.tangents.k();
  const float cell = std::clamp(std::floor((width - 8.0f) / static_cast<float>(kTangents)), 40.0f, 72.0f);
  ImGui::TextColored(muted(),
                     "The model's %d leading tangent directions at this input (%.1f ms). Grey: no change; "
                     "light and dark: the pixels that change most, with opposite signs.",
                     k, tp.ms);
  direction_strip(c, s.tangents, tp.tangents, cell, s.tangents_rect);
  ImGui::Spacing();
  pca_row(c, cell, k);
  ImGui::Spacing();
  move_along(c, k, cell);
}

}  // namespace

}  // namespace aeplay
