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
  // The canvas shows the ink while drawing, and the MNIST digit itself while a test digit is the input.
  const bool showing_digit = pg.source() == InputSource::TestDigit;
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
  const char* replace = pg.dataset() == "mnist" ? "draw here to replace this MNIST digit" : "draw here to replace this image";
  const char* hint = showing_digit ? replace : pg.drawing().empty() ? "draw a digit here (mouse or finger)" : nullptr;
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
  } else {
    std::snprintf(text, sizeof text, "input: your drawing, cropped, scaled to 20x20, centred by mass");
  }
  caption_text(c.ui.layout.texts, "input caption", text);
}

void draw_panel(PanelContext& c, float width) {
  section("1  Draw a digit");
  input_canvas(c, std::min(width, 320.0f));
  input_buttons(c);
  input_caption(c);
}

void noise_controls(PanelContext& c, float width) {
  Playground& pg = c.pg;
  ae::NoiseSpec n = pg.noise();
  int kind = static_cast<int>(n.kind);
  const float w = std::clamp(width, 90.0f, 220.0f);
  ImGui::BeginGroup();
  ImGui::SetNextItemWidth(w);
  if (ImGui::Combo("noise", &kind, kNoiseLabels, IM_ARRAYSIZE(kNoiseLabels))) {
    n.kind = static_cast<ae::NoiseKind>(kind);
    n.level = std::min(n.level, max_level(n.kind));
    if (n.kind != ae::NoiseKind::None && n.level == 0) n.level = 0.3f;
  }
  if (n.kind != ae::NoiseKind::None) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat(n.kind == ae::NoiseKind::Gaussian ? "sigma" : "fraction", &n.level, 0.0f, max_level(n.kind),
                       "%.2f");
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
