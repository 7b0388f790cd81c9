// Web target: WebGL2 on the page's <canvas id="canvas">, driven by the browser's animation frames.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "platform.h"

namespace aeplay {
namespace {

constexpr const char* kCanvas = "#canvas";

struct Loop {
    Platform* platform;
    FrameFn frame;
    void* user;
    unsigned frames;
};
Loop g_loop;

double g_css_w = 0, g_css_h = 0, g_dpr = 0;  // last size seen, to act only on changes

void tick(void*) {
    Loop& l = g_loop;
    if (!platform_begin_frame(*l.platform)) {
        emscripten_cancel_main_loop();
        return;
    }
    l.frame(*l.platform, l.user);
    platform_end_frame(*l.platform);
    if (++l.frames == 1) {
        // First frame is on screen: let the page resolve window.aeplay.ready (see web/page.js).
        EM_ASM({ if (Module["onAeplayReady"]) Module["onAeplayReady"](); });
    }
}

}  // namespace

bool platform_create_window(Platform& p, const char* title, std::string& error) {
    // SDL listens for keys on `window` by default and would swallow the host page's keys (e.g. in an iframe).
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, kCanvas);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);  // WebGL2 == GLES 3.0
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    p.glsl_version = "#version 300 es";

    // The page's CSS decides the canvas size; SDL's window size is kept equal to it in CSS pixels.
    double w = 0, h = 0;
    emscripten_get_element_css_size(kCanvas, &w, &h);
    const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    p.window = SDL_CreateWindow(title, 0, 0, std::max(1, int(w)), std::max(1, int(h)), flags);
    if (!p.window) {
        error = std::string("cannot create the canvas window: ") + SDL_GetError();
        return false;
    }
    p.gl_context = SDL_GL_CreateContext(p.window);
    if (!p.gl_context) {
        error = std::string("cannot create a WebGL2 context: ") + SDL_GetError();
        return false;
    }
    SDL_GL_MakeCurrent(p.window, p.gl_context);
    ImGui::GetIO().IniFilename = nullptr;  // no file system to keep it in; settings persist explicitly
    return true;
}

void platform_sync_size(Platform& p) {
    // Layout changes (and iframe resizes) send SDL no event, so poll the canvas' CSS size each frame.
    double w = 0, h = 0;
    emscripten_get_element_css_size(kCanvas, &w, &h);
    const double dpr = emscripten_get_device_pixel_ratio();
    if (w == g_css_w && h == g_css_h && dpr == g_dpr) return;
    g_css_w = w, g_css_h = h, g_dpr = dpr;
    // SDL window size = CSS pixels, so mouse coordinates stay in CSS pixels. With ALLOW_HIGHDPI, SDL then
    // re-reads devicePixelRatio and sizes the canvas backing store to CSS size x ratio (it does so even when
    // only the ratio changed); SDL_GL_GetDrawableSize reports that size and the viewport follows it.
    SDL_SetWindowSize(p.window, std::max(1, int(std::lround(w))), std::max(1, int(std::lround(h))));
}

void platform_run(Platform& p, FrameFn frame, void* user) {
    g_loop = Loop{&p, frame, user, 0};
    // fps 0 = requestAnimationFrame; simulate_infinite_loop keeps main()'s statics alive and never returns.
    emscripten_set_main_loop_arg(tick, nullptr, 0, 1);
}

std::string platform_asset_path(const char* relative) {
    return std::string("/") + relative;  // packaged into aeplay.data at the root of the virtual file system
}

}  // namespace aeplay

// Frames rendered so far: lets tests and the page check that the loop is running.
extern "C" EMSCRIPTEN_KEEPALIVE unsigned aeplay_frame_count() { return aeplay::g_loop.frames; }
