#include "gfx/image_view.h"

#include <cstring>

#include "platform/platform.h"
#include "gfx/shader.h"

namespace aeplay {

bool ImageRenderer::init(const char* glsl_version, std::string& error) {
    program = load_named_program("image", glsl_version, error);
    if (!program) return false;
    find_uniforms(program, {{&u_image, "u_image"}, {&u_range, "u_range"}, {&u_colormap, "u_colormap"}});
    glGenVertexArrays(1, &vao);
    return true;
}

ImageView::~ImageView() {
    glDeleteTextures(1, &source_);
}

void ImageView::set_pixels(const float* data, int w, int h) {
    const size_t n = size_t(w) * size_t(h);
    if (source_ && w == src_w_ && h == src_h_ && std::memcmp(uploaded_.data(), data, n * sizeof(float)) == 0) return;
    uploaded_.assign(data, data + n);
    drawn_ = false;
    if (!source_) glGenTextures(1, &source_);
    glBindTexture(GL_TEXTURE_2D, source_);
    if (w != src_w_ || h != src_h_) {
        // NEAREST: float textures are not filterable in WebGL2 without an extension, and we want crisp texels.
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, h, 0, GL_RED, GL_FLOAT, data);
        src_w_ = w, src_h_ = h;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RED, GL_FLOAT, data);
    }
}

void ImageView::show(const ImageRenderer& r, ImVec2 size, float pixel_ratio, const ImageStyle& style) {
    if (!source_ || !r.program) {
        ImGui::Dummy(size);
        return;
    }
    const bool resized = target_.resize(RenderTarget::device_pixels(size.x, pixel_ratio),
                                        RenderTarget::device_pixels(size.y, pixel_ratio), GL_NEAREST);
    if (!resized && drawn_ && style == drawn_style_) {
        target_.show(size);
        return;
    }
    drawn_ = true, drawn_style_ = style;

    // Drawn now, while the UI is built: ImGui's backend restores its own GL state when it renders later,
    // and platform_end_frame rebinds the window's framebuffer and viewport.
    target_.bind();
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glUseProgram(r.program);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, source_);
    glUniform1i(r.u_image, 0);
    glUniform2f(r.u_range, style.lo, style.hi);
    glUniform1i(r.u_colormap, int(style.colormap));
    glBindVertexArray(r.vao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);

    target_.show(size);
}

}  // namespace aeplay
