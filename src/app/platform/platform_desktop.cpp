// Desktop target: an SDL2 window with an OpenGL 3.3 core context and a plain loop.
#include <SDL.h>
#include <imgui.h>

#include <cstring>

#include "platform/platform.h"

namespace aeplay {

bool platform_create_window(Platform& p, const char* title, std::string& error) {
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);  // required on macOS
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    p.glsl_version = "#version 330 core";

    // With no display, SDL silently falls back to its offscreen driver and the app would run invisibly.
    const char* driver = SDL_GetCurrentVideoDriver();
    const bool headless = driver && (std::strcmp(driver, "offscreen") == 0 || std::strcmp(driver, "dummy") == 0);
    if (headless && !SDL_getenv("SDL_VIDEODRIVER")) {  // explicitly asked for: allowed
        error = std::string("no display found (SDL fell back to its \"") + driver + "\" video driver)";
        return false;
    }

    if (!platform_create_gl_window(p, title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                   "an OpenGL 3.3 core context", error))
        return false;
    SDL_GL_SetSwapInterval(1);

    // Keep imgui.ini out of the working directory: it belongs with the user's settings.
    if (char* pref = SDL_GetPrefPath("aeplay", "aeplay")) {
        p.ini_path = std::string(pref) + "imgui.ini";
        SDL_free(pref);
        ImGui::GetIO().IniFilename = p.ini_path.c_str();
    } else {
        ImGui::GetIO().IniFilename = nullptr;
    }
    return true;
}

void platform_sync_size(Platform&) {}  // SDL reports desktop resizes itself

namespace {
// Draw on demand, as the web page does (frame_pacer.h): between drawn frames the loop sleeps in SDL until an
// event comes or a frame interval passes, so an idle window costs nothing.
bool should_draw(Platform& p) {
    if (!p.pacer) return true;
    FrameSignals s;
    s.now_ms = static_cast<double>(SDL_GetTicks64());
    const Uint32 flags = SDL_GetWindowFlags(p.window);
    s.visible = !(flags & (SDL_WINDOW_MINIMIZED | SDL_WINDOW_HIDDEN));
    s.input = SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);  // window events (resizes) included
    s.text_focus = ImGui::GetIO().WantTextInput;
    if (p.describe_app) p.describe_app(s, p.frame_user);
    return p.pacer->should_draw(s);
}
}  // namespace

void platform_run(Platform& p, FrameFn frame, void* user) {
    p.frame_user = user;
    for (;;) {
        if (!should_draw(p)) {
            p.last_tick_drew = false;
            SDL_WaitEventTimeout(nullptr, 16);  // wakes at once for input; else about one frame later
            if (p.frame_without_gl) p.frame_without_gl(p, user);
            continue;
        }
        if (!platform_begin_frame(p)) break;
        frame(p, user);
        platform_end_frame(p);
        p.last_tick_drew = true;
    }
}

std::string platform_asset_path(const char* relative) {
    // The build copies shaders/ next to the executable.
    std::string base;
    if (char* dir = SDL_GetBasePath()) {
        base = dir;
        SDL_free(dir);
    }
    return base + relative;
}

}  // namespace aeplay
