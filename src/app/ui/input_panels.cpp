// The input side: notices, the lesson's caption, 1 "Draw a digit" and 2 "Corrupt it" (whole, or as the
// pieces the strip and stack layouts arrange).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/lessons.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
// Strokes: start on a press over the canvas, follow the pointer until release (even outside it).
void canvas_strokes(Playground& pg, DrawPanelState& s, ImVec2 origin, float side) {
  const ImGuiIO& io = ImGui::GetIO();
  const float x = (io.MousePos.x - origin.x) / side, y = (io.MousePos.y - origin.y) / side;
  if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    pg.begin_stroke(x, y);
    s.stroke_active = true;
  } else if (s.stroke_active && io.MouseDown[0]) {
    pg.extend_stroke(x, y);
  } else if (s.stroke_active) {
    pg.end_stroke();
    s.stroke_active = false;
  }
}
// The eraser's mask over the canvas: the hidden pixels tinted, so the hole is seen where it is.
void eraser_overlay(const EraserMask& eraser, ImVec2 origin, float side) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cell = side / kImageSide;
  for (int y = 0; y < kImageSide; ++y)
    for (int x = 0; x < kImageSide; ++x)
      if (eraser.mask()[static_cast<size_t>(y) * kImageSide + x] != 0.0f)
        dl->AddRectFilled(ImVec2(origin.x + x * cell, origin.y + y * cell),
                          ImVec2(origin.x + (x + 1) * cell, origin.y + (y + 1) * cell), kEraserTint);
}
}  // namespace

void notices_bar(PanelContext& c) {
  for (size_t i = 0; i < c.pg.notices().size(); ++i) {
    const Notice& n = c.pg.notices()[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::SmallButton("x")) {
      c.pg.dismiss_notice(i);
      ImGui::PopID();
      break;
    }
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, n.error ? error_colour() : muted());
    ImGui::TextWrapped("%s", n.text.c_str());
    ImGui::PopStyleColor();
    record_item(c.ui.layout.texts, "notice");
    ImGui::PopID();
  }
}

void lesson_caption(PanelContext& c) {
  const Lesson* lesson = find_lesson(c.ui.page.lesson);
  if (!lesson) return;
  ImGui::TextUnformatted(lesson->title);
  record_item(c.ui.layout.texts, "lesson title");
  caption_text(c.ui.layout.texts, "lesson", lesson->caption);
}

void input_canvas(PanelContext& c, float side) {
  Playground& pg = c.pg;
  DrawPanelState& s = c.ui.draw;
  side = std::floor(side);
  // The canvas shows the ink while drawing, and the MNIST digit itself while a test digit is the input;
  // with the eraser, the 28x28 input itself, so what is painted lands on the pixels it hides.
  const bool erasing = pg.tool() == Tool::Eraser;
  const bool showing_digit = pg.source() != InputSource::Drawing || erasing;
  if (showing_digit) {
    s.canvas.set_pixels(pg.clean().data(), kImageSide, kImageSide);  // 784 floats: cheap to upload every frame
    s.canvas_version = -1;
  } else if (s.canvas_version != pg.drawing().version()) {
    s.canvas.set_pixels(pg.drawing().ink().data(), Drawing::kSize, Drawing::kSize);
    s.canvas_version = pg.drawing().version();
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  s.canvas.show(c.ui.renderer, ImVec2(side, side), c.platform.pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
  record_item(c.ui.layout.views, "canvas");
  ImGui::GetWindowDrawList()->AddRect(origin, ImVec2(origin.x + side, origin.y + side), kCanvasBorder);
  if (erasing) eraser_overlay(pg.eraser(), origin, side);
  const char* replace = pg.dataset() == "mnist" ? "draw here to replace this MNIST digit" : "draw here to replace this image";
  const char* hint = erasing ? (pg.eraser().hidden_pixels() ? nullptr : "paint what the model must fill in")
                     : showing_digit ? replace
                     : pg.drawing().empty() ? "draw a digit here (mouse or finger)" : nullptr;
  if (hint && ImGui::CalcTextSize(hint).x + 16 > side) hint = "draw here";  // the long hint must not cross the frame
  if (hint) ImGui::GetWindowDrawList()->AddText(ImVec2(origin.x + 8, origin.y + 6), kHintText, hint);
  if (!host::page_draws_strokes()) canvas_strokes(pg, s, origin, side);
}

void input_buttons(PanelContext& c) {
  Playground& pg = c.pg;
  ImGui::BeginGroup();
  if (ImGui::Button("Clear")) pg.clear_drawing();
  record_item(c.ui.layout.views, "button clear");
  ImGui::SameLine();
  if (ImGui::Button("Undo")) pg.undo_stroke();
  record_item(c.ui.layout.views, "button undo");
  ImGui::SameLine();
  random_digit_button(c, "Random test digit");
  ImGui::EndGroup();
  record_item(c.ui.layout.views, "input buttons");
}

void random_digit_button(PanelContext& c, const char* label) {
  if (ImGui::Button(label) && c.pg.random_test_digit() < 0) c.pg.notify("The MNIST test set is still loading.");
  record_item(c.ui.layout.views, "button random");
}

void input_caption(PanelContext& c) {
  const Playground& pg = c.pg;
  char text[160];
  if (pg.source() == InputSource::TestDigit && pg.test_set().size() > 0 && pg.dataset() == "mnist") {
    std::snprintf(text, sizeof text, "input: MNIST test digit #%d (label %d)", pg.test_digit(), pg.test_label());
  } else if (pg.source() == InputSource::TestDigit && pg.test_set().size() > 0) {
    const auto& names = pg.test_set().class_names;
    const int label = pg.test_label();
    std::snprintf(text, sizeof text, "input: %s image #%d (%s)", Playground::dataset_title(pg.dataset()).c_str(),
                  pg.test_digit(), label >= 0 && size_t(label) < names.size() ? names[size_t(label)].c_str() : "?");
  } else if (pg.source() == InputSource::Image) {
    std::snprintf(text, sizeof text, "input: an image the page set (aeplay.setInput)");
  } else {
    std::snprintf(text, sizeof text, "input: your drawing, cropped, scaled to 20x20, centred by mass");
  }
  caption_text(c.ui.layout.texts, "input caption", text);
}

// Pen or eraser; the eraser's mask is hidden from the model on top of the noise (inpainting by hand).
void eraser_controls(PanelContext& c) {
  Playground& pg = c.pg;
  bool erasing = pg.tool() == Tool::Eraser;
  if (ImGui::Checkbox("eraser", &erasing)) pg.set_tool(erasing ? Tool::Eraser : Tool::Pen);
  record_item(c.ui.layout.views, "eraser");
  help_marker("With the eraser, strokes paint a mask on the input instead of ink: the painted pixels are hidden "
              "from the model (zero in the corrupted view), so it must fill them in. Try the inpainting model.");
  if (pg.eraser().hidden_pixels() == 0) return;
  ImGui::SameLine();
  if (ImGui::Button("Clear mask")) pg.clear_eraser();
  record_item(c.ui.layout.views, "button clear mask");
  ImGui::SameLine();
  ImGui::TextColored(muted(), "%d pixels hidden", pg.eraser().hidden_pixels());
}

void draw_panel(PanelContext& c, float width) {
  section("1  Draw a digit");
  input_canvas(c, std::min(width, 320.0f));
  input_buttons(c);
  eraser_controls(c);
  input_caption(c);
}

namespace {

// What a kind starts at when chosen in the combo: its default level, or the previous pixel noise's level
// (within the new slider's range), so switching between pixel noises keeps the strength.
ae::NoiseSpec starting_spec(ae::NoiseKind kind, float previous_level, bool was_pixel_noise) {
  ae::NoiseSpec n = ae::default_spec(kind);
  if (ae::noise_info(kind).pixel_noise && kind != ae::NoiseKind::None && was_pixel_noise && previous_level > 0)
    n.level = std::min(previous_level, ae::noise_info(kind).slider_max);
  return n;
}

// The second row of the degradations: the hole's side, which half, or the factor and the upsampling.
void degradation_control(ae::NoiseSpec& n) {
  if (n.kind == ae::NoiseKind::Block) {
    int side = static_cast<int>(n.level);
    const ae::NoiseKindInfo& block = ae::noise_info(ae::NoiseKind::Block);
    if (ImGui::SliderInt("side", &side, static_cast<int>(block.min), static_cast<int>(block.slider_max), "%d px"))
      n.level = static_cast<float>(side);
  } else if (n.kind == ae::NoiseKind::Half) {
    static const char* kHalves[] = {"top", "bottom", "left", "right"};
    int half = static_cast<int>(n.level);
    if (ImGui::Combo("half", &half, kHalves, IM_ARRAYSIZE(kHalves))) n.level = static_cast<float>(half);
  } else {
    static const char* kFactors[] = {"14x14, bilinear", "7x7, bilinear", "4x4, bilinear",
                                     "14x14, nearest",  "7x7, nearest",  "4x4, nearest"};
    static const int kFactor[] = {2, 4, 7};
    const int f = n.level == 2 ? 0 : n.level == 4 ? 1 : 2;
    int choice = f + (n.upsample == ae::Upsample::Nearest ? 3 : 0);
    if (ImGui::Combo("factor", &choice, kFactors, IM_ARRAYSIZE(kFactors))) {
      n.level = static_cast<float>(kFactor[choice % 3]);
      n.upsample = choice >= 3 ? ae::Upsample::Nearest : ae::Upsample::Bilinear;
    }
  }
}

}  // namespace

void noise_controls(PanelContext& c, float width) {
  Playground& pg = c.pg;
  ae::NoiseSpec n = pg.noise();
  int kind = static_cast<int>(n.kind);
  const float w = std::clamp(width, 90.0f, 220.0f);
  ImGui::BeginGroup();
  ImGui::SetNextItemWidth(w);
  if (ImGui::Combo("noise", &kind, kNoiseLabels.data(), ae::kNoiseKindCount) && kind != static_cast<int>(n.kind))
    n = starting_spec(static_cast<ae::NoiseKind>(kind), n.level, ae::noise_info(n.kind).pixel_noise);
  if (n.kind != ae::NoiseKind::None) {
    const ae::NoiseKindInfo& info = ae::noise_info(n.kind);
    ImGui::SetNextItemWidth(w);
    if (info.pixel_noise) {
      ImGui::SliderFloat(info.level_name, &n.level, info.min, info.slider_max, "%.2f");
    } else {
      degradation_control(n);
    }
    record_item(c.ui.layout.views, "level slider");
    c.ui.layout.views.back().rect.w = w;  // the slider's track only, without its label
  }
  pg.set_noise(n);
  ImGui::EndGroup();
  record_item(c.ui.layout.views, "noise");
}

void noise_panel(PanelContext& c) {
  section("2  Corrupt it");
  noise_controls(c, ImGui::GetContentRegionAvail().x - 80.0f);
  Playground& pg = c.pg;
  if (ImGui::Button("Re-seed")) pg.set_seed(pg.seed() + 1);
  ImGui::SameLine();
  ImGui::TextColored(muted(), "seed %llu", static_cast<unsigned long long>(pg.seed()));
  help_marker("The same seed gives the same noise pattern, so a link reproduces exactly what you see.");
}

}  // namespace aeplay
