// aeplay playground entry point: the platform layer runs the frame loop, the UI draws the Playground.
// Web: the page (web/page.js + web/api.js) fetches data and models and calls the JS API (js_api.cpp).
// Desktop: models and data are read from disk (assets/models, $AEPLAY_DATA).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "app_context.h"
#include "dataset.h"
#include "error.h"
#include "file_io.h"
#include "host.h"
#include "platform.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
// clang-format off
EM_JS(char*, js_location_search, (), { return stringToNewUTF8(window.location.search || ""); });
// clang-format on
#endif

namespace aeplay {

namespace {
AppContext* g_app = nullptr;

// assets/models/models.json lists the same ids: the core models load at start, the families' on demand.
const std::vector<std::string> kShippedModels = {"ae-plain", "dae-gaussian", "dae-mask", "dae-saltpepper"};
const std::vector<std::string> kFamilyModels = {"linear", "sparse-l1", "sparse-kl", "contractive",
                                                "vae-2d", "vae-20d", "conv", "stacked"};

void frame(Platform& p, void*) {
  ++g_app->frames;
  draw_ui(g_app->playground, g_app->ui, p);
}

// Reads the numbers of a JSON array that starts at `key` ("epochs" rows are [epoch, train, test]).
std::vector<double> numbers_after(const std::string& json, const std::string& key) {
  std::vector<double> out;
  size_t pos = json.find("\"" + key + "\"");
  if (pos == std::string::npos) return out;
  pos = json.find('[', pos);
  if (pos == std::string::npos) return out;
  int depth = 0;
  for (size_t i = pos; i < json.size(); ++i) {
    char c = json[i];
    if (c == '[') ++depth;
    else if (c == ']') { if (--depth == 0) break; }
    else if (c == '-' || (c >= '0' && c <= '9')) {
      char* end = nullptr;
      double v = std::strtod(json.c_str() + i, &end);
      if (end == json.c_str() + i) break;
      out.push_back(v);
      i = static_cast<size_t>(end - json.c_str()) - 1;
    }
    if (out.size() > 1000000) break;
  }
  return out;
}

#ifndef __EMSCRIPTEN__
void load_desktop_assets(Playground& pg, int argc, char** argv) {
  const std::string root = platform_asset_path("");
  for (const auto& id : kShippedModels) {
    try {
      std::string err = pg.add_model_bytes(id, id, ae::read_file(root + "assets/models/" + id + ".aep", 300u << 20),
                                           Origin::Shipped);
      if (!err.empty()) pg.notify(err, true);
    } catch (const ae::Error& e) {
      pg.notify(e.what(), true);
    }
  }
  for (int i = 1; i + 1 < argc; ++i)
    if (!std::strcmp(argv[i], "--model")) {
      try {
        std::string err = pg.add_model_bytes("file", argv[i + 1], ae::read_file(argv[i + 1], 300u << 20), Origin::Uploaded);
        if (!err.empty()) pg.notify(err, true);
        else pg.select_model("file");
      } catch (const ae::Error& e) {
        pg.notify(e.what(), true);
      }
    }
  try {
    const std::string dir = ae::default_data_dir();
    std::string err = pg.load_test_set(ae::read_file(dir + "/t10k-images-idx3-ubyte", 16u << 20),
                                       ae::read_file(dir + "/t10k-labels-idx1-ubyte", 1u << 20));
    if (!err.empty()) pg.notify(err, true);
  } catch (const ae::Error& e) {
    pg.notify(std::string("MNIST test set not found (run scripts/setup.sh): ") + e.what(), true);
  }
  try {
    const char* home = std::getenv("HOME");
    const std::string cache = std::string(home ? home : ".") + "/.cache/aeplay/";
    auto bytes = ae::read_file(cache + "trained.aep", 300u << 20);
    auto hist = ae::read_file(cache + "trained.json", 16u << 20);
    std::string err = restore_trained(bytes, std::string(hist.begin(), hist.end()));
    if (!err.empty()) pg.notify(err, true);
  } catch (const ae::Error&) {
    // no model trained earlier: nothing to restore
  }
  for (const auto& id : kFamilyModels) pg.list_model(id, id);
  if (pg.current_model_id().empty() && !pg.select_model(g_app->ui.page.model)) host::request_model(g_app->ui.page.model);
  if (g_app->ui.page.digit >= 0) pg.use_test_digit(g_app->ui.page.digit);
}
#endif

}  // namespace

AppContext& app() { return *g_app; }

void train_set_arrived() {
  if (g_app->ui.start_when_data_arrives) start_training(g_app->playground, g_app->ui);
}

std::string restore_trained(const std::vector<uint8_t>& bytes, const std::string& history_json) {
  try {
    ae::ModelFile f = ae::parse_model(bytes.data(), bytes.size(), "your saved model");
    std::vector<double> rows = numbers_after(history_json, "epochs");
    std::vector<ae::EpochRecord> history;
    for (size_t i = 0; i + 2 < rows.size(); i += 3)
      history.push_back({static_cast<int>(rows[i]), rows[i + 1], rows[i + 2] < 0 ? NAN : rows[i + 2]});
    std::vector<float> curve;
    for (double v : numbers_after(history_json, "curve")) curve.push_back(static_cast<float>(v));
    g_app->playground.training.restore(ae::instantiate(f), std::move(history), std::move(curve));
    g_app->playground.notify("Restored the model you trained earlier (" + f.spec.describe() + ", " +
                             std::to_string(g_app->playground.training.history().size()) + " epochs).");
    return "";
  } catch (const ae::Error& e) {
    return std::string("Could not restore your saved model: ") + e.what();
  }
}

void apply_page_settings(const std::string& query) {
  std::vector<std::string> known = kShippedModels;
  known.insert(known.end(), kFamilyModels.begin(), kFamilyModels.end());
  known.push_back(Playground::kTrainedId);
  ParsedSettings parsed = parse_page_settings(query, known);
  g_app->ui.page = parsed.settings;
  g_app->playground.set_noise(parsed.settings.noise);
  g_app->playground.set_seed(parsed.settings.seed);
  for (const auto& n : parsed.notices) g_app->playground.notify(n, true);
}

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
  g_app = new AppContext;  // outlives main() on the web
  if (!g_app->ui.renderer.init(platform.glsl_version, error)) {
    g_app->playground.notify("Cannot draw images: " + error, true);
  }
#ifdef __EMSCRIPTEN__
  char* search = js_location_search();
  apply_page_settings(search);
  std::free(search);
  (void)argc, (void)argv;
#else
  std::string query;
  for (int i = 1; i + 1 < argc; ++i)
    if (!std::strcmp(argv[i], "--query")) query = argv[i + 1];
  apply_page_settings(query);
  load_desktop_assets(g_app->playground, argc, argv);
#endif
  platform_run(platform, frame, nullptr);
  delete g_app;
  platform_shutdown(platform);
  return 0;
}
