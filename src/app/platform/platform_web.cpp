// Web target: WebGL2 on the page's <canvas id="canvas">, driven by the browser's animation frames.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>

#include "platform/platform.h"

namespace aeplay {
namespace {

constexpr const char* kCanvas = "#canvas";

// clang-format off
// The GL objects died with the lost context. Dropping them from Emscripten's tables turns their owners'
// glDelete* calls into no-ops (WebGL reports a delete of an object of an earlier context as an error).
EM_JS(void, js_forget_dead_gl_objects, (), {
  var tables = ['buffers', 'programs', 'framebuffers', 'renderbuffers', 'textures', 'shaders', 'vaos', 'queries',
                'samplers', 'transformFeedbacks', 'syncs'];
  for (var i = 0; i < tables.length; ++i) if (GL[tables[i]]) GL[tables[i]].fill(null);
});
// Whether drawing is worth it: the tab is shown and the canvas is on screen (web/page.js keeps
// Module.aeplayOnScreen from an IntersectionObserver: an embed scrolled out of view draws nothing).
EM_JS(int, js_canvas_visible, (), {
  if (typeof document !== 'undefined' && document.hidden) return 0;
  return Module['aeplayOnScreen'] === false ? 0 : 1;
});
// clang-format on

bool gl_context_lost() { return emscripten_is_webgl_context_lost(emscripten_webgl_get_current_context()) != 0; }

// The context is back but empty. ImGui's backend is started afresh (it re-creates its program, buffers and
// font texture on the next NewFrame; DestroyDeviceObjects alone would keep 1.86's cached buffer sizes, and
// its draws would overrun the new, empty buffers); the app re-creates its own objects in gl_restored.
void rebuild_gl_objects(Platform& p) {
    js_forget_dead_gl_objects();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplOpenGL3_Init(p.glsl_version);
    if (p.gl_restored) p.gl_restored(p, p.frame_user);
}

// Input waiting in SDL's queue (the browser's event handlers put it there as it happens). SDL's own
// bookkeeping event (the poll sentinel) is not input.
bool input_waiting() {
    SDL_PumpEvents();
    return SDL_HasEvents(SDL_FIRSTEVENT, SDL_POLLSENTINEL - 1) || SDL_HasEvents(SDL_POLLSENTINEL + 1, SDL_LASTEVENT);
}

bool canvas_size_changed(const Platform& p) {
    double w = 0, h = 0;
    emscripten_get_element_css_size(kCanvas, &w, &h);
    return w != p.css_w || h != p.css_h || emscripten_get_device_pixel_ratio() != p.css_dpr;
}

// Asks the frame pacer whether this animation frame is drawn (platform.h, frame_pacer.h).
bool should_draw(Platform& p) {
    if (!p.pacer) return true;
    FrameSignals s;
    s.now_ms = emscripten_get_now();
    s.visible = js_canvas_visible() != 0;
    s.input = input_waiting();
    s.resized = canvas_size_changed(p);
    // ImGui's state as the last drawn frame left it: a focused text field shows a blinking caret.
    s.text_focus = ImGui::GetIO().WantTextInput;
    if (p.describe_app) p.describe_app(s, p.frame_user);
    return p.pacer->should_draw(s);
}

void tick(void* arg) {
    Platform& p = *static_cast<Platform*>(arg);
    // Checked every animation frame, drawn or not: a context lost while the page idles is noticed at once.
    if (gl_context_lost()) {  // the page shows a notice (web/page.js); the app goes on without drawing
        p.gl_lost = true;
        p.last_tick_drew = false;
        if (p.frame_without_gl) p.frame_without_gl(p, p.frame_user);
        return;
    }
    if (p.gl_lost) {
        p.gl_lost = false;
        rebuild_gl_objects(p);
        if (p.pacer) p.pacer->request(2);  // the restored canvas is empty
    }
    if (!should_draw(p)) {
        p.last_tick_drew = false;
        if (p.frame_without_gl) p.frame_without_gl(p, p.frame_user);
        if (p.pacer && p.pacer->should_doze(emscripten_get_now())) {
            p.pacer->set_dozing(true);
            emscripten_set_main_loop_timing(EM_TIMING_SETTIMEOUT, FramePacer::kDozeTickMs);
        }
        return;
    }
    if (p.pacer && p.pacer->dozing()) {  // a change seen on the timer: back to every animation frame
        p.pacer->set_dozing(false);
        emscripten_set_main_loop_timing(EM_TIMING_RAF, 1);
    }
    if (!platform_begin_frame(p)) {
        emscripten_cancel_main_loop();
        return;
    }
    p.frame(p, p.frame_user);
    platform_end_frame(p);
    p.last_tick_drew = true;
    // When the last frame was drawn, on the page's clock: what bench/page-cpu.js measures pointer latency to.
    EM_ASM({ Module["aeplayFrameDrawnAt"] = performance.now(); });
    if (!p.first_frame_shown) {
        p.first_frame_shown = true;
        // First frame is on screen: let the page resolve window.aeplay.ready (see web/page.js).
        EM_ASM({ if (Module["onAeplayReady"]) Module["onAeplayReady"](); });
    }
}

// The loop's tick, then whoever follows it (Platform::tick_done).
void tick_and_report(void* arg) {
    tick(arg);
    Platform& p = *static_cast<Platform*>(arg);
    if (p.tick_done) p.tick_done(p, p.frame_user);
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
    if (!platform_create_gl_window(p, title, 0, 0, std::max(1, int(w)), std::max(1, int(h)), "a WebGL2 context", error))
        return false;
    ImGui::GetIO().IniFilename = nullptr;  // no file system to keep it in; settings persist explicitly
    return true;
}

void platform_sync_size(Platform& p) {
    // Layout changes (and iframe resizes) send SDL no event, so poll the canvas' CSS size each frame.
    double w = 0, h = 0;
    emscripten_get_element_css_size(kCanvas, &w, &h);
    const double dpr = emscripten_get_device_pixel_ratio();
    if (w == p.css_w && h == p.css_h && dpr == p.css_dpr) return;
    p.css_w = w, p.css_h = h, p.css_dpr = dpr;
    // SDL window size = CSS pixels, so mouse coordinates stay in CSS pixels. With ALLOW_HIGHDPI, SDL then
    // re-reads devicePixelRatio and sizes the canvas backing store to CSS size x ratio (it does so even when
    // only the ratio changed); SDL_GL_GetDrawableSize reports that size and the viewport follows it.
    SDL_SetWindowSize(p.window, std::max(1, int(std::lround(w))), std::max(1, int(std::lround(h))));
}

void platform_run(Platform& p, FrameFn frame, void* user) {
    p.frame = frame;
    p.frame_user = user;
    // fps 0 = requestAnimationFrame; simulate_infinite_loop keeps main()'s statics alive and never returns.
    emscripten_set_main_loop_arg(tick_and_report, &p, 0, 1);
}

void platform_wake(FramePacer& pacer) {
    if (!pacer.dozing()) return;
    pacer.set_dozing(false);
    // The loop waits on a timer: the new timing applies from its next scheduling, so pausing and resuming
    // drops the pending timer and schedules an animation frame now.
    emscripten_set_main_loop_timing(EM_TIMING_RAF, 1);
    emscripten_pause_main_loop();
    emscripten_resume_main_loop();
}

std::string platform_asset_path(const char* relative) {
    return std::string("/") + relative;  // packaged into aeplay.data at the root of the virtual file system
}

}  // namespace aeplay

