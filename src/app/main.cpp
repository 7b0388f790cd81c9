// aeplay playground entry point. For now: proves the platform layer and the shader pipeline with a demo
// 28x28 image, shown as grey pixels and through the error colour map.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "gl.h"
#include "image_view.h"
#include "platform.h"

namespace {

struct App {
    aeplay::ImageRenderer renderer;
    aeplay::ImageView grey, heat;  // one view per picture on screen
    std::vector<float> demo = std::vector<float>(28 * 28);
    std::string error;  // shown in the UI instead of the images when set
    int clicks = 0;
};

// A diagonal gradient with a ring: shows orientation (row 0 at the top) and crisp pixel edges at a glance.
void fill_demo(std::vector<float>& img) {
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const float r = std::hypot(x - 13.5f, y - 13.5f);
            const float ring = std::fabs(r - 8.0f) < 2.0f ? 1.0f : 0.0f;
            img[y * 28 + x] = std::max(ring, (x + y) / 54.0f * 0.6f);
        }
}

void frame(aeplay::Platform& p, void* user) {
    App& app = *static_cast<App*>(user);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x, 560.0f), std::min(vp->WorkSize.y, 420.0f)),
                             ImGuiCond_FirstUseEver);
    ImGui::Begin("aeplay");
    ImGui::Text("Autoencoder playground");
    if (ImGui::Button("Click me")) ++app.clicks;
    ImGui::SameLine();
    ImGui::Text("clicked %d times", app.clicks);
    ImGui::Text("GL: %s | framebuffer %dx%d, pixel ratio %.2f", reinterpret_cast<const char*>(glGetString(GL_VERSION)),
                p.drawable_w, p.drawable_h, p.pixel_ratio);
    ImGui::Separator();
    if (!app.error.empty()) {
        ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", app.error.c_str());
    } else {
        const ImVec2 size(196, 196);  // 7 CSS pixels per texel
        app.grey.show(app.renderer, size, p.pixel_ratio, {aeplay::ColorMap::Grey, 0.0f, 1.0f});
        ImGui::SameLine();
        app.heat.show(app.renderer, size, p.pixel_ratio, {aeplay::ColorMap::Inferno, 0.0f, 1.0f});
        ImGui::Text("demo 28x28 image: grey | inferno colour map");
    }
    ImGui::Text("%.1f frames/s", ImGui::GetIO().Framerate);
    ImGui::End();
}

}  // namespace

int main(int, char**) {
    static aeplay::Platform platform;  // static: on the web, main() unwinds while the loop keeps running
    std::string error;
    if (!aeplay::platform_init(platform, "aeplay", error)) {
        std::fprintf(stderr,
                     "aeplay: %s\n"
                     "The desktop app needs a display. The main way to use aeplay is the web page:\n"
                     "  scripts/build-web.sh && python3 scripts/serve.py\n",
                     error.c_str());
        return 1;
    }
    App* app = new App;  // outlives main() on the web; deleted natively while the GL context still exists
    if (app->renderer.init(platform.glsl_version, app->error)) {
        fill_demo(app->demo);
        app->grey.set_pixels(app->demo.data(), 28, 28);
        app->heat.set_pixels(app->demo.data(), 28, 28);
    } else {
        std::fprintf(stderr, "aeplay: %s\n", app->error.c_str());
    }
    aeplay::platform_run(platform, frame, app);
    delete app;
    aeplay::platform_shutdown(platform);
    return 0;
}
