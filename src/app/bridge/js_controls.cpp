// JS API: the controls a course author or a test drives — input, noise, model, training, panels.
// Every entry point validates its input and returns an error (or 0) instead of throwing.
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/catalog.h"
#include "error.h"
#include "platform/host.h"
#include "bridge/bridge.h"

using aeplay::web::app;
using aeplay::web::give;

int aeplay_select_model(const char* id) { return app().playground.select_model(id) ? 1 : 0; }

// "gaussian:0.5", "mask:0.3", "none", ... Returns "" or the parse error (the noise is unchanged then).
const char* aeplay_set_noise(const char* spec) {
  try {
    app().playground.set_noise(ae::parse_noise(spec));
    return give("");
  } catch (const ae::Error& e) {
    return give(e.what());
  }
}

void aeplay_set_seed(double seed) {
  if (std::isfinite(seed) && seed >= 0) app().playground.set_seed(static_cast<uint64_t>(seed));
}

int aeplay_load_test_digit(int index) { return app().playground.use_test_digit(index) ? 1 : 0; }
int aeplay_random_test_digit() { return app().playground.random_test_digit(); }

// Drawing in canvas units (0..1, origin top-left), as the mouse would.
void aeplay_stroke_begin(float x, float y) { app().playground.begin_stroke(x, y); }
void aeplay_stroke_move(float x, float y) { app().playground.extend_stroke(x, y); }
void aeplay_stroke_end() { app().playground.end_stroke(); }
void aeplay_clear_drawing() { app().playground.clear_drawing(); }
void aeplay_undo() { app().playground.undo_stroke(); }
// "pen" (strokes draw the input) or "eraser" (strokes paint the mask the model must fill in). Returns "" or why not.
const char* aeplay_set_tool(const char* tool) {
  const std::string t = tool ? tool : "";
  if (t != "pen" && t != "eraser") return "tool must be pen or eraser";
  app().playground.set_tool(t == "pen" ? aeplay::Tool::Pen : aeplay::Tool::Eraser);
  return "";
}
void aeplay_clear_eraser() { app().playground.clear_eraser(); }
const char* aeplay_set_input(const uint8_t* pixels, int n) {
  if (!pixels || n < 0) return give("no pixels");
  return give(app().playground.use_image(std::vector<uint8_t>(pixels, pixels + n)));
}

namespace {
// The two train entry points differ only in how the settings are made; both then start through
// Playground::start_training (the Train panel's path too). make_settings may throw ae::Error.
template <class MakeSettings>
const char* start_training(MakeSettings make_settings, int batch, int images, int epochs) {
  auto& pg = app().playground;
  aeplay::TrainSettings s;
  try {
    s = make_settings();
  } catch (const ae::Error& e) {
    pg.notify(std::string("Training not started: ") + e.what(), true);
    return give(e.what());
  }
  s.batch = batch;
  s.train_images = images;
  s.epochs = epochs;
  s.seed = pg.seed();
  return give(pg.start_training(s));
}

std::vector<int> parse_layers(const char* layers) {
  std::vector<int> sizes;
  for (const char* p = layers; *p;) {
    char* end = nullptr;
    const long v = std::strtol(p, &end, 10);
    if (end == p || (*end != ',' && *end) || v < 1 || v > ae::kMaxLayerSize)
      throw ae::Error("layers must look like 784,64,16");
    sizes.push_back(static_cast<int>(v));
    p = *end == ',' ? end + 1 : end;
  }
  return sizes;
}
}  // namespace

// A dense autoencoder. noise: "gaussian:0.5" etc. Returns "" or an error.
const char* aeplay_train_start(const char* layers, const char* noise, double lr, int batch, int images, int epochs) {
  return start_training([&] {
    aeplay::TrainSettings s;
    s.model.sizes = parse_layers(layers);
    s.noise = ae::parse_noise(noise);
    s.lr = static_cast<float>(lr);
    return s;
  }, batch, images, epochs);
}

// A family preset, as the Train panel trains it. lr <= 0 keeps the preset's.
const char* aeplay_train_preset(const char* preset, int code, const char* noise, double lr, int batch, int images,
                                int epochs) {
  return start_training([&] {
    const ae::Preset& p = ae::find_preset(preset);
    if (!p.trains_in_page) throw ae::Error(std::string(preset) + " trains with the CLI only (aeplay train --preset)");
    aeplay::TrainSettings s = aeplay::settings_for_preset(p, code);
    if (noise && *noise) s.noise = ae::parse_noise(noise);
    if (lr > 0) s.lr = static_cast<float>(lr);
    return s;
  }, batch, images, epochs);
}

void aeplay_train_pause() { app().pause_training(); }
void aeplay_train_resume() { app().playground.resume_training(); }
// As the Train panel's Discard: the model goes, also from the browser's storage.
void aeplay_train_discard() {
  app().playground.discard_training();
  aeplay::host::forget_trained();
}

void aeplay_inside_show(int open) { app().ui.inside.open_request = open != 0; }
