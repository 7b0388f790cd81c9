// Small float images (28x28 digits, error maps) drawn by shaders/image.{vert,frag} into a texture that
// ImGui shows: the shader does the pixel look (crisp texels, colour map), ImGui does the layout.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "gfx/gl.h"
#include "gfx/render_target.h"

namespace aeplay {

enum class ColorMap : int { Grey = 0, Inferno = 1 };  // values match u_colormap in image.frag

struct ImageStyle {
    ColorMap colormap = ColorMap::Grey;
    float lo = 0.0f, hi = 1.0f;  // value range mapped onto the colour map
    bool operator==(const ImageStyle& o) const { return colormap == o.colormap && lo == o.lo && hi == o.hi; }
};

// The shared program + the empty vertex array that GL core profiles require for attribute-less draws.
struct ImageRenderer {
    GLuint program = 0, vao = 0;
    GLint u_image = -1, u_range = -1, u_colormap = -1;
    bool init(const char* glsl_version, std::string& error);  // loads the shaders via platform_asset_path
    void forget_gl() { program = 0, vao = 0; }  // then init again
};

class ImageView : GlOwner {
public:
    ~ImageView();

    // Uploads w*h floats, row-major, row 0 at the top. Re-allocates only when the size changes; pixels equal
    // to the last ones (callers pass theirs every frame) are not uploaded again.
    void set_pixels(const float* data, int w, int h);
    // Renders the image into a target of `size` (CSS pixels) x pixel_ratio device pixels, so it stays sharp
    // on high-DPI screens, then places it with ImGui::Image. Call while building the ImGui frame, at most
    // once per frame per view (the target texture is shared until ImGui renders): one view per picture.
    // The target is redrawn only when the pixels, the style or the size changed: with a software rasteriser
    // (SwiftShader, no GPU) every pass costs CPU that the training worker then lacks.
    void show(const ImageRenderer& r, ImVec2 size, float pixel_ratio, const ImageStyle& style);
    // The next set_pixels re-creates the texture (and show its target).
    void forget_gl() { source_ = 0, src_w_ = 0, src_h_ = 0, uploaded_.clear(), drawn_ = false, target_.forget_gl(); }

private:
    GLuint source_ = 0;               // R32F texture holding the values
    int src_w_ = 0, src_h_ = 0;
    std::vector<float> uploaded_;     // what source_ holds, to skip identical uploads
    bool drawn_ = false;              // target_ shows source_ in drawn_style_
    ImageStyle drawn_style_;
    RenderTarget target_;             // what the shader draws into
};

}  // namespace aeplay
