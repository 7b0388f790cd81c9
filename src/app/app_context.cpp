#include "app_context.h"

#include <algorithm>
#include <chrono>
#include <functional>

#include "core/catalog.h"
#include "core/lessons.h"
#include "ui/frame.h"

namespace aeplay {

namespace {
// Training time per frame: what is left of a 30 frames/s frame (33 ms) after drawing, within [8, 24] ms,
// so fast GPUs train most of the frame and slow (software) rendering still keeps the page responsive.
double training_budget_ms(double frame_ms, double train_ms) {
  const double render_ms = std::max(0.0, frame_ms - train_ms);
  return std::clamp(28.0 - render_ms, 8.0, 24.0);
}
}  // namespace

void AppContext::train_for_a_frame() {
  if (lab.trains_here()) lab.advance(training_budget_ms(ui.frame_ms, ui.train_ms));
  if (few_labels.trains_here()) few_labels.advance(training_budget_ms(ui.frame_ms, ui.train_ms));
  if (playground.training().state() != TrainState::Running) return;
  const auto t0 = std::chrono::steady_clock::now();
  const Playground::TrainingTick tick = playground.advance_training(training_budget_ms(ui.frame_ms, ui.train_ms));
  const double spent = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ui.train_ms = 0.9 * ui.train_ms + 0.1 * spent;
  // Saved at every epoch end, and when the guard stopped a diverging run (its last good weights are the model).
  if (tick.epoch_finished || tick.stopped_by_failure) persist_trained(playground, *this);
}

void AppContext::on_training_report(int run, const std::string& json) {
  if (lab.owns_run(run)) return lab.on_report(run, json);
  if (few_labels.owns_run(run)) return few_labels.on_report(run, json);
  const Playground::TrainingTick tick = playground.on_training_report(run, json);
  if (tick.epoch_finished || tick.stopped_by_failure || tick.rested) persist_trained(playground, *this);
}

void AppContext::on_training_snapshot(int run, const float* params, size_t count) {
  if (lab.owns_run(run)) return lab.on_snapshot(run, params, count);
  if (few_labels.owns_run(run)) return;  // a few-labels run sends no weights
  playground.on_training_snapshot(run, params, count);
}

void AppContext::on_training_failure(int run, const std::string& why) {
  if (lab.owns_run(run)) {
    if (lab.on_failure(run, why)) playground.notify("The lab's training stopped: " + why, true);
    return;
  }
  if (few_labels.owns_run(run)) {
    if (few_labels.on_failure(run, why)) playground.notify("The few-labels training stopped: " + why, true);
    return;
  }
  if (playground.on_training_failure(run, why).stopped_by_failure) persist_trained(playground, *this);
}

void AppContext::frame(const Platform& platform) {
  ++frames;
  // The time between two drawn frames is a frame's cost only when the tick before this one drew too.
  if (platform.last_tick_drew) ui.frame_ms = 0.9 * ui.frame_ms + 0.1 * (1000.0 * ImGui::GetIO().DeltaTime);
  train_for_a_frame();
  playground.update();
  lab.update();
  PanelContext c{playground, latent, lab, ui, platform, *this, few_labels};
  draw_frame(c);
}

void AppContext::frame_without_gl() {
  train_for_a_frame();
  playground.update();
  lab.update();
}

namespace {
// FNV-1a, folded one 64-bit value at a time: a stamp, not a checksum (a collision costs one frame not drawn
// until the next change).
struct Stamp {
  uint64_t h = 14695981039346656037ull;
  Stamp& add(uint64_t v) {
    h = (h ^ v) * 1099511628211ull;
    return *this;
  }
};
}  // namespace

uint64_t AppContext::state_stamp() const {
  const Versions& v = playground.versions();
  const TrainingSession& t = playground.training();
  Stamp s;
  s.add(v.input).add(v.corruption).add(v.model).add(v.model_epoch).add(v.test_set);
  s.add(static_cast<uint64_t>(t.state())).add(t.run()).add(t.samples_seen()).add(t.curve_loss().size());
  s.add(t.history().size()).add(t.failure().size());
  s.add(playground.notices().size()).add(playground.models().size()).add(playground.train_set().size());
  s.add(playground.user_set().version()).add(std::hash<std::string>()(playground.dataset()));
  s.add(latent.snapshot_version()).add(latent.pca_ready()).add(playground.tangent_computations());
  s.add(ui.inside.search.computations());
  s.add(ui.page.lab_view).add(lab.stamp());
  s.add(few_labels.stamp());
  return s.h;
}

bool AppContext::busy() const {
  const TrainingSession& t = playground.training();
  const bool training_here = t.state() == TrainState::Running && !t.remote();
  return training_here || lab.trains_here() || few_labels.trains_here() || latent.has_work(playground);
}

void AppContext::rebuild_gl(const Platform& platform) {
  ++gl_restores;
  forget_gl_objects(ui);
  std::string error;
  if (!ui.renderer.init(platform.glsl_version, error)) playground.notify("Cannot draw images: " + error, true);
}

void AppContext::apply_page_settings(const std::string& query) {
  ParsedSettings parsed = parse_page_settings(query, known_model_ids());
  ui.page = parsed.settings;
  playground.set_dataset(ui.page.dataset);  // before any data arrives: nothing to drop yet
  // Without model= in the URL, a data set shows one of its own models (a lesson's choice is kept if it is one).
  auto dataset_of = [](const std::string& id) {
    for (const auto& m : shipped_models())
      if (id == m.id) return std::string(m.dataset);
    return std::string();
  };
  if (!ui.page.model_given && dataset_of(ui.page.model) != ui.page.dataset)
    for (const auto& m : shipped_models())
      if (ui.page.dataset == m.dataset) {
        ui.page.model = m.id;
        break;
      }
  playground.set_noise(parsed.settings.noise);
  playground.set_seed(parsed.settings.seed);
  for (const auto& n : parsed.notices) playground.notify(n, true);
  if (ui.page.lab_view) {
    const std::string err = lab.apply(ui.page.lab);
    if (!err.empty()) playground.notify("The lab's settings were not used: " + err, true);
    ui.page.lab = lab.settings();
  }
  // The tangent lesson opens "Inside the model" on its tangent plane tab.
  if (ui.page.lesson == "digit-tangents") ui.inside.open_request = true, ui.inside.select_tangents = true;
  if (ui.page.lesson == "search-by-code") ui.inside.open_request = true, ui.inside.select_search = true;
  // The few-labels lesson's controls are the latent panel's last section: the panel starts open.
  if (ui.page.lesson == "few-labels") ui.latent.open_request = true;
  // A lesson about training chooses the Train panel's family.
  if (const Lesson* lesson = find_lesson(ui.page.lesson); lesson && *lesson->train_preset)
    for (size_t i = 0; i < page_presets().size(); ++i)
      if (page_presets()[i]->name == lesson->train_preset) apply_preset(ui.train.form, static_cast<int>(i));
}

std::string AppContext::add_model(const std::string& id, const std::string& label, const std::vector<uint8_t>& bytes,
                                  Origin origin, bool select) {
  const std::string err = playground.add_model_bytes(id, label, bytes, origin);
  if (!err.empty()) {
    playground.notify("Model not loaded: " + err, true);
    return err;
  }
  if (select || playground.current_model_id().empty()) playground.select_model(id);
  if (origin != Origin::Shipped) playground.notify("Loaded " + label + ".");
  return "";
}

void AppContext::on_model(const std::string& id, const std::vector<uint8_t>& bytes, bool select) {
  add_model(id, id, bytes, Origin::Shipped, select);
}

std::string AppContext::set_dataset_split(const std::string& dataset, bool train, ByteView images, ByteView labels) {
  if (dataset != playground.dataset()) return "";  // the user switched data sets while this was on its way
  if (!train) {
    const std::string err = playground.load_test_set(images, labels);
    if (!err.empty()) {
      playground.notify(err, true);
    } else if (ui.page.digit >= 0) {  // the URL's digit=, shown once: a later, fuller copy of the set keeps the input
      if (!playground.use_test_digit(ui.page.digit)) playground.notify("digit index out of range", true);
      ui.page.digit = -1;
    }
    return err;
  }
  const std::string err = playground.load_train_set(images, labels);
  if (!err.empty()) {
    playground.notify(err, true);
    ui.train.start_when_data_arrives = false;
  } else if (ui.train.start_when_data_arrives) {
    start_training_from_form(playground, ui.train, *this);
  }
  return err;
}

void AppContext::on_dataset_split(const std::string& dataset, bool train, const std::vector<uint8_t>& images,
                                  const std::vector<uint8_t>& labels) {
  set_dataset_split(dataset, train, images, labels);
}

std::string AppContext::switch_dataset(const std::string& id) {
  const auto ids = Playground::dataset_ids();
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
    const std::string err = "no data set '" + id + "' (choose mnist, fashion or mine)";
    playground.notify("Data set not changed: " + err, true);
    return err;
  }
  aeplay::switch_dataset(playground, ui, *this, id);
  return "";
}

void AppContext::save_user_set() { host::save_user_set(playground.user_set().to_npz(), *this); }

void AppContext::pause_training() {
  playground.pause_training();
  // With a worker the paused weights arrive with its paused report, which saves them (on_training_report).
  if (!playground.training().remote()) persist_trained(playground, *this);
}

void AppContext::show_lab(bool open) { ui.page.lab_view = open; }

std::string AppContext::start_lab_training() {
  const std::string err = lab.start(playground.training_worker());
  if (!err.empty()) playground.notify("The lab's training did not start: " + err, true);
  return err;
}

std::string AppContext::start_few_labels(const FewLabelsSettings& s) {
  const std::string err =
      few_labels.start(playground.current_model(), playground.test_set(), s, playground.training_worker());
  if (!err.empty()) playground.notify("The few-labels training did not start: " + err, true);
  return err;
}

}  // namespace aeplay
