// The one Bridge (bridge.h) and the changes pushed to the page (web/changes.js): publish_changes() runs once
// per tick (app_main.cpp's tick hook) and after each training worker message; it compares a small struct of
// what the page follows with the one it sent last and, only when they differ, calls
// Module.aeplayEvents.changed({...}) (no JSON, no polling).
#include <emscripten.h>

#include "bridge/bridge.h"

// clang-format off
EM_JS(void, js_changed, (double input, double corruption, double model, double model_epoch, double test_set,
                         int models, int loaded, const char* dataset, const char* training, int epoch,
                         double batches, int prediction, int content_height), {
  Module.aeplayEvents.changed({input: input, corruption: corruption, model: model, modelEpoch: model_epoch,
                               testSet: test_set, models: models, loaded: loaded, dataset: UTF8ToString(dataset),
                               training: UTF8ToString(training), epoch: epoch, batches: batches,
                               prediction: prediction, contentHeight: content_height});
});
// clang-format on

namespace aeplay::web {
namespace {
Bridge the_bridge;  // the one: the entry points are C functions and cannot carry it (bridge.h)
}  // namespace

Bridge& bridge() { return the_bridge; }
void attach(AppContext& app) { the_bridge.app = &app; }

const char* give(std::string s) {
  app().bridge.text = std::move(s);
  return app().bridge.text.c_str();
}

static PageSignals signals_of(const AppContext& a) {
  const Playground& pg = a.playground;
  PageSignals s;
  s.versions = pg.versions();
  s.models = static_cast<int>(pg.models().size());
  for (const auto& m : pg.models()) s.loaded += m.model ? 1 : 0;
  s.dataset = pg.dataset();
  s.training = pg.training().state();
  s.epoch = pg.training().progress().epoch;
  s.batches = pg.training().progress().total_batches;
  s.prediction = a.latent.outputs().prediction;
  s.content_height = static_cast<int>(a.ui.layout.content_height + 0.5f);
  return s;
}

void publish_changes() {
  Bridge& b = the_bridge;
  if (!b.app) return;
  const PageSignals now = signals_of(*b.app);
  if (b.sent_once && now == b.sent) return;
  b.sent = now;
  b.sent_once = true;
  const Versions& v = now.versions;
  js_changed(static_cast<double>(v.input), static_cast<double>(v.corruption), static_cast<double>(v.model),
             static_cast<double>(v.model_epoch), static_cast<double>(v.test_set), now.models, now.loaded,
             now.dataset.c_str(), to_string(now.training), now.epoch, static_cast<double>(now.batches), now.prediction,
             now.content_height);
}

}  // namespace aeplay::web
