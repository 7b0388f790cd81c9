#include "ui/theme.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace aeplay {

namespace {
// Text colours chosen for at least 4.5:1 contrast (WCAG AA) on the window and frame backgrounds of their
// theme; tests/e2e/layout.test.js computes the ratios from theme_json().
const ImVec4 kLightMuted(0.33f, 0.33f, 0.36f, 1.0f);  // 7.0:1 on the window (tests/e2e/layout.test.js)
const ImVec4 kLightError(0.70f, 0.05f, 0.10f, 1.0f);  // 6.6:1
const ImVec4 kDarkMuted(0.65f, 0.65f, 0.70f, 1.0f);   // 8.0:1
const ImVec4 kDarkError(1.0f, 0.45f, 0.45f, 1.0f);

std::string hex(const ImVec4& c) {  // opaque colours only (blend with over() first)
  char buf[8];
  auto b = [](float v) { return static_cast<int>(v * 255.0f + 0.5f); };
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", b(c.x), b(c.y), b(c.z));
  return buf;
}
}  // namespace

void apply_theme(bool light) {
  ImGuiStyle& style = ImGui::GetStyle();
  if (light) {
    ImGui::StyleColorsLight(&style);
    style.Colors[ImGuiCol_TextDisabled] = kLightMuted;
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.97f, 1.0f);
  } else {
    ImGui::StyleColorsDark(&style);
    style.Colors[ImGuiCol_TextDisabled] = kDarkMuted;
  }
}

void apply_sizes(bool touch) {
  ImGuiStyle& style = ImGui::GetStyle();
  const ImGuiStyle defaults;  // ImGui's own sizes, for a mouse
  const float font = ImGui::GetFontSize();
  style.FramePadding = touch ? ImVec2(12.0f, std::max(defaults.FramePadding.y, (44.0f - font) / 2.0f)) : defaults.FramePadding;
  style.ItemSpacing = touch ? ImVec2(10.0f, 10.0f) : defaults.ItemSpacing;
  style.ItemInnerSpacing = touch ? ImVec2(8.0f, 8.0f) : defaults.ItemInnerSpacing;
  style.GrabMinSize = touch ? 30.0f : defaults.GrabMinSize;  // a slider's grab a fingertip can hold
  style.ScrollbarSize = touch ? 22.0f : defaults.ScrollbarSize;
  style.TouchExtraPadding = touch ? ImVec2(4.0f, 4.0f) : defaults.TouchExtraPadding;
}

bool theme_is_light() { return ImGui::GetStyle().Colors[ImGuiCol_WindowBg].x > 0.5f; }

ImVec4 error_colour() { return theme_is_light() ? kLightError : kDarkError; }

// A colour as it shows over `under` (ImGui's frames and buttons are translucent).
static ImVec4 over(const ImVec4& c, const ImVec4& under) {
  return {c.x * c.w + under.x * (1 - c.w), c.y * c.w + under.y * (1 - c.w), c.z * c.w + under.z * (1 - c.w), 1.0f};
}

std::string theme_json() {
  const ImVec4* c = ImGui::GetStyle().Colors;
  const ImVec4 bg = c[ImGuiCol_WindowBg];
  return nlohmann::json{{"name", theme_is_light() ? "light" : "dark"},
                        {"text", hex(c[ImGuiCol_Text])},
                        {"muted", hex(c[ImGuiCol_TextDisabled])},
                        {"error", hex(error_colour())},
                        {"background", hex(c[ImGuiCol_WindowBg])},
                        {"frame", hex(over(c[ImGuiCol_FrameBg], bg))},
                        {"button", hex(over(c[ImGuiCol_Button], bg))}}
      .dump();
}

}  // namespace aeplay
