// The latent map's scatter plot on the GPU: up to tens of thousands of points drawn as instanced quads by
// shaders/points.{vert,frag} into a texture that ImGui shows (like ImageView does for digits). The points are
// uploaded once when they change, and the texture is redrawn only when the points, the view or the size change
// (software WebGL spends ~0.1 s on 10k points; a cached texture costs nothing per frame).
#pragma once

#include <imgui.h>

#include <string>

#include "gfx/gl.h"
#include "gfx/render_target.h"

namespace aeplay {

// The visible part of the map, in data units: centre and half extents.
struct MapView {
    float cx = 0, cy = 0, hx = 1, hy = 1;
    // Screen (ImGui) position inside a widget at `origin` of `size` <-> map coordinates.
    float to_x(float sx, ImVec2 origin, ImVec2 size) const { return cx + ((sx - origin.x) / size.x * 2 - 1) * hx; }
    float to_y(float sy, ImVec2 origin, ImVec2 size) const { return cy - ((sy - origin.y) / size.y * 2 - 1) * hy; }
    ImVec2 to_screen(float x, float y, ImVec2 origin, ImVec2 size) const {
        return ImVec2(origin.x + ((x - cx) / hx + 1) * 0.5f * size.x, origin.y + (1 - (y - cy) / hy) * 0.5f * size.y);
    }
};

// Digit colours (Tableau 10), shared by the points, the legend and the markers.
extern const float kDigitPalette[10][3];
ImU32 digit_colour(int digit, int alpha = 255);

class PointRenderer : GlOwner {
public:
    ~PointRenderer();

    bool init(const char* glsl_version, std::string& error);  // loads shaders/points.* (platform_asset_path)
    bool ready() const { return program_ != 0; }
    // Drops the program, buffers and points: init and set_points again.
    void forget_gl() { program_ = 0, vao_ = 0, vbo_ = 0, count_ = 0, dirty_ = true, target_.forget_gl(); }
    // xy: 2 x n column-major (x0, y0, x1, y1, ...); labels: n digits. Replaces the points.
    void set_points(const float* xy, const unsigned char* labels, int n);
    int count() const { return count_; }
    // Draws the points into a target of `size` (CSS px) x pixel_ratio and places it with ImGui::Image.
    void show(ImVec2 size, float pixel_ratio, const MapView& view, float point_px, ImU32 background);

private:
    GLuint program_ = 0, vao_ = 0, vbo_ = 0;
    RenderTarget target_;
    GLint u_center_ = -1, u_half_ = -1, u_point_ = -1, u_palette_ = -1, u_alpha_ = -1;
    int count_ = 0;
    bool dirty_ = true;
    MapView drawn_view_;
    float drawn_point_ = 0;
    ImU32 drawn_bg_ = 0;
    long draws_ = 0;

public:
    long draws() const { return draws_; }  // how often the points were actually drawn (for tests/benchmarks)
};

}  // namespace aeplay
