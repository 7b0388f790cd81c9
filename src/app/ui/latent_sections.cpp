// The latent panel's lower sections: the decoded grid over the map's view, traversal, interpolation and the
// nearest neighbours.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "ui/latent_map.h"
#include "ui/widgets.h"

namespace aeplay {

void latent_grid_section(PanelContext& c, float side) {
  const LatentExplorer& ex = c.latent;
  if (ex.outputs().grid_image.empty()) return;
  if (!ImGui::TreeNode(ex.latent_size() <= 2 ? "Decoded grid over the map's view (the latent plane, 9 x 9)"
                                             : "Decoded grid over the map's view (the plotted plane, 9 x 9)"))
    return;
  const int gs = kImageSide * LatentExplorer::kGrid;
  c.ui.latent.grid.set_pixels(ex.outputs().grid_image.data(), gs, gs);
  c.ui.latent.grid.show(c.ui.renderer, ImVec2(side, side), c.platform.pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
  ImGui::SameLine();
  ImGui::TextColored(muted(), "pan and zoom the map\nto move the grid");
  ImGui::TreePop();
}

namespace {
// One slider per code dimension, `columns` to a row; the first one's rectangle is reported to the JS API.
void traversal_sliders(PanelContext& c, float width, float cell) {
  LatentExplorer& ex = c.latent;
  const LatentOutputs& out = ex.outputs();
  const int d = ex.latent_size();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const int columns = d <= 4 ? d : 4;
  const float slider_w = std::max(60.0f, std::floor((width - cell - 3 * spacing) / columns - 40.0f));
  const float rows_h = std::min(8, (d + columns - 1) / columns) * ImGui::GetFrameHeightWithSpacing() + 4;
  if (ImGui::BeginChild("##traversal", ImVec2(width - cell - 2 * spacing, rows_h))) {
    for (int i = 0; i < d && ex.traversal_code().size() == d && out.traversal_lo.size() == static_cast<size_t>(d); ++i) {
      if (i % columns) ImGui::SameLine();
      ImGui::PushID(i);
      ImGui::SetNextItemWidth(slider_w);
      float v = ex.traversal_code()(i);
      char label[16];
      std::snprintf(label, sizeof label, "z%d", i);
      if (ImGui::SliderFloat(label, &v, out.traversal_lo[static_cast<size_t>(i)], out.traversal_hi[static_cast<size_t>(i)],
                             "%.2f"))
        ex.set_traversal(i, v);
      if (ImGui::IsItemActivated()) ex.set_traversal_axis(i);
      if (i == 0) {
        const ImVec2 mn = ImGui::GetItemRectMin();
        c.ui.latent.slider_rect = {mn.x, mn.y, slider_w, ImGui::GetItemRectSize().y};
      }
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
}
}  // namespace

void latent_traversal_section(PanelContext& c, float width, float cell, float strip_cell) {
  LatentExplorer& ex = c.latent;
  const LatentOutputs& out = ex.outputs();
  const float ratio = c.platform.pixel_ratio;
  ImGui::Spacing();
  ImGui::TextUnformatted("Traversal: change one dimension of the input's code");
  ImGui::SameLine();
  if (ImGui::SmallButton("Reset to the input")) ex.reset_traversal();
  ImGui::BeginGroup();
  traversal_sliders(c, width, cell);
  ImGui::TextColored(muted(), "along z%d from %.2f to %.2f:", ex.traversal_axis(),
                     out.traversal_values.empty() ? 0.0f : out.traversal_values.front(),
                     out.traversal_values.empty() ? 0.0f : out.traversal_values.back());
  show_strip(c.ui.latent.traversal_strip, c.ui.renderer, ratio, out.traversal_strip, LatentExplorer::kStripSteps,
             strip_cell);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  c.ui.latent.traversal.set_pixels(out.traversal_image.data(), kImageSide, kImageSide);
  c.ui.latent.traversal.show(c.ui.renderer, ImVec2(cell, cell), ratio, {ColorMap::Grey, 0.0f, 1.0f});
  ImGui::TextColored(muted(), "edited code, decoded");
  ImGui::EndGroup();
}

void latent_interpolation_section(PanelContext& c, float strip_cell) {
  LatentExplorer& ex = c.latent;
  const int n = ex.test_count();
  ImGui::Spacing();
  ImGui::TextUnformatted("Interpolation between two digits");
  ImGui::SetNextItemWidth(110);
  int a = ex.interpolation_from(), b = ex.interpolation_to();
  if (ImGui::InputInt("from (-1: the input)", &a)) ex.set_interpolation(std::clamp(a, -1, n - 1), b);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  if (ImGui::InputInt("to test digit", &b)) ex.set_interpolation(ex.interpolation_from(), std::clamp(b, -1, n - 1));
  ImGui::SameLine();
  if (ImGui::SmallButton("Random"))
    ex.set_interpolation(ex.interpolation_from(), static_cast<int>(ImGui::GetFrameCount() * 7919L % std::max(n, 1)));
  const LatentOutputs& out = ex.outputs();
  auto row = [&](const char* label, ImageView& view, const std::vector<float>& pixels) {
    ImGui::TextColored(muted(), "%s", label);
    ImGui::SameLine(150.0f);
    show_strip(view, c.ui.renderer, c.platform.pixel_ratio, pixels, LatentExplorer::kStripSteps, strip_cell);
  };
  row("decoded, linear", c.ui.latent.lerp, out.lerp_strip);
  row("decoded, spherical", c.ui.latent.slerp, out.slerp_strip);
  row("pixel blend", c.ui.latent.pixel, out.pixel_strip);
}

void latent_neighbours_section(PanelContext& c, float strip_cell) {
  const LatentExplorer& ex = c.latent;
  const LatentOutputs& out = ex.outputs();
  ImGui::Spacing();
  ImGui::TextUnformatted("Nearest test digits to the input's code");
  if (out.neighbours.empty()) return;
  show_strip(c.ui.latent.neighbours, c.ui.renderer, c.platform.pixel_ratio, out.neighbour_strip,
             static_cast<int>(out.neighbours.size()), strip_cell);
  std::string labels = "labels:";
  for (int i : out.neighbours) labels += " " + std::to_string(ex.test()->labels[static_cast<size_t>(i)]);
  ImGui::TextColored(muted(), "%s", labels.c_str());
}

}  // namespace aeplay
