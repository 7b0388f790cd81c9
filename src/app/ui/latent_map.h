// The latent panel's pieces (latent_panel.cpp draws the status and the maps; latent_sections.cpp the grid,
// traversal, interpolation and neighbours).
#pragma once
#include <string>
#include <vector>
#include <imgui.h>

#include "ui/panels.h"

namespace aeplay {

// A view that shows the middle 99% of the points (2 x N) with a margin, square in data units.
MapView fit_view(const ae::Mat& points);
// One map: the GPU scatter, pan (right/middle drag), zoom (wheel), and, when decode_x is given, decode-anywhere
// (left click or drag). Sets `rect` to where it was drawn. Returns true while the left button decodes.
bool map_widget(const char* id, PointRenderer& points, MapView& view, ImVec2 size, float ratio, ScreenRect& rect,
                float* decode_x, float* decode_y);
// The input (circle) or the corrupted input (square) on a map.
void map_marker(ImDrawList* dl, ImVec2 at, ImU32 colour, bool square);
// Each class's colour and name ("0".."9", "T-shirt/top"...), wrapped at `width`.
void class_legend(const std::vector<std::string>& names, float width);

void latent_grid_section(PanelContext& c, float side);
void latent_traversal_section(PanelContext& c, float width, float cell, float strip_cell);
void latent_interpolation_section(PanelContext& c, float strip_cell);
void latent_neighbours_section(PanelContext& c, float strip_cell);

}  // namespace aeplay
