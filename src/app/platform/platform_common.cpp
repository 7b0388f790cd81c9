// SDL2 + Dear ImGui plumbing shared by the desktop and web targets.
#include "platform/platform.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <cfloat>
#include <fstream>
#include <sstream>

#include "gfx/gl.h"

namespace aeplay {

namespace {
// Text stays sharp on high-DPI screens only if the font is rasterised at device pixels: rebuild the atlas
// at size x pixel_ratio whenever the ratio changes, and scale it back by 1/ratio for layout.
void sync_fonts(Platform& p, float pixel_ratio) {
    if (pixel_ratio == p.fonts_built_for || pixel_ratio <= 0.0f) return;
    p.fonts_built_for = pixel_ratio;
    ImGuiIO& io = ImGui::GetIO();
    const std::string path = platform_asset_path("fonts/Roboto-Regular.ttf");
    std::ifstream probe(path, std::ios::binary);
    if (!probe) return;  // keep ImGui's built-in bitmap font
    io.Fonts->Clear();
    io.Fonts->AddFontFromFileTTF(path.c_str(), 15.0f * pixel_ratio);
    io.FontGlobalScale = 1.0f / pixel_ratio;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}
// SDL turns touches into mouse events (with SDL_TOUCH_MOUSEID) for ImGui; remember which kind of pointer is used.
void follow_pointer_kind(Platform& p, const SDL_Event& e) {
    switch (e.type) {
        case SDL_FINGERDOWN: p.touch_pointer = true, p.hide_pointer = false, p.touch_lifted = false; break;
        case SDL_FINGERUP: p.touch_lifted = true; break;
        case SDL_MOUSEMOTION:
            if (e.motion.which != SDL_TOUCH_MOUSEID) p.touch_pointer = false, p.hide_pointer = false;
            break;
        case SDL_MOUSEBUTTONDOWN:
            if (e.button.which != SDL_TOUCH_MOUSEID) p.touch_pointer = false, p.hide_pointer = false;
            break;
        default: break;
    }
}
}  // namespace

bool platform_init(Platform& p, const char* title, std::string& error) {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        error = std::string("cannot start SDL video: ") + SDL_GetError();
        return false;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();  // before the window: the targets adjust ImGuiIO (e.g. IniFilename)
    if (!platform_create_window(p, title, error)) {
        ImGui::DestroyContext();
        SDL_Quit();
        return false;
    }
    ImGui::StyleColorsDark();  // until the UI applies the page's theme on its first frame
    // Every control reachable from the keyboard (Tab/arrows to move, Space/Enter to act), focus drawn.
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplSDL2_InitForOpenGL(p.window, p.gl_context);
    ImGui_ImplOpenGL3_Init(p.glsl_version);
    return true;
}

bool platform_begin_frame(Platform& p) {
    SDL_Event event;
    if (p.touch_lifted) p.hide_pointer = true, p.touch_lifted = false;  // the lift's own frame saw the release
    while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        follow_pointer_kind(p, event);
        if (event.type == SDL_QUIT) p.quit = true;
        if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
            event.window.windowID == SDL_GetWindowID(p.window))
            p.quit = true;
    }
    platform_sync_size(p);
    int win_w = 0, win_h = 0;
    SDL_GetWindowSize(p.window, &win_w, &win_h);
    SDL_GL_GetDrawableSize(p.window, &p.drawable_w, &p.drawable_h);
    p.pixel_ratio = win_w > 0 ? float(p.drawable_w) / float(win_w) : 1.0f;
    sync_fonts(p, p.pixel_ratio);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    if (p.hide_pointer) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    return !p.quit;
}

void platform_end_frame(Platform& p) {
    ImGui::Render();
    // App code may have rendered into its own framebuffers during the frame: go back to the window's.
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, p.drawable_w, p.drawable_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];  // the theme's, behind the window
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(p.window);
}

void platform_shutdown(Platform& p) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(p.gl_context);
    SDL_DestroyWindow(p.window);
    SDL_Quit();
}

bool platform_create_gl_window(Platform& p, const char* title, int x, int y, int w, int h, const char* context_name,
                               std::string& error) {
    const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    p.window = SDL_CreateWindow(title, x, y, w, h, flags);
    if (!p.window) {
        error = std::string("cannot create a window: ") + SDL_GetError();
        return false;
    }
    p.gl_context = SDL_GL_CreateContext(p.window);
    if (!p.gl_context) {
        error = std::string("cannot create ") + context_name + ": " + SDL_GetError();
        SDL_DestroyWindow(p.window);
        p.window = nullptr;
        return false;
    }
    SDL_GL_MakeCurrent(p.window, p.gl_context);
    return true;
}

bool read_text_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

}  // namespace aeplay
