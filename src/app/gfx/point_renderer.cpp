#include "gfx/point_renderer.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "platform/platform.h"
#include "gfx/shader.h"

namespace aeplay {

const float kDigitPalette[10][3] = {
    {0.122f, 0.467f, 0.706f}, {1.000f, 0.498f, 0.055f}, {0.173f, 0.627f, 0.173f}, {0.839f, 0.153f, 0.157f},
    {0.580f, 0.404f, 0.741f}, {0.549f, 0.337f, 0.294f}, {0.890f, 0.467f, 0.761f}, {0.600f, 0.600f, 0.600f},
    {0.737f, 0.741f, 0.133f}, {0.090f, 0.745f, 0.812f}};

ImU32 digit_colour(int digit, int alpha) {
    const float* c = kDigitPalette[((digit % 10) + 10) % 10];  // more than 10 classes (my set): colours repeat
    return IM_COL32(int(c[0] * 255), int(c[1] * 255), int(c[2] * 255), alpha);
}

PointRenderer::~PointRenderer() {
    glDeleteProgram(program_);
    glDeleteVertexArrays(1, &vao_);
    glDeleteBuffers(1, &vbo_);
}

bool PointRenderer::init(const char* glsl_version, std::string& error) {
    program_ = load_named_program("points", glsl_version, error);
    if (!program_) return false;
    find_uniforms(program_, {{&u_center_, "u_center"}, {&u_half_, "u_half"}, {&u_point_, "u_point"},
                             {&u_palette_, "u_palette"}, {&u_alpha_, "u_alpha"}});
    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_);
    // Per-instance attributes: (x, y, label) as three floats.
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 3 * sizeof(float), nullptr);
    glVertexAttribDivisor(0, 1);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 3 * sizeof(float), reinterpret_cast<void*>(2 * sizeof(float)));
    glVertexAttribDivisor(1, 1);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    return true;
}

void PointRenderer::set_points(const float* xy, const unsigned char* labels, int n) {
    if (!program_) return;
    std::vector<float> data(static_cast<size_t>(n) * 3);
    for (int i = 0; i < n; ++i) {
        data[3 * i] = xy[2 * i];
        data[3 * i + 1] = xy[2 * i + 1];
        data[3 * i + 2] = labels ? float(labels[i]) : 7.0f;
    }
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.size() * sizeof(float)), data.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    count_ = n;
    dirty_ = true;
}

void PointRenderer::show(ImVec2 size, float pixel_ratio, const MapView& view, float point_px, ImU32 background) {
    if (!program_) {
        ImGui::Dummy(size);
        return;
    }
    const int w = RenderTarget::device_pixels(size.x, pixel_ratio);
    const int h = RenderTarget::device_pixels(size.y, pixel_ratio);
    if (target_.resize(w, h, GL_LINEAR)) dirty_ = true;
    const bool same_view = drawn_view_.cx == view.cx && drawn_view_.cy == view.cy && drawn_view_.hx == view.hx &&
                           drawn_view_.hy == view.hy && drawn_point_ == point_px && drawn_bg_ == background;
    if (!dirty_ && same_view) {
        target_.show(size);
        return;
    }
    dirty_ = false;
    drawn_view_ = view, drawn_point_ = point_px, drawn_bg_ = background;
    ++draws_;
    // Drawn now, while the UI is built (as ImageView does): ImGui's backend restores its GL state later.
    target_.bind();
    glDisable(GL_SCISSOR_TEST);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(background);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (count_ > 0) {
        glEnable(GL_BLEND);
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        glUseProgram(program_);
        glUniform2f(u_center_, view.cx, view.cy);
        glUniform2f(u_half_, std::max(view.hx, 1e-6f), std::max(view.hy, 1e-6f));
        const float px = point_px * pixel_ratio;
        glUniform2f(u_point_, px / float(w), px / float(h));
        glUniform3fv(u_palette_, 10, &kDigitPalette[0][0]);
        glUniform1f(u_alpha_, 0.75f);
        glBindVertexArray(vao_);
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count_);
        glBindVertexArray(0);
        glDisable(GL_BLEND);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    target_.show(size);
}

}  // namespace aeplay
