// The page's chrome in two themes (the digit views, maps and plots keep their own dark look in both).
// Colours live in ImGui's style, so text colours are read from it rather than kept in globals.
#pragma once
#include <imgui.h>

#include <string>

namespace aeplay {

// Sets ImGui's colours (and the ones below) for the light or the dark theme.
void apply_theme(bool light);
bool theme_is_light();
// Control sizes: for a finger (frames at least 44 CSS px tall, wide slider grabs, more spacing) or a mouse.
void apply_sizes(bool touch);
inline ImVec4 muted() { return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled); }  // secondary text
ImVec4 error_colour();
// {"name", "text", "muted", "error", "background", "frame", "button"} as #rrggbb, for tests and course pages.
std::string theme_json();

}  // namespace aeplay
