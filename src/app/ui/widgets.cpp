#include "ui/widgets.h"

#include <algorithm>
#include <cmath>

namespace aeplay {

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextUnformatted(title);
  ImGui::Separator();
}

void record_item(std::vector<NamedRect>& to, const char* name) {
  const ImVec2 mn = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
  to.push_back({name, {mn.x, mn.y, size.x, size.y}});
}

void caption_text(std::vector<NamedRect>& texts, const char* name, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, muted());
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
  record_item(texts, name);
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void image_with_caption(ImageView& view, const ImageRenderer& r, float pixel_ratio, const std::vector<float>& pixels,
                        float side, ColorMap cmap, const char* caption, LayoutState& layout, const char* name) {
  ImGui::BeginGroup();
  view.set_pixels(pixels.data(), kImageSide, kImageSide);
  view.show(r, ImVec2(side, side), pixel_ratio, {cmap, 0.0f, 1.0f});
  record_item(layout.views, name);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
  ImGui::TextColored(muted(), "%s", caption);
  ImGui::PopTextWrapPos();
  record_item(layout.texts, (std::string(name) + " caption").c_str());
  ImGui::EndGroup();
}

void show_tiles(ImageView& view, const ImageRenderer& r, float pixel_ratio, const Tiles& t, float width,
                float max_side) {
  if (t.count == 0) return;
  view.set_pixels(t.pixels.data(), t.w, t.h);
  const float scale = std::max(1.0f, std::floor(std::min(width, max_side) / static_cast<float>(std::max(t.w, t.h))));
  view.show(r, ImVec2(t.w * scale, t.h * scale), pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
}

void show_strip(ImageView& view, const ImageRenderer& r, float pixel_ratio, const std::vector<float>& pixels, int n,
                float cell) {
  if (pixels.empty() || n == 0) {
    ImGui::Dummy(ImVec2(cell * static_cast<float>(std::max(n, 1)), cell));
    return;
  }
  view.set_pixels(pixels.data(), kImageSide * n, kImageSide);
  view.show(r, ImVec2(cell * static_cast<float>(n), cell), pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
}

}  // namespace aeplay
