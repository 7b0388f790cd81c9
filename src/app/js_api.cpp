// The JS API's entry points (window.aeplay in web/api.js wraps them): data and model loading for the
// page, and controls + read-back for tests and course authors. Every entry point validates its input,
// reports problems as a notice on the page and returns an error code instead of throwing.
#include <emscripten.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "app_context.h"
#include "error.h"
#include "presets.h"

using aeplay::app;

namespace {

std::vector<uint8_t> bytes_of(const uint8_t* p, int n) { return n > 0 && p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>{}; }

std::string g_result;  // backing store of the last string returned to JS

const char* give(std::string s) {
  g_result = std::move(s);
  return g_result.c_str();
}

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string quote(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\', q += c;
    else if (static_cast<unsigned char>(c) < 0x20) q += ' ';
    else q += c;
  }
  return q + "\"";
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE uint8_t* aeplay_alloc(int n) { return n > 0 ? static_cast<uint8_t*>(std::malloc(static_cast<size_t>(n))) : nullptr; }
EMSCRIPTEN_KEEPALIVE void aeplay_free(void* p) { std::free(p); }

// Data: IDX bytes (already gunzipped by the page). Returns "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* aeplay_set_test_data(const uint8_t* img, int n, const uint8_t* lab, int m) {
  auto& pg = app().playground;
  std::string err = pg.load_test_set(bytes_of(img, n), bytes_of(lab, m));
  if (!err.empty()) pg.notify(err, true);
  else if (app().ui.page.digit >= 0 && !pg.use_test_digit(app().ui.page.digit)) pg.notify("digit index out of range", true);
  return give(err);
}

EMSCRIPTEN_KEEPALIVE const char* aeplay_set_train_data(const uint8_t* img, int n, const uint8_t* lab, int m) {
  auto& pg = app().playground;
  std::string err = pg.load_train_set(bytes_of(img, n), bytes_of(lab, m));
  if (!err.empty()) {
    pg.notify(err, true);
    app().ui.start_when_data_arrives = false;
  } else {
    aeplay::train_set_arrived();
  }
  return give(err);
}

// origin: 0 shipped, 1 uploaded by the user. A bad file leaves the current model selected and in use.
EMSCRIPTEN_KEEPALIVE const char* aeplay_add_model(const char* id, const char* label, const uint8_t* data, int n,
                                                  int origin, int select) {
  auto& pg = app().playground;
  std::string err = pg.add_model_bytes(id, label, bytes_of(data, n), origin == 0 ? aeplay::Origin::Shipped : aeplay::Origin::Uploaded);
  if (!err.empty()) {
    pg.notify(std::string("Model not loaded: ") + err, true);
  } else {
    if (select || pg.current_model_id().empty())
      pg.select_model(id);
    if (origin != 0) pg.notify(std::string("Loaded ") + label + ".");
  }
  return give(err);
}

EMSCRIPTEN_KEEPALIVE const char* aeplay_restore_trained(const uint8_t* data, int n, const char* history) {
  std::string err = aeplay::restore_trained(bytes_of(data, n), history ? history : "");
  if (!err.empty()) app().playground.notify(err, true);
  return give(err);
}

EMSCRIPTEN_KEEPALIVE int aeplay_select_model(const char* id) { return app().playground.select_model(id) ? 1 : 0; }

// "gaussian:0.5", "mask:0.3", "none", ... Returns "" or the parse error (the noise is unchanged then).
EMSCRIPTEN_KEEPALIVE const char* aeplay_set_noise(const char* spec) {
  try {
    app().playground.set_noise(ae::parse_noise(spec));
    return give("");
  } catch (const ae::Error& e) {
    return give(e.what());
  }
}

EMSCRIPTEN_KEEPALIVE void aeplay_set_seed(double seed) {
  if (std::isfinite(seed) && seed >= 0) app().playground.set_seed(static_cast<uint64_t>(seed));
}

EMSCRIPTEN_KEEPALIVE int aeplay_load_test_digit(int index) { return app().playground.use_test_digit(index) ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE int aeplay_random_test_digit() { return app().playground.random_test_digit(); }

// Drawing in canvas units (0..1, origin top-left), as the mouse would.
EMSCRIPTEN_KEEPALIVE void aeplay_stroke_begin(float x, float y) {
  auto& pg = app().playground;
  if (pg.source() != aeplay::InputSource::Drawing) pg.drawing().clear();
  pg.use_drawing();
  pg.drawing().begin_stroke(x, y);
}
EMSCRIPTEN_KEEPALIVE void aeplay_stroke_move(float x, float y) { app().playground.drawing().extend_stroke(x, y); }
EMSCRIPTEN_KEEPALIVE void aeplay_stroke_end() { app().playground.drawing().end_stroke(); }
EMSCRIPTEN_KEEPALIVE void aeplay_clear_drawing() { app().playground.drawing().clear(); app().playground.use_drawing(); }
EMSCRIPTEN_KEEPALIVE void aeplay_undo() { app().playground.drawing().undo(); }

// 0 clean, 1 corrupted, 2 reconstruction, 3 |error|: 784 floats, row-major 28x28, current as of the call.
EMSCRIPTEN_KEEPALIVE const float* aeplay_array(int which) {
  auto& pg = app().playground;
  pg.update();
  switch (which) {
    case 0: return pg.clean().data();
    case 1: return pg.corrupted().data();
    case 2: return pg.reconstruction().data();
    default: return pg.error_map().data();
  }
}

}  // extern "C"

namespace {
// The two train entry points differ only in how the settings are made; the rest (run size, seed, the data
// check, start, select, errors as notices) is here. make_settings may throw ae::Error.
template <class MakeSettings>
const char* start_training_from_js(MakeSettings make_settings, int batch, int images, int epochs) {
  auto& pg = app().playground;
  try {
    aeplay::TrainSettings s = make_settings();
    s.batch = batch;
    s.train_images = images;
    s.epochs = epochs;
    s.seed = pg.seed();
    if (pg.train_set().size() < images) throw ae::Error("the training set is not loaded yet (call aeplay.loadTrainingSet())");
    pg.training.start(s, pg.train_set(), pg.test_set());
    pg.select_model(aeplay::Playground::kTrainedId);
    return give("");
  } catch (const ae::Error& e) {
    pg.notify(std::string("Training not started: ") + e.what(), true);
    return give(e.what());
  }
}
}  // namespace

extern "C" {

// Starts training a dense autoencoder like the Train panel does. noise: "gaussian:0.5" etc. Returns "" or an error.
EMSCRIPTEN_KEEPALIVE const char* aeplay_train_start(const char* layers, const char* noise, double lr, int batch,
                                                   int images, int epochs) {
  return start_training_from_js([&] {
    aeplay::TrainSettings s;
    s.model.sizes.clear();
    for (const char* p = layers; *p;) {
      char* end = nullptr;
      long v = std::strtol(p, &end, 10);
      if (end == p || (*end != ',' && *end)) throw ae::Error("layers must look like 784,64,16");
      s.model.sizes.push_back(static_cast<int>(v));
      p = *end == ',' ? end + 1 : end;
    }
    s.noise = ae::parse_noise(noise);
    s.lr = static_cast<float>(lr);
    return s;
  }, batch, images, epochs);
}

// Lists a model the page can fetch on demand (it shows in the model list before it is loaded).
EMSCRIPTEN_KEEPALIVE void aeplay_list_model(const char* id, const char* label) { app().playground.list_model(id, label); }

// Trains a family preset in the page (as the Train panel does). lr <= 0 keeps the preset's.
EMSCRIPTEN_KEEPALIVE const char* aeplay_train_preset(const char* preset, int code, const char* noise, double lr,
                                                    int batch, int images, int epochs) {
  return start_training_from_js([&] {
    aeplay::TrainSettings s = aeplay::settings_for_preset(ae::find_preset(preset), code);
    if (noise && *noise) s.noise = ae::parse_noise(noise);
    if (lr > 0) s.lr = static_cast<float>(lr);
    return s;
  }, batch, images, epochs);
}

EMSCRIPTEN_KEEPALIVE void aeplay_inside_show(int open) { app().ui.inside_request = open ? 1 : 0; }

// n decoded samples z ~ N(0, I) of the current model (a VAE), 784 floats each; nullptr otherwise.
EMSCRIPTEN_KEEPALIVE const float* aeplay_vae_samples(int n, double seed) {
  static ae::Mat samples;
  const ae::Autoencoder* m = app().playground.current_model();
  if (!m || m->spec().family != ae::Family::Vae || n < 1 || n > 1024) return nullptr;
  ae::Rng rng(static_cast<uint64_t>(seed), 11);
  samples = m->sample(n, rng);
  return samples.data();
}

// What the "Inside the model" panel shows, as JSON: family, filters, the current code, code statistics.
EMSCRIPTEN_KEEPALIVE const char* aeplay_inside_json() {
  auto& pg = app().playground;
  const ae::Autoencoder* m = pg.current_model();
  if (!m) return give("{}");
  pg.update();
  const aeplay::Tiles filters = pg.encoder_filters(64);
  const aeplay::CodeStats& st = pg.code_stats();
  std::string s = "{\"family\":" + quote(ae::to_string(m->spec().family));
  s += ",\"penalty\":" + quote(ae::to_string(m->spec().penalty));
  s += ",\"latentSize\":" + num(m->latent_size()) + ",\"filters\":" + num(filters.count);
  s += ",\"codeMeanActivation\":" + num(st.mean_activation) + ",\"codeZeroFraction\":" + num(st.zero_fraction);
  s += ",\"sparsityTarget\":" + num(m->spec().sparsity_target) + ",\"code\":[";
  const std::vector<float> code = pg.current_code();
  for (size_t i = 0; i < code.size(); ++i) s += (i ? "," : "") + num(code[i]);
  return give(s + "]}");
}

EMSCRIPTEN_KEEPALIVE void aeplay_train_pause() { app().playground.training.pause(); aeplay::persist_trained(app().playground); }
EMSCRIPTEN_KEEPALIVE void aeplay_train_resume() { app().playground.training.resume(); }

// Everything a test or a course page may want to read, as JSON.
EMSCRIPTEN_KEEPALIVE const char* aeplay_state_json() {
  auto& pg = app().playground;
  pg.update();
  const auto& m = pg.metrics();
  const auto& t = pg.training;
  std::string s = "{";
  s += "\"model\":" + quote(pg.current_model_id()) + ",\"modelLabel\":" + quote(pg.current_model_label());
  s += ",\"wantedModel\":" + quote(app().ui.page.model);
  s += ",\"models\":[";
  for (size_t i = 0; i < pg.models().size(); ++i) s += (i ? "," : "") + quote(pg.models()[i].id);
  s += "],\"noise\":" + quote(ae::to_string(pg.noise())) + ",\"seed\":" + num(static_cast<double>(pg.seed()));
  s += ",\"source\":" + quote(pg.source() == aeplay::InputSource::Drawing ? "drawing" : "test");
  s += ",\"digit\":" + num(pg.test_digit());
  s += ",\"label\":" + num(pg.source() == aeplay::InputSource::TestDigit && pg.test_digit() < pg.test_set().size() && !pg.test_set().labels.empty()
                              ? pg.test_set().labels[static_cast<size_t>(pg.test_digit())] : -1);
  s += ",\"testImages\":" + num(static_cast<double>(pg.test_set().size()));
  s += ",\"trainImages\":" + num(static_cast<double>(pg.train_set().size()));
  s += ",\"metrics\":{\"corruptedMse\":" + num(m.corrupted_mse) + ",\"corruptedPsnr\":" + num(m.corrupted_psnr);
  s += ",\"reconstructionMse\":" + (m.has_reconstruction ? num(m.reconstruction_mse) : "null");
  s += ",\"reconstructionPsnr\":" + (m.has_reconstruction ? num(m.reconstruction_psnr) : "null");
  s += ",\"reconstructionMs\":" + num(pg.last_update_ms()) + "}";
  s += ",\"training\":{\"state\":" + quote(aeplay::to_string(t.state())) + ",\"epoch\":" + num(t.progress().epoch);
  s += ",\"epochs\":" + num(t.progress().epochs) + ",\"batches\":" + num(static_cast<double>(t.progress().total_batches));
  s += ",\"samplesPerSecond\":" + num(t.samples_per_second()) + ",\"runningLoss\":" + num(t.progress().running_loss);
  s += ",\"history\":" + aeplay::history_json(t) + ",\"failure\":" + quote(t.failure()) + "}";
  s += ",\"notices\":[";
  for (size_t i = 0; i < pg.notices().size(); ++i) s += (i ? "," : "") + quote(pg.notices()[i].text);
  s += "],\"frames\":" + num(static_cast<double>(app().frames)) + "}";
  return give(s);
}

}  // extern "C"

extern "C" EMSCRIPTEN_KEEPALIVE void aeplay_notify(const char* text) { app().playground.notify(text, true); }

// --- the "Latent space" panel (latent_panel.h) ---------------------------------------------------------------
#include "latent_panel.h"

namespace {
std::string rect_json(const aeplay::ScreenRect& r) {
  return "{\"x\":" + num(r.x) + ",\"y\":" + num(r.y) + ",\"w\":" + num(r.w) + ",\"h\":" + num(r.h) + "}";
}
std::string probe_json(const ae::ProbeAccuracy& a) {
  return "{\"knn\":" + (a.knn < 0 ? std::string("null") : num(a.knn)) +
         ",\"linear\":" + (a.linear < 0 ? std::string("null") : num(a.linear)) + "}";
}
}  // namespace

extern "C" {

// Opens (1) or closes (0) the panel; while open it computes the map, probes and pictures.
EMSCRIPTEN_KEEPALIVE void aeplay_latent_show(int open) { aeplay::request_latent_panel(open != 0); }

EMSCRIPTEN_KEEPALIVE const char* aeplay_latent_json() {
  auto& ex = aeplay::latent_explorer();
  ex.update_outputs(app().playground);
  const ae::CodeSpace& ms = ex.model_space();
  const ae::CodeSpace& ps = ex.pca_space();
  std::string s = "{\"active\":" + std::string(ex.active ? "true" : "false");
  s += ",\"model\":" + quote(ex.model() ? ex.model_label : "") + ",\"latentSize\":" + num(ex.latent_size());
  s += ",\"points\":" + num(ms.codes_ready() ? static_cast<double>(ms.points().cols()) : 0);
  s += ",\"projection\":" + quote(ex.latent_size() <= 2 ? "direct" : "pca");
  s += ",\"mapReady\":" + std::string(ms.codes_ready() ? "true" : "false");
  s += ",\"ready\":" + std::string(ms.done() && ps.done() ? "true" : "false");
  s += ",\"progress\":" + num(0.5 * ms.progress() + 0.5 * ps.progress());
  s += ",\"probeAccuracy\":" + probe_json(ms.probe()) + ",\"pcaProbeAccuracy\":" + probe_json(ps.probe());
  s += ",\"pcaPoints\":" + num(ps.codes_ready() ? static_cast<double>(ps.points().cols()) : 0);
  s += ",\"prediction\":" + num(ex.prediction) + ",\"corruptedPrediction\":" + num(ex.corrupted_prediction);
  s += ",\"pcaPrediction\":" + num(ex.pca_prediction);
  s += ",\"input\":[" + num(ex.input_x) + "," + num(ex.input_y) + "]";
  s += ",\"decodePoint\":" + (ex.has_decode_point ? "[" + num(ex.decode_x) + "," + num(ex.decode_y) + "]" : std::string("null"));
  s += ",\"traversal\":{\"axis\":" + num(ex.traversal_axis) + ",\"code\":[";
  for (Eigen::Index i = 0; i < ex.traversal_code.size(); ++i) s += (i ? "," : "") + num(ex.traversal_code(i));
  s += "],\"lo\":[";
  for (size_t i = 0; i < ex.traversal_lo.size(); ++i) s += (i ? "," : "") + num(ex.traversal_lo[i]);
  s += "],\"hi\":[";
  for (size_t i = 0; i < ex.traversal_hi.size(); ++i) s += (i ? "," : "") + num(ex.traversal_hi[i]);
  s += "]},\"interpolation\":[" + num(ex.interp_a) + "," + num(ex.interp_b) + "]";
  s += ",\"neighbours\":[";
  for (size_t i = 0; i < ex.neighbours.size(); ++i) s += (i ? "," : "") + num(ex.neighbours[i]);
  s += "],\"rects\":{\"map\":" + rect_json(ex.map_rect) + ",\"pcaMap\":" + rect_json(ex.pca_rect);
  s += ",\"slider\":" + rect_json(ex.slider_rect) + ",\"decoded\":" + rect_json(ex.decoded_rect) + "}";
  s += ",\"tickMs\":" + num(ex.last_tick_ms) + ",\"maxTickMs\":" + num(ex.max_tick_ms) + "}";
  return give(s);
}

// Decodes the point (x, y) of the model's map (map coordinates, as in latent().input). Returns 0 for bad values.
EMSCRIPTEN_KEEPALIVE int aeplay_latent_decode_at(float x, float y) {
  return aeplay::latent_explorer().set_decode_point(x, y) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE int aeplay_latent_set_traversal(int dim, float value) {
  auto& ex = aeplay::latent_explorer();
  ex.update_outputs(app().playground);
  return ex.set_traversal(dim, value) ? 1 : 0;
}
// Interpolation endpoints: MNIST test indices, -1 = the current input. Returns 0 if out of range.
EMSCRIPTEN_KEEPALIVE int aeplay_latent_interpolate(int a, int b) {
  const int n = static_cast<int>(app().playground.test_set().size());
  if (a < -1 || b < -1 || a >= n || b >= n) return 0;
  aeplay::latent_explorer().set_interpolation(a, b);
  return 1;
}
// 0 decoded point, 1 traversal output (784 floats each); 2 traversal strip, 3 linear, 4 spherical, 5 pixel
// blend, 6 neighbours (strips: 28 rows of 28*n floats), 7 the decoded 9x9 grid over the map's view (252 x 252).
// *count receives the float count.
EMSCRIPTEN_KEEPALIVE const float* aeplay_latent_array(int which, int* count) {
  auto& ex = aeplay::latent_explorer();
  ex.update_outputs(app().playground);
  const std::vector<float>* v = nullptr;
  switch (which) {
    case 0: v = &ex.decoded; break;
    case 1: v = &ex.traversal_image; break;
    case 2: v = &ex.traversal_strip; break;
    case 3: v = &ex.lerp_strip; break;
    case 4: v = &ex.slerp_strip; break;
    case 5: v = &ex.pixel_strip; break;
    case 7: v = &ex.grid_image; break;
    default: v = &ex.neighbour_strip; break;
  }
  *count = static_cast<int>(v->size());
  return v->data();
}

}  // extern "C"
