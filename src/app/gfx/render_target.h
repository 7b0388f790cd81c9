// An RGBA8 texture with its framebuffer: what ImageView and PointRenderer draw into with their shaders and
// ImGui then shows as an image. Sized in device pixels, so pictures stay sharp on high-DPI screens.
#pragma once

#include <imgui.h>

#include "gfx/gl.h"

namespace aeplay {

class RenderTarget : GlOwner {
public:
    ~RenderTarget();

    // The device-pixel size for `size` CSS pixels at `pixel_ratio` (at least 1 x 1).
    static int device_pixels(float css, float pixel_ratio);
    // (Re)allocates for w x h with the given sampling filter (GL_NEAREST, GL_LINEAR). Returns true when it
    // did: the contents are then undefined and must be redrawn.
    bool resize(int w, int h, GLint filter);
    void forget_gl() { texture_ = 0, fbo_ = 0, width_ = 0, height_ = 0; }  // the next resize re-creates it
    // Binds the framebuffer and sets the viewport to the whole target.
    void bind() const;
    // Places the texture in the ImGui layout at `size` CSS pixels.
    void show(ImVec2 size) const;
    int width() const { return width_; }
    int height() const { return height_; }

private:
    GLuint texture_ = 0, fbo_ = 0;
    int width_ = 0, height_ = 0;
};

}  // namespace aeplay
