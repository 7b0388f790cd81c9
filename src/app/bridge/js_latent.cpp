// JS API: the "Latent space" panel (core/latent_explorer.h) — open it, read it, set its inputs.
#include <cstring>

#include "bridge/bridge.h"

using aeplay::web::app;
using aeplay::web::give;
using aeplay::web::give_json;
using aeplay::web::number;
using nlohmann::json;

// Opens (1) or closes (0) the panel; while open it computes the map, probes and pictures.
void aeplay_latent_show(int open) {
  app().ui.latent.open_request = open != 0;
  app().ui.latent.scroll_request = open != 0;
  app().latent.set_active(open != 0);
}

namespace {
json rect_json(const aeplay::ScreenRect& r) { return {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}}; }
json probe_json(const ae::ProbeAccuracy& a) {
  return {{"knn", a.knn < 0 ? json(nullptr) : json(a.knn)}, {"linear", a.linear < 0 ? json(nullptr) : json(a.linear)}};
}
json traversal_json(const aeplay::LatentExplorer& ex) {
  const ae::Vec& code = ex.traversal_code();
  return {{"axis", ex.traversal_axis()},
          {"code", std::vector<float>(code.data(), code.data() + code.size())},
          {"lo", ex.outputs().traversal_lo},
          {"hi", ex.outputs().traversal_hi}};
}
}  // namespace

const char* aeplay_latent_json() {
  auto& ex = app().latent;
  ex.update_outputs(app().playground);
  const ae::CodeSpace& ms = ex.model_space();
  const ae::CodeSpace& ps = ex.pca_space();
  const aeplay::LatentOutputs& out = ex.outputs();
  const aeplay::LatentPanelState& panel = app().ui.latent;
  return give_json(json{
      {"active", ex.active()},
      {"model", ex.model() ? ex.model_label() : ""},
      {"latentSize", ex.latent_size()},
      {"points", ms.codes_ready() ? ms.points().cols() : 0},
      {"projection", ex.latent_size() <= 2 ? "direct" : "pca"},
      {"mapReady", ms.codes_ready()},
      {"ready", ms.done() && ps.done()},
      {"progress", number(0.5 * ms.progress() + 0.5 * ps.progress())},
      {"probeAccuracy", probe_json(ms.probe())},
      {"pcaProbeAccuracy", probe_json(ps.probe())},
      {"pcaPoints", ps.codes_ready() ? ps.points().cols() : 0},
      {"prediction", out.prediction},
      {"corruptedPrediction", out.corrupted_prediction},
      {"pcaPrediction", out.pca_prediction},
      {"input", {out.input_x, out.input_y}},
      {"decodePoint", ex.has_decode_point() ? json{ex.decode_x(), ex.decode_y()} : json(nullptr)},
      {"traversal", traversal_json(ex)},
      {"interpolation", {ex.interpolation_from(), ex.interpolation_to()}},
      {"neighbours", out.neighbours},
      {"rects", {{"map", rect_json(panel.map_rect)}, {"pcaMap", rect_json(panel.pca_rect)},
                 {"slider", rect_json(panel.slider_rect)}, {"decoded", rect_json(panel.decoded_rect)}}},
      {"tickMs", number(ex.last_tick_ms())},
      {"maxTickMs", number(ex.max_tick_ms())}});
}

// Decodes the point (x, y) of the model's map (map coordinates, as in latent().input). Returns 0 for bad values.
int aeplay_latent_decode_at(float x, float y) { return app().latent.set_decode_point(x, y) ? 1 : 0; }

int aeplay_latent_set_traversal(int dim, float value) {
  auto& ex = app().latent;
  ex.update_outputs(app().playground);
  return ex.set_traversal(dim, value) ? 1 : 0;
}

// Interpolation endpoints: MNIST test indices, -1 = the current input. Returns 0 if out of range.
int aeplay_latent_interpolate(int a, int b) {
  const int n = static_cast<int>(app().playground.test_set().size());
  if (a >= n || b >= n) return 0;
  return app().latent.set_interpolation(a, b) ? 1 : 0;
}

// One of kLatentArrayNames; *count receives the float count (0 and nullptr for an unknown name).
const float* aeplay_latent_array(const char* name, int* count) {
  auto& ex = app().latent;
  ex.update_outputs(app().playground);
  *count = 0;
  for (size_t i = 0; i < std::size(aeplay::kLatentArrayNames); ++i)
    if (!std::strcmp(name, aeplay::kLatentArrayNames[i])) {
      const std::vector<float>& v = ex.array(static_cast<aeplay::LatentArray>(i));
      *count = static_cast<int>(v.size());
      return v.data();
    }
  return nullptr;
}

const char* aeplay_latent_array_names() {
  return give_json(json(std::vector<std::string>(std::begin(aeplay::kLatentArrayNames), std::end(aeplay::kLatentArrayNames))));
}

// --- the list of entry points itself ------------------------------------------------------------------------

namespace {
// Taking every listed entry point's address: a listed function without a definition fails the link.
#define AEPLAY_ADDRESS(ret, name, params, js_ret, js_args) reinterpret_cast<const void*>(&name),
[[maybe_unused]] const void* const kEntryPointAddresses[] = {AEPLAY_ENTRY_POINTS(AEPLAY_ADDRESS)};
#undef AEPLAY_ADDRESS
}  // namespace

// [{"name", "returns", "args": [...]}, ...]: what web/api.js wraps with Module.cwrap.
const char* aeplay_entry_points() {
  json list = json::array();
  auto add = [&](const char* name, const char* ret, const std::string& args) {
    json types = json::array();
    for (size_t start = 0; start < args.size();) {
      const size_t comma = args.find(',', start);
      types.push_back(args.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      start = comma == std::string::npos ? args.size() : comma + 1;
    }
    list.push_back({{"name", name}, {"returns", ret}, {"args", types}});
  };
#define AEPLAY_DESCRIBE(ret, name, params, js_ret, js_args) add(#name, js_ret, js_args);
  AEPLAY_ENTRY_POINTS(AEPLAY_DESCRIBE)
#undef AEPLAY_DESCRIBE
  return give_json(list);
}
