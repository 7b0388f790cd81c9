// JS API: the 2-D lab (aeplay.lab(), setLab(), trainLab(), stopLab(), showLab(), probeLab()): what it shows and
// where, for tests and course pages; settings as the URL spells them (core/lab_settings.h).
#include <cmath>
#include <string>

#include "bridge/bridge.h"

using aeplay::web::app;
using aeplay::web::give;
using aeplay::web::give_json;
using aeplay::web::number;
using aeplay::web::rect_json;
using nlohmann::json;

namespace {
json probe_json(const aeplay::LabProbe& p) {
  return {{"active", p.active}, {"x", p.x}, {"y", p.y}, {"rx", p.rx}, {"ry", p.ry}, {"code", p.code}};
}

json training_json(const aeplay::Lab& lab) {
  const aeplay::TrainingSession& t = lab.session();
  return {{"state", aeplay::to_string(t.state())},   {"epoch", t.progress().epoch},
          {"epochs", t.progress().epochs},           {"samplesSeen", t.samples_seen()},
          {"rate", number(t.samples_per_second())},  {"remote", t.remote()},
          {"loss", number(t.progress().batch_loss)}, {"failure", lab.failure()}};
}
}  // namespace

// {open, settings (the URL's form), training {state, epoch, epochs, samplesSeen, rate, remote, loss, failure},
//  snapshots, modelVersion, points, bounds {x0, y0, x1, y1}, plot {x, y, w, h} (CSS px), views (counts of what
//  the plot draws: curves, segments, arrows, jacobians, prior), computeMs, drawMs, probe {active, x, y, rx, ry,
//  code}}. The plot maps bounds to its square with y up.
const char* aeplay_lab_json() {
  const aeplay::Lab& lab = app().lab;
  const aeplay::LabViews& v = lab.views();
  const aeplay::LabBounds& b = lab.bounds();
  return give_json(json{{"open", app().ui.page.lab_view},
                        {"settings", aeplay::lab_query(lab.settings()).substr(1)},
                        {"drawn", lab.settings().drawn},
                        {"training", training_json(lab)},
                        {"snapshots", lab.snapshots()},
                        {"modelVersion", lab.model_version()},
                        {"viewsVersion", v.model_version},
                        {"points", lab.points().cols()},
                        {"bounds", {{"x0", b.x0}, {"y0", b.y0}, {"x1", b.x1}, {"y1", b.y1}}},
                        {"plot", rect_json(app().ui.lab.plot_rect)},
                        {"views",
                         {{"curves", v.curves.size()},
                          {"segments", v.recon.cols()},
                          {"arrows", v.grid_recon.cols()},
                          {"jacobians", v.jacobians.size()},
                          {"prior", v.prior.cols()}}},
                        {"computeMs", v.compute_ms},
                        {"drawMs", app().ui.lab.draw_ms},
                        {"probe", probe_json(lab.probe())}});
}

// Lab settings as URL parameters ("lab=moons&family=dae&sigma=0.2"): all or nothing; "" or the first reason.
const char* aeplay_lab_set(const char* query) {
  aeplay::LabSettings next = app().lab.settings();
  const std::string q = query ? query : "";
  for (size_t start = 0; start < q.size();) {
    const size_t amp = std::min(q.find('&', start), q.size());
    const std::string pair = q.substr(start, amp - start);
    start = amp + 1;
    if (pair.empty()) continue;
    const size_t eq = std::min(pair.find('='), pair.size());
    const std::string key = pair.substr(0, eq), value = eq < pair.size() ? pair.substr(eq + 1) : "";
    bool known = false;
    const std::string why = aeplay::apply_lab_param(key, value, next, known);
    if (!known) return give("setLab: unknown lab parameter '" + key + "'");
    if (!why.empty()) return give("setLab: " + key + ": " + why);
  }
  return give(app().lab.apply(next));
}

void aeplay_lab_show(int open) { app().show_lab(open != 0); }
// Starts (or restarts) training, in the worker when the page has one: "" or why not.
const char* aeplay_lab_train() { return give(app().start_lab_training()); }
void aeplay_lab_stop() { app().lab.stop(); }
// Picks the point (x, y) in plot coordinates, as a press on the plot does.
int aeplay_lab_probe(float x, float y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return 0;
  app().lab.set_probe(x, y);
  return 1;
}
