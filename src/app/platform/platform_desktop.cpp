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

void platform_run(Platform& p, FrameFn frame, void* user) {
    while (platform_begin_frame(p)) {
        frame(p, user);
        platform_end_frame(p);
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
