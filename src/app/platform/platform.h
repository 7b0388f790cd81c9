// Platform layer: the only code that differs between the desktop app and the web page.
// One implementation per target (platform_desktop.cpp, platform_web.cpp), in the style of raylib's rcore_*.c;
// the SDL2 + Dear ImGui plumbing both share lives in platform_common.cpp.
#pragma once

#include <string>

#include "platform/frame_pacer.h"

struct SDL_Window;

namespace aeplay {

struct Platform {
    SDL_Window* window = nullptr;
    void* gl_context = nullptr;           // SDL_GLContext
    const char* glsl_version = nullptr;   // "#version 300 es" (WebGL2) or "#version 330 core"
    int drawable_w = 0, drawable_h = 0;   // framebuffer size in device pixels
    float pixel_ratio = 1.0f;             // device pixels per window (CSS) pixel
    bool quit = false;
    // Per-target bookkeeping (kept here rather than in statics).
    float fonts_built_for = 0.0f;         // pixel ratio the font atlas was rasterised at
    double css_w = 0, css_h = 0, css_dpr = 0;  // web: the canvas size last seen
    void (*frame)(struct Platform&, void*) = nullptr;  // web: the frame the browser's loop calls
    void* frame_user = nullptr;
    bool first_frame_shown = false;
    // Web: the WebGL context can be lost (GPU reset, driver update, too many contexts) and later restored.
    // While it is lost the loop calls `frame_without_gl` (the app trains on, draws nothing); once it is back,
    // `gl_restored` (after ImGui's device objects were dropped) so the app re-creates its own GL objects.
    bool gl_lost = false;
    void (*frame_without_gl)(struct Platform&, void*) = nullptr;
    void (*gl_restored)(struct Platform&, void*) = nullptr;
    // Web: after every tick of the loop, whether it drew or not (the bridge pushes what changed to the page).
    void (*tick_done)(struct Platform&, void*) = nullptr;
    // Touch: the last press came from a finger; after it lifts, the pointer is reported absent (from the next
    // frame on) so no control looks hovered, until a mouse moves or a finger touches again.
    bool touch_pointer = false;
    bool touch_lifted = false, hide_pointer = false;
    std::string ini_path;  // desktop: where ImGui keeps its window settings (it keeps the pointer)
    // Web: draw on demand. Each animation frame asks the pacer; `describe_app` fills in what only the app
    // knows (its state stamp, whether work waits for drawn frames). Frames not drawn call frame_without_gl.
    FramePacer* pacer = nullptr;
    void (*describe_app)(FrameSignals&, void*) = nullptr;
    bool last_tick_drew = false;
};

// One frame of the app: build the ImGui UI and do any GL work (between begin_frame and end_frame).
using FrameFn = void (*)(Platform&, void* user);

// --- shared (platform_common.cpp) ---
// Creates the window and GL context and starts Dear ImGui. On failure returns false and sets `error`.
bool platform_init(Platform& p, const char* title, std::string& error);
// Polls events, follows size changes, starts an ImGui frame. Returns false once the app should quit.
bool platform_begin_frame(Platform& p);
// Renders ImGui to the default framebuffer and presents.
void platform_end_frame(Platform& p);
void platform_shutdown(Platform& p);

// --- per target ---
// Sets GL attributes, creates the SDL window + GL context, fills glsl_version.
bool platform_create_window(Platform& p, const char* title, std::string& error);
// Called every frame before ImGui's NewFrame: web pages resize without SDL events, so poll here.
void platform_sync_size(Platform& p);
// Runs begin_frame / `frame` / end_frame until quit (native), or hands that loop to the browser (web:
// never returns; after the first frame it resolves window.aeplay.ready in the page).
void platform_run(Platform& p, FrameFn frame, void* user);
// Draw on demand: wakes a dozing loop at once (web: back from its 10 Hz timer to every animation frame, the
// next one drawn if the pacer has a request). Called for input the page sees and for JS API calls.
void platform_wake(FramePacer& pacer);
// Path of a file shipped with the app (e.g. "shaders/image.frag").
std::string platform_asset_path(const char* relative);

// Creates the SDL window (x, y, w, h in CSS pixels) and its GL context; `context_name` names it in errors.
bool platform_create_gl_window(Platform& p, const char* title, int x, int y, int w, int h, const char* context_name,
                               std::string& error);

// Reads a whole file; returns false if it cannot be read.
bool read_text_file(const std::string& path, std::string& out);

}  // namespace aeplay
