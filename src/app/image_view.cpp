#include "image_view.h"

#include <algorithm>
#include <cmath>

#include "platform.h"
#include "shader.h"

namespace aeplay {

bool ImageRenderer::init(const char* glsl_version, std::string& error) {
    program = load_program(platform_asset_path("shaders/image.vert"), platform_asset_path("shaders/image.frag"),
                           glsl_version, error);
    if (!program) return false;
    u_image = glGetUniformLocation(program, "u_image");
    u_range = glGetUniformLocation(program, "u_range");
    u_colormap = glGetUniformLocation(program, "u_colormap");
    glGenVertexArrays(1, &vao);
    return true;
}

ImageView::~ImageView() {
    glDeleteTextures(1, &source_);
    glDeleteTextures(1, &target_);
    glDeleteFramebuffers(1, &fbo_);
}

void ImageView::set_pixels(const float* data, int w, int h) {
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

void ImageView::ensure_target(int w, int h) {
    if (fbo_ && w == dst_w_ && h == dst_h_) return;
    if (!target_) glGenTextures(1, &target_);
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    glBindTexture(GL_TEXTURE_2D, target_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target_, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    dst_w_ = w, dst_h_ = h;
}

void ImageView::show(const ImageRenderer& r, ImVec2 size, float pixel_ratio, const ImageStyle& style) {
    if (!source_ || !r.program) {
        ImGui::Dummy(size);
        return;
    }
    ensure_target(std::max(1, int(std::lround(size.x * pixel_ratio))),
                  std::max(1, int(std::lround(size.y * pixel_ratio))));

    // Drawn now, while the UI is built: ImGui's backend restores its own GL state when it renders later,
    // and platform_end_frame rebinds the window's framebuffer and viewport.
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, dst_w_, dst_h_);
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

    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(target_)), size);
}

}  // namespace aeplay
