// The playground core's bookkeeping: version counters (what bumps which), the one start path for training,
// the lists written once (shipped models vs assets/models/, page-trainable presets), the Train form, and the
// loss-history JSON.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <set>

#include "core/catalog.h"
#include "core/lessons.h"
#include "core/loss_history.h"
#include "core/playground.h"
#include "core/train_form.h"
#include "error.h"
#include "serialize.h"

namespace {

using aeplay::Playground;
using aeplay::Versions;

std::vector<uint8_t> small_model_bytes(uint64_t seed) {
  ae::ModelSpec spec;
  spec.sizes = {784, 16};
  ae::Autoencoder m(spec, seed);
  return ae::serialize_model(ae::make_model_file(m, {}, "test"));
}

// IDX bytes of n images (pixel value (i + j) % 256) and labels j % 10: enough to train on.
std::pair<std::vector<uint8_t>, std::vector<uint8_t>> idx_set(int n) {
  std::vector<uint8_t> img = {0, 0, 8, 3}, lab = {0, 0, 8, 1};
  auto be32 = [](std::vector<uint8_t>& b, uint32_t v) { for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(v >> s)); };
  be32(img, n), be32(img, 28), be32(img, 28), be32(lab, n);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < 784; ++i) img.push_back(static_cast<uint8_t>(((i % 28) * (j % 7) + i / 28) % 256));
    lab.push_back(static_cast<uint8_t>(j % 10));
  }
  return {img, lab};
}

// Which counters differ between two snapshots, as letters: i(nput) c(orruption) m(odel) e(poch) t(est set).
std::string changed(const Versions& a, const Versions& b) {
  std::string s;
  if (a.input != b.input) s += 'i';
  if (a.corruption != b.corruption) s += 'c';
  if (a.model != b.model) s += 'm';
  if (a.model_epoch != b.model_epoch) s += 'e';
  if (a.test_set != b.test_set) s += 't';
  return s;
}

TEST(Versions, EachChangeBumpsOnlyWhatItAffects) {
  Playground pg;
  ASSERT_EQ(pg.add_model_bytes("a", "a", small_model_bytes(1), aeplay::Origin::Shipped), "");
  ASSERT_EQ(pg.add_model_bytes("b", "b", small_model_bytes(2), aeplay::Origin::Shipped), "");
  auto step = [&](auto&& change) {
    const Versions before = pg.versions();
    change();
    return changed(before, pg.versions());
  };
  EXPECT_EQ(step([&] { pg.select_model("a"); }), "me");  // a model switch
  EXPECT_EQ(step([&] { pg.select_model("a"); }), "");    // the same model again
  EXPECT_EQ(step([&] { pg.select_model("b"); }), "me");
  EXPECT_EQ(step([&] { pg.begin_stroke(0.5f, 0.2f); }), "i");  // drawing changes
  EXPECT_EQ(step([&] { pg.extend_stroke(0.5f, 0.8f); }), "i");
  EXPECT_EQ(step([&] { pg.extend_stroke(0.5f, 0.8f); }), "");  // no new ink
  EXPECT_EQ(step([&] { pg.end_stroke(); }), "");
  EXPECT_EQ(step([&] { pg.undo_stroke(); }), "i");
  pg.begin_stroke(0.2f, 0.2f);
  EXPECT_EQ(step([&] { pg.clear_drawing(); }), "i");
  EXPECT_EQ(step([&] { pg.set_noise(ae::parse_noise("mask:0.3")); }), "c");
  EXPECT_EQ(step([&] { pg.set_noise(ae::parse_noise("mask:0.3")); }), "");
  EXPECT_EQ(step([&] { pg.set_seed(9); }), "c");
  EXPECT_EQ(step([&] { pg.update(); }), "");
  EXPECT_EQ(step([&] { pg.notify("hello"); }), "");
  EXPECT_EQ(step([&] { pg.add_model_bytes("c", "c", small_model_bytes(3), aeplay::Origin::Uploaded); }), "");
  EXPECT_EQ(step([&] { pg.add_model_bytes("b", "b", small_model_bytes(4), aeplay::Origin::Shipped); }), "me");
  EXPECT_EQ(step([&] { pg.add_model_bytes("bad", "bad", {1, 2, 3}, aeplay::Origin::Uploaded); }), "");

  const auto set = idx_set(300);  // (not a structured binding: clang 14 cannot capture those in lambdas)
  const std::vector<uint8_t>& img = set.first;
  const std::vector<uint8_t>& lab = set.second;
  EXPECT_EQ(step([&] { ASSERT_EQ(pg.load_test_set(img, lab), ""); }), "t");
  EXPECT_EQ(step([&] { pg.load_test_set({0, 0, 8}, {}); }), "");  // refused
  EXPECT_EQ(step([&] { pg.use_test_digit(5); }), "i");
  EXPECT_EQ(step([&] { pg.use_test_digit(5); }), "");
  EXPECT_EQ(step([&] { pg.load_train_set(img, lab); }), "");

  // Training: starting switches to the trained model; each batch bumps the model version (not the epoch
  // version) until an epoch ends or training stops.
  aeplay::TrainSettings s;
  s.model.sizes = {784, 8};
  s.noise = {};
  s.train_images = 256, s.test_images = 0, s.batch = 32, s.epochs = 2;
  EXPECT_EQ(step([&] { ASSERT_EQ(pg.start_training(s), ""); }), "me");
  int batches = 0, epoch_ends = 0;
  while (pg.training().state() == aeplay::TrainState::Running) {
    const long before = pg.training().progress().total_batches;
    const Versions v = pg.versions();
    const Playground::TrainingTick tick = pg.advance_training(0.0);  // one unit of work
    const std::string what = changed(v, pg.versions());
    const bool batch = pg.training().progress().total_batches != before;
    const bool resting = tick.epoch_finished || pg.training().state() != aeplay::TrainState::Running;
    if (batch || resting) EXPECT_EQ(what, resting ? "me" : "m") << "batch " << batches;
    else EXPECT_EQ(what, "");
    batches += batch, epoch_ends += tick.epoch_finished;
  }
  EXPECT_EQ(batches, 16);
  EXPECT_EQ(epoch_ends, 2);
  EXPECT_EQ(step([&] { pg.pause_training(); }), "");  // done: nothing to pause
  // Training another model in the background does not touch the shown model's versions.
  EXPECT_EQ(step([&] { pg.select_model("a"); }), "me");
  EXPECT_EQ(step([&] { ASSERT_EQ(pg.start_training(s), ""); }), "me");  // start selects the trained model
  EXPECT_EQ(step([&] { pg.select_model("a"); }), "me");
  EXPECT_EQ(step([&] { pg.advance_training(0.0); }), "");
  EXPECT_EQ(step([&] { pg.discard_training(); }), "");  // not shown: nothing changes for the views
}

TEST(Versions, OutputsAreRecomputedExactlyWhenAVersionChanged) {
  Playground pg;
  ASSERT_EQ(pg.add_model_bytes("a", "a", small_model_bytes(1), aeplay::Origin::Shipped), "");
  pg.select_model("a");
  pg.begin_stroke(0.3f, 0.3f);
  pg.extend_stroke(0.6f, 0.7f);
  pg.update();
  EXPECT_EQ(pg.outputs_built_from(), pg.versions());
  const auto before = pg.reconstruction();
  pg.set_noise(ae::parse_noise("gaussian:0.9"));
  EXPECT_NE(pg.outputs_built_from(), pg.versions());  // stale until update()
  pg.update();
  EXPECT_NE(pg.reconstruction(), before);
  EXPECT_EQ(pg.outputs_built_from(), pg.versions());
}

TEST(Training, OneStartPathReportsEveryRefusalAsANotice) {
  Playground pg;
  aeplay::TrainSettings s;
  s.train_images = 100;
  EXPECT_NE(pg.start_training(s).find("not loaded"), std::string::npos);
  const auto [img, lab] = idx_set(100);
  ASSERT_EQ(pg.load_train_set(img, lab), "");
  s.batch = 0;
  EXPECT_NE(pg.start_training(s).find("batch"), std::string::npos);
  s.batch = 16;
  s.model.sizes = {784, 4096, 4096};  // 40 M parameters: over the page's memory budget
  EXPECT_NE(pg.start_training(s).find("budget"), std::string::npos);
  EXPECT_EQ(pg.training().state(), aeplay::TrainState::Idle);
  ASSERT_GE(pg.notices().size(), 3u);
  for (const auto& n : pg.notices()) EXPECT_EQ(n.text.rfind("Training not started: ", 0), 0u) << n.text;
  EXPECT_TRUE(pg.current_model_id().empty());
}

TEST(Catalog, ShippedModelsAreExactlyTheFilesInAssets) {
  std::set<std::string> files, listed, ids;
  // The page lists the shipped models of its data sets; a model of another (photos: the CLI's colorizer) is not
  // the page's.
  for (const auto& e : std::filesystem::directory_iterator(AEPLAY_MODELS_DIR))
    if (e.path().extension() == ".aep" && ae::find_named_dataset(ae::load_model(e.path().string()).dataset))
      files.insert(e.path().filename().string());
  for (const auto& m : aeplay::shipped_models()) {
    listed.insert(m.file);
    EXPECT_TRUE(ids.insert(m.id).second) << "duplicate id " << m.id;
    const ae::ModelFile f = ae::load_model(std::string(AEPLAY_MODELS_DIR) + "/" + m.file);
    EXPECT_EQ(f.dataset, m.dataset) << m.file << ": the list says another data set than the file";
  }
  EXPECT_EQ(files, listed);
  EXPECT_EQ(aeplay::known_model_ids().size(), aeplay::shipped_models().size() + 1);
  const std::string json = aeplay::catalog_json();
  EXPECT_NE(json.find("\"lazy\":true"), std::string::npos);
  EXPECT_NE(json.find("\"id\":\"dae-gaussian\""), std::string::npos);
}

TEST(Catalog, PageTrainsEveryStepwisePresetThatFitsTheBudget) {
  std::set<std::string> names;
  for (const ae::Preset* p : aeplay::page_presets()) names.insert(p->name);
  EXPECT_EQ(names.count("stacked"), 0u) << "greedy pretraining is not step-wise";
  EXPECT_EQ(names.count("hinton2006"), 0u);
  for (const char* n : {"undercomplete", "linear", "sparse-kl", "contractive", "vae-2d", "conv", "denoising-mask"})
    EXPECT_EQ(names.count(n), 1u) << n;
  // Every family at its largest page settings (all 60k images, widest hidden layer) fits the memory budget.
  for (int family = 0; family < static_cast<int>(aeplay::page_presets().size()); ++family) {
    aeplay::TrainForm f;
    aeplay::apply_preset(f, family);
    f.hidden = static_cast<int>(aeplay::kHiddenSizes.size()) - 1;
    f.batch = static_cast<int>(aeplay::kBatchSizes.size()) - 1;
    f.images = static_cast<int>(aeplay::kTrainingImageCounts.size()) - 1;
    const aeplay::TrainSettings s = aeplay::settings_from_form(f, 1);
    EXPECT_NO_THROW(ae::validate(s.model)) << aeplay::page_presets()[static_cast<size_t>(family)]->name;
    EXPECT_LE(aeplay::estimate_training_bytes(s, 784), aeplay::kTrainingMemoryBudget);
  }
}

TEST(TrainForm, ChoicesBecomeTheSettingsTheyShow) {
  aeplay::TrainForm f;
  int kl = -1;
  for (size_t i = 0; i < aeplay::page_presets().size(); ++i)
    if (aeplay::page_presets()[i]->name == "sparse-kl") kl = static_cast<int>(i);
  ASSERT_GE(kl, 0);
  aeplay::apply_preset(f, kl);
  f.hidden = 3, f.code = 20, f.activation = 3, f.batch = 0, f.images = 1, f.epochs = 7, f.rho = 0.1f;
  const aeplay::TrainSettings s = aeplay::settings_from_form(f, 42);
  EXPECT_EQ(s.model.sizes, (std::vector<int>{784, 512, 20}));
  EXPECT_EQ(s.model.hidden, ae::Activation::Tanh);
  EXPECT_EQ(s.model.latent, ae::Activation::Sigmoid) << "KL sparsity keeps sigmoid codes";
  EXPECT_EQ(s.model.penalty, ae::Penalty::KL);
  EXPECT_FLOAT_EQ(s.model.sparsity_target, 0.1f);
  EXPECT_EQ(s.batch, 16);
  EXPECT_EQ(s.train_images, 5000);
  EXPECT_EQ(s.epochs, 7);
  EXPECT_EQ(s.seed, 42u);
  f.batch = 99;  // out of range: clamped to the list
  EXPECT_EQ(aeplay::settings_from_form(f, 1).batch, aeplay::kBatchSizes.back());
}

TEST(LossHistory, RoundTripsAndReadsOlderRecords) {
  aeplay::LossHistory h;
  h.epochs = {{1, 30.5, 31.25}, {2, 20.0, NAN}};
  h.curve = {40.0f, 35.5f, 30.25f};
  const aeplay::LossHistory back = aeplay::parse_loss_history(aeplay::to_json(h));
  ASSERT_EQ(back.epochs.size(), 2u);
  EXPECT_EQ(back.epochs[1].epoch, 2);
  EXPECT_DOUBLE_EQ(back.epochs[0].test_loss, 31.25);
  EXPECT_TRUE(std::isnan(back.epochs[1].test_loss));
  EXPECT_EQ(back.curve, h.curve);
  // Pages before this format wrote -1 for a missing test loss.
  const aeplay::LossHistory old = aeplay::parse_loss_history("{\"epochs\":[[1,2.5,-1]],\"curve\":[3]}");
  ASSERT_EQ(old.epochs.size(), 1u);
  EXPECT_TRUE(std::isnan(old.epochs[0].test_loss));
  EXPECT_TRUE(aeplay::parse_loss_history("").epochs.empty());
  for (const char* bad : {"{", "[1,2]", "{\"epochs\":3}", "{\"epochs\":[[1,2]]}", "{\"curve\":[\"x\"]}"})
    EXPECT_THROW(aeplay::parse_loss_history(bad), ae::Error) << bad;
}

TEST(Playground, RestoringATrainedModelUsesItsHistoryAndRejectsBadRecords) {
  Playground pg;
  aeplay::LossHistory h;
  h.epochs = {{1, 30.0, 31.0}};
  EXPECT_EQ(pg.restore_training(small_model_bytes(5), aeplay::to_json(h)), "");
  EXPECT_EQ(pg.training().history().size(), 1u);
  EXPECT_TRUE(pg.select_model(Playground::kTrainedId));
  EXPECT_NE(pg.restore_training({1, 2, 3}, ""), "");
  EXPECT_NE(pg.restore_training(small_model_bytes(5), "{not json"), "");
  EXPECT_EQ(pg.training().history().size(), 1u) << "a bad record leaves the restored model";
}

}  // namespace

namespace {

TEST(PageSettings, LayoutThemePanelsAndAllowRoundTrip) {
  const auto ids = aeplay::known_model_ids();
  const auto p = aeplay::parse_page_settings(
      "?layout=strip&theme=light&panels=model,latent&allow=https://school.example,http://127.0.0.1:8123&scorm=1", ids);
  EXPECT_TRUE(p.notices.empty()) << p.notices.front();
  EXPECT_EQ(p.settings.layout, aeplay::Layout::Strip);
  EXPECT_EQ(p.settings.theme, aeplay::Theme::Light);
  ASSERT_TRUE(p.settings.panels_given);
  EXPECT_TRUE(p.settings.panels.model && p.settings.panels.latent && !p.settings.panels.train && !p.settings.panels.inside);
  EXPECT_EQ(p.settings.allow, (std::vector<std::string>{"https://school.example", "http://127.0.0.1:8123"}));
  const auto back = aeplay::parse_page_settings(aeplay::to_query(p.settings), ids);
  EXPECT_TRUE(back.notices.empty());
  EXPECT_EQ(back.settings.layout, p.settings.layout);
  EXPECT_EQ(back.settings.theme, p.settings.theme);
  EXPECT_EQ(back.settings.panels, p.settings.panels);
  EXPECT_EQ(back.settings.allow, p.settings.allow);
  EXPECT_TRUE(p.settings.scorm);  // a SCORM package's lesson stays one when the address bar is rewritten
  EXPECT_TRUE(back.settings.scorm);
  EXPECT_FALSE(aeplay::parse_page_settings("layout=strip", ids).settings.scorm);
  EXPECT_TRUE(aeplay::parse_page_settings("panels=none", ids).settings.panels == aeplay::Panels{});
}

TEST(PageSettings, BadLayoutValuesAreReportedAndKeepTheDefaults) {
  const auto ids = aeplay::known_model_ids();
  for (const char* q : {"layout=wide", "theme=blue", "panels=model,chat", "panels=", "allow=javascript:alert(1)",
                        "allow=https://a.example/path", "allow=ftp://x.example", "lesson=nope",
                        "allow=*,*,*,*,*,*,*,*,*", "scorm=yes"}) {
    const auto p = aeplay::parse_page_settings(q, ids);
    ASSERT_EQ(p.notices.size(), 1u) << q;
    EXPECT_EQ(p.settings.layout, aeplay::Layout::Auto) << q;
    EXPECT_EQ(p.settings.theme, aeplay::Theme::Default) << q;
    EXPECT_FALSE(p.settings.panels_given) << q;
    EXPECT_TRUE(p.settings.allow.empty()) << q;
    EXPECT_TRUE(p.settings.lesson.empty()) << q;
    EXPECT_FALSE(p.settings.scorm) << q;
  }
}

TEST(Lessons, EveryLessonLoadsCleanlyAndLaterParametersOverrideIt) {
  const auto ids = aeplay::known_model_ids();
  ASSERT_GE(aeplay::lessons().size(), 12u);
  std::set<std::string> names;
  for (const auto& l : aeplay::lessons()) {
    EXPECT_TRUE(names.insert(l.name).second) << l.name;
    const auto p = aeplay::parse_page_settings(std::string("?lesson=") + l.name, ids);
    EXPECT_TRUE(p.notices.empty()) << l.name << ": " << (p.notices.empty() ? "" : p.notices[0]);
    EXPECT_EQ(p.settings.model, l.model);
    EXPECT_EQ(p.settings.layout, l.layout);
    EXPECT_EQ(ae::to_string(p.settings.noise), ae::to_string(ae::parse_noise(l.noise))) << l.name;
    EXPECT_NE(std::string(l.caption).find("Loss"), std::string::npos) << l.name << ": the caption names the loss";
    if (*l.train_preset) {
      EXPECT_NO_THROW(ae::find_preset(l.train_preset)) << l.name;
    }
    // The address bar's query reproduces the lesson.
    const auto back = aeplay::parse_page_settings(aeplay::to_query(p.settings), ids);
    EXPECT_TRUE(back.notices.empty()) << l.name;
    EXPECT_EQ(back.settings.lesson, l.name);
    EXPECT_EQ(back.settings.model, l.model);
  }
  const auto p = aeplay::parse_page_settings("?noise=mask&level=0.7&lesson=denoising-gaussian&layout=stack", ids);
  EXPECT_TRUE(p.notices.empty());
  EXPECT_EQ(p.settings.model, "dae-gaussian");
  EXPECT_EQ(ae::to_string(p.settings.noise), ae::to_string(ae::parse_noise("mask:0.7")));
  EXPECT_EQ(p.settings.layout, aeplay::Layout::Stack);
  EXPECT_NE(aeplay::lessons_json().find("\"query\":\"?lesson=vae-plane\""), std::string::npos);
}

}  // namespace
