// Widgets the panels repeat, and the theme's colours.
#pragma once
#include <imgui.h>

#include <array>
#include <cstdio>
#include <vector>

#include "core/image.h"
#include "noise.h"
#include "gfx/image_view.h"
#include "ui/theme.h"
#include "ui/ui_state.h"

namespace aeplay {

// Colours of the views (the same in both themes: the digit views, maps and plots stay dark).
inline constexpr ImU32 kCanvasBorder = IM_COL32(90, 90, 110, 255);
inline constexpr ImU32 kHintText = IM_COL32(150, 150, 170, 255);
inline constexpr ImU32 kPlotBackground = IM_COL32(28, 28, 36, 255);
inline constexpr ImU32 kMapBackground = IM_COL32(16, 18, 24, 255);
inline constexpr ImU32 kMapBorder = IM_COL32(70, 72, 84, 255);
inline constexpr ImU32 kEraserTint = IM_COL32(230, 60, 60, 150);  // the eraser's hidden pixels on the canvas

// The noise kinds' labels as the combos show them, in NoiseKind order, taken from ae::kNoiseKinds. The Train
// form offers the first ae::kPixelNoiseKindCount; the degradations after them have their own controls.
inline constexpr auto kNoiseLabels = [] {
  std::array<const char*, ae::kNoiseKindCount> labels{};
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = ae::kNoiseKinds[i].label;
  return labels;
}();

void section(const char* title);       // a heading with a rule under it
// The last item's rectangle (or the last group's, after EndGroup), appended to `to` under `name`.
void record_item(std::vector<NamedRect>& to, const char* name);
// Muted text wrapped at the available width, recorded as a text rectangle.
void caption_text(std::vector<NamedRect>& texts, const char* name, const char* text);
void help_marker(const char* text);    // "(?)" with a tooltip, on the same line

// A combo over a fixed list of numbers; *index selects one. `format` shows a value (e.g. "%d images").
template <size_t N>
bool int_combo(const char* label, int* index, const std::array<int, N>& values, const char* format = "%d") {
  char shown[32];
  std::snprintf(shown, sizeof shown, format, values[static_cast<size_t>(*index)]);
  bool changed = false;
  if (ImGui::BeginCombo(label, shown)) {
    for (size_t i = 0; i < N; ++i) {
      std::snprintf(shown, sizeof shown, format, values[i]);
      if (ImGui::Selectable(shown, static_cast<int>(i) == *index)) *index = static_cast<int>(i), changed = true;
    }
    ImGui::EndCombo();
  }
  return changed;
}

// A 28x28 image at `side` CSS pixels with a caption under it; recorded in `layout` as view `name` + its caption.
void image_with_caption(ImageView& view, const ImageRenderer& r, float pixel_ratio, const std::vector<float>& pixels,
                        float side, ColorMap cmap, const char* caption, LayoutState& layout, const char* name);
// Tiles at a whole number of CSS pixels per texel, fitting min(width, max_side).
void show_tiles(ImageView& view, const ImageRenderer& r, float pixel_ratio, const Tiles& t, float width,
                float max_side);
// A strip of n digits (kImageSide x kImageSide n pixels) at `cell` CSS pixels per digit; a gap when empty.
void show_strip(ImageView& view, const ImageRenderer& r, float pixel_ratio, const std::vector<float>& pixels, int n,
                float cell);

}  // namespace aeplay
