// JS API: read-back — the views as arrays, "Inside the model", VAE samples, and the whole state as JSON.
#include <cstring>

#include "core/loss_history.h"
#include "core/page_facts.h"
#include "bridge/bridge.h"

using aeplay::web::app;
using aeplay::web::give;
using aeplay::web::give_json;
using aeplay::web::number;
using aeplay::web::rect_json;
using nlohmann::json;

namespace {
json names_of(const char* const* names, size_t n) { return json(std::vector<std::string>(names, names + n)); }
}  // namespace

// One of kOutputArrayNames ("clean", "corrupted", "reconstruction", "error", "mask"): kPixels floats, row-major 28x28,
// current as of the call; nullptr for an unknown name.
const float* aeplay_array(const char* name) {
  auto& pg = app().playground;
  pg.update();
  pg.input_scores();  // brings "quantised" up to date
  for (size_t i = 0; i < std::size(aeplay::kOutputArrayNames); ++i)
    if (!std::strcmp(name, aeplay::kOutputArrayNames[i])) return pg.output(static_cast<aeplay::OutputArray>(i)).data();
  return nullptr;
}
const char* aeplay_array_names() {
  return give_json(names_of(aeplay::kOutputArrayNames, std::size(aeplay::kOutputArrayNames)));
}

// n decoded samples z ~ N(0, I) of the current model (a VAE), kPixels floats each; nullptr otherwise.
const float* aeplay_vae_samples(int n, double seed) {
  if (n < 1 || n > 1024 || !std::isfinite(seed) || seed < 0) return nullptr;
  ae::Mat& samples = app().bridge.samples;
  samples = app().playground.vae_sample_images(n, static_cast<uint64_t>(seed));
  return samples.size() ? samples.data() : nullptr;
}

namespace {
// The tangent plane tab: whether it was drawn, what it last computed, where it drew it.
json tangents_json() {
  const auto& pg = app().playground;
  const aeplay::InsidePanelState& s = app().ui.inside;
  const aeplay::TangentPlane& tp = pg.last_tangent_plane();
  const ae::Vec& sv = tp.tangents.singular_values;
  const ae::Pca* pca = app().latent.pixel_pca();
  return {{"drawn", s.tangents_drawn},
          {"valid", tp.valid},
          {"of", tp.of_map ? "map" : "decoder"},
          {"singularValues", std::vector<float>(sv.data(), sv.data() + sv.size())},
          {"ms", number(tp.ms)},
          {"computations", pg.tangent_computations()},
          {"pcaReady", pca != nullptr},
          {"direction", s.tangent_direction},
          {"alpha", number(s.tangent_alpha)},
          {"rects", {{"tangents", rect_json(s.tangents_rect)}, {"pca", rect_json(s.pca_rect)},
                     {"moved", rect_json(s.moved_rect)}, {"alpha", rect_json(s.alpha_rect)}}}};
}
}  // namespace

// What the "Inside the model" panel shows: family, filters, the current code, code statistics, tangents.
const char* aeplay_inside_json() {
  auto& pg = app().playground;
  const ae::Autoencoder* m = pg.current_model();
  if (!m) return give("{}");
  pg.update();
  const aeplay::CodeStats& st = pg.code_stats();
  return give_json(json{{"family", ae::to_string(m->spec().family)},
                   {"penalty", ae::to_string(m->spec().penalty)},
                   {"latentSize", m->latent_size()},
                   {"filters", pg.encoder_filters(64).count},
                   {"codeMeanActivation", number(st.mean_activation)},
                   {"codeZeroFraction", number(st.zero_fraction)},
                   {"sparsityTarget", number(m->spec().sparsity_target)},
                   {"code", pg.current_code()},
                   {"tangents", tangents_json()}});
}

namespace {
json metrics_json(const aeplay::Playground& pg) {
  const aeplay::Metrics& m = pg.metrics();
  return {{"corruptedMse", number(m.corrupted_mse)},
          {"corruptedPsnr", number(m.corrupted_psnr)},
          {"reconstructionMse", m.has_reconstruction ? number(m.reconstruction_mse) : json(nullptr)},
          {"reconstructionPsnr", m.has_reconstruction ? number(m.reconstruction_psnr) : json(nullptr)},
          {"reconstructionMs", number(pg.last_update_ms())}};
}

// The anomaly meter and "this digit in N bytes" (null without a model or test set).
json scores_json(aeplay::Playground& pg) {
  const aeplay::InputScores& s = pg.input_scores();
  if (!s.valid) return nullptr;
  return {{"error", number(s.error)},
          {"percentile", number(s.percentile)},
          {"referenceP95", number(s.reference_p95)},
          {"referenceDigits", s.reference_digits},
          {"codeBytes", s.code_bytes},
          {"quantisedPsnr", number(s.quantised_psnr)}};
}

json training_json(const aeplay::TrainingSession& t) {
  return {{"state", aeplay::to_string(t.state())},
          {"epoch", t.progress().epoch},
          {"epochs", t.progress().epochs},
          {"batches", t.progress().total_batches},
          {"samplesPerSecond", number(t.samples_per_second())},
          {"runningLoss", number(t.progress().running_loss)},
          {"history", json::parse(aeplay::to_json(aeplay::LossHistory{t.history(), t.curve_loss()}))},
          {"failure", t.failure()},
          {"inWorker", t.remote()}};  // the batches run in the training worker (web/training-client.js)
}
}  // namespace

// Everything a test or a course page may want to read.
const char* aeplay_state_json() {
  auto& pg = app().playground;
  pg.update();
  json models = json::array(), notices = json::array();
  for (const auto& m : pg.models()) models.push_back(m.id);
  for (const auto& n : pg.notices()) notices.push_back(n.text);
  return give_json(json{{"model", pg.current_model_id()},
                   {"modelLabel", pg.current_model_label()},
                   {"wantedModel", app().ui.page.model},
                   {"models", models},
                   {"noise", ae::to_string(pg.noise())},
                   {"seed", static_cast<double>(pg.seed())},
                   {"source", pg.source() == aeplay::InputSource::Drawing ? "drawing"
                              : pg.source() == aeplay::InputSource::Image ? "image" : "test"},
                   {"digit", pg.test_digit()},
                   {"label", pg.test_label()},
                   {"randomPicks", pg.random_picks()},
                   {"dataset", pg.dataset()},
                   {"datasetTitle", aeplay::Playground::dataset_title(pg.dataset())},
                   {"classNames", pg.test_set().class_names},
                   {"className", pg.test_label() >= 0 && size_t(pg.test_label()) < pg.test_set().class_names.size()
                                     ? pg.test_set().class_names[size_t(pg.test_label())]
                                     : ""},
                   {"modelDataset", pg.model_dataset()},
                   {"datasetNote", pg.dataset_note()},
                   {"userSetSize", pg.user_set().size()},
                   {"testImages", pg.test_set().size()},
                   {"trainImages", pg.train_set().size()},
                   {"metrics", metrics_json(pg)},
                   {"scores", scores_json(pg)},
                   {"tool", pg.tool() == aeplay::Tool::Eraser ? "eraser" : "pen"},
                   {"erasedPixels", pg.eraser().hidden_pixels()},
                   {"training", training_json(pg.training())},
                   {"notices", notices},
                   {"frames", app().frames},
                   {"framesSkipped", app().pacer.frames_skipped()},
                   {"glRestores", app().gl_restores},
                   {"modelFileBudget", aeplay::kModelFileBudget}});
}

// The engine's facts the page checks and shows: the noise kinds, the batch size's range (core/page_facts.h).
const char* aeplay_facts() { return give(aeplay::page_facts_json()); }

int aeplay_frame_count() { return static_cast<int>(app().frames); }

// The page draws on demand (platform/frame_pacer.h); the JS API asks for a frame after each call that may
// change what is shown, tests ask for frames they want to see drawn.
void aeplay_request_frames(int n) {
  app().pacer.request(n);
  aeplay::platform_wake(app().pacer);
}
