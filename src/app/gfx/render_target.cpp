#include "gfx/render_target.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace aeplay {

RenderTarget::~RenderTarget() {
    glDeleteTextures(1, &texture_);
    glDeleteFramebuffers(1, &fbo_);
}

int RenderTarget::device_pixels(float css, float pixel_ratio) {
    return std::max(1, int(std::lround(css * pixel_ratio)));
}

bool RenderTarget::resize(int w, int h, GLint filter) {
    if (fbo_ && w == width_ && h == height_) return false;
    if (!texture_) glGenTextures(1, &texture_);
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    width_ = w, height_ = h;
    return true;
}

void RenderTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, width_, height_);
}

void RenderTarget::show(ImVec2 size) const {
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture_)), size);
}

}  // namespace aeplay
