// aeplay playground entry point: the platform layer runs the frame loop, AppContext draws each frame.
// Web: the page (web/main.js and its modules) fetches data and models and calls the entry points (bridge/).
// Desktop: models and data are read from disk (assets/models, $AEPLAY_DATA).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "app_context.h"
#include "core/catalog.h"
#include "dataset.h"
#include "error.h"
#include "file_io.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include "bridge/attach.h"
#include "bridge/js_training.h"
// clang-format off
EM_JS(char*, js_location_search, (), { return stringToNewUTF8(window.location.search || ""); });
// clang-format on
#endif

namespace aeplay {

namespace {
AppContext* g_app = nullptr;  // created by main(); outlives it on the web

void frame(Platform& p, void*) { g_app->frame(p); }
void frame_without_gl(Platform&, void*) { g_app->frame_without_gl(); }
void gl_restored(Platform& p, void*) { g_app->rebuild_gl(p); }
void describe_app(FrameSignals& s, void*) {
  s.state_stamp = g_app->state_stamp();
  s.busy = g_app->busy();
}
#ifdef __EMSCRIPTEN__
void tick_done(Platform&, void*) { web::publish_changes(); }  // what changed in the tick, pushed to the page
#endif

#ifndef __EMSCRIPTEN__
constexpr size_t kMaxModelFile = 300u << 20;

std::vector<uint8_t> read_or_notify(const std::string& path, size_t limit, Playground& pg, const char* what) {
  try {
    return ae::read_file(path, limit);
  } catch (const ae::Error& e) {
    pg.notify(std::string(what) + e.what(), true);
    return {};
  }
}

void load_desktop_assets(AppContext& app, int argc, char** argv) {
  Playground& pg = app.playground;
  const std::string root = platform_asset_path("");
  for (const auto& m : shipped_models()) {
    if (!m.at_start) continue;  // listed by main(); read when chosen (host::request_model)
    auto bytes = read_or_notify(root + "assets/models/" + m.file, kMaxModelFile, pg, "");
    if (!bytes.empty()) app.add_model(m.id, m.id, bytes, Origin::Shipped, false);
  }
  for (int i = 1; i + 1 < argc; ++i)
    if (!std::strcmp(argv[i], "--model")) {
      auto bytes = read_or_notify(argv[i + 1], kMaxModelFile, pg, "");
      if (!bytes.empty()) app.add_model("file", argv[i + 1], bytes, Origin::Uploaded, true);
    }
  if (!pg.dataset_is_user_set()) host::request_dataset_split(pg.dataset(), false, app);
  const char* home = std::getenv("HOME");
  const std::string cache = std::string(home ? home : ".") + "/.cache/aeplay/";
  try {  // my set, as the last run left it
    const std::string err = pg.load_user_set(ae::read_file(cache + "my-set.npz", UserSet::kMaxFileBytes), "my-set.npz");
    if (!err.empty()) pg.notify(err, true);
  } catch (const ae::Error&) {
    // no set yet
  }
  try {  // a model trained in an earlier run
    auto model = ae::read_file(cache + "trained.aep", kMaxModelFile);
    auto hist = ae::read_file(cache + "trained.json", 16u << 20);
    const std::string err = pg.restore_training(model, std::string(hist.begin(), hist.end()));
    if (!err.empty()) pg.notify(err, true);
  } catch (const ae::Error&) {
    // nothing trained earlier
  }
  if (pg.current_model_id().empty() && !pg.select_model(app.ui.page.model)) host::request_model(app.ui.page.model, app);
  if (app.ui.page.digit >= 0) pg.use_test_digit(app.ui.page.digit);
}
#endif

}  // namespace

}  // namespace aeplay

int main(int argc, char** argv) {
  using namespace aeplay;
  static Platform platform;  // static: on the web, main() returns while the loop keeps running
  std::string error;
  if (!platform_init(platform, "aeplay - autoencoder playground", error)) {
    std::fprintf(stderr,
                 "aeplay: %s\nThe desktop app needs a display. The main way to use aeplay is the web page:\n"
                 "  scripts/run.sh\n",
                 error.c_str());
    return 1;
  }
  g_app = new AppContext;
  if (!g_app->ui.renderer.init(platform.glsl_version, error)) g_app->playground.notify("Cannot draw images: " + error, true);
  for (const auto& m : shipped_models()) g_app->playground.list_model(m.id, m.label);  // chosen before they load
#ifdef __EMSCRIPTEN__
  web::attach(*g_app);
  g_app->playground.set_training_worker(web::training_worker());
  g_app->latent.set_decomposition_worker(web::decomposition_worker());
  char* search = js_location_search();
  g_app->apply_page_settings(search);
  std::free(search);
  (void)argc, (void)argv;
#else
  std::string query;
  for (int i = 1; i + 1 < argc; ++i)
    if (!std::strcmp(argv[i], "--query")) query = argv[i + 1];
  g_app->apply_page_settings(query);
  load_desktop_assets(*g_app, argc, argv);
#endif
  platform.frame_without_gl = frame_without_gl;
  platform.gl_restored = gl_restored;
  platform.pacer = &g_app->pacer;
  platform.describe_app = describe_app;
#ifdef __EMSCRIPTEN__
  platform.tick_done = tick_done;
#endif
  platform_run(platform, frame, nullptr);
  delete g_app;
  platform_shutdown(platform);
  return 0;
}
