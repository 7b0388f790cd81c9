// In-page training through a worker, without a browser: the page's TrainingSession drives a worker made of
// the same parts the real one runs (src/worker/worker_main.cpp: a second TrainingSession started from the
// page's model file and settings, its reports as JSON, its weights as snapshots). The browser test
// (tests/e2e/worker.test.js) runs the real Web Worker; this one pins the protocol and the session's rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/training_messages.h"
#include "core/training_session.h"
#include "error.h"
#include "test_util.h"

namespace {

using aeplay::TrainingReport;
using aeplay::TrainingSession;
using aeplay::TrainState;

// The worker's side, in process. pump() is one slice: train, report, snapshot — through the real messages.
class InProcessWorker final : public aeplay::TrainingWorker {
 public:
  TrainingSession* page = nullptr;
  TrainingSession worker;
  int run = 0;
  size_t curve_sent = 0;
  std::vector<std::string> commands;
  const uint8_t* train_bytes = nullptr;  // where the images of the last run were (nullptr: floats)

  void start(int r, const std::vector<uint8_t>& file, const std::string& settings, const ae::ImageStore& train,
             const ae::ImageStore& test) override {
    run = r;
    train_bytes = train.byte_data();
    const ae::ModelFile f = ae::parse_model(file.data(), file.size(), "page model");
    worker.start_with_model(ae::instantiate(f), aeplay::settings_from(f, aeplay::parse_worker_settings(settings)), train,
                            test);
    curve_sent = 0;
    commands.push_back("start");
  }
  void pause(int) override { commands.push_back("pause"), worker.pause(); }
  void resume(int) override { commands.push_back("resume"), worker.resume(); }
  void stop(int) override { commands.push_back("stop"), worker.discard(); }

  // One slice of `batches` units; returns the report as the page received it.
  TrainingReport pump(int units = 1) {
    for (int i = 0; i < units && worker.state() == TrainState::Running; ++i) worker.advance(0);
    const std::string json = aeplay::to_json(aeplay::report_of(worker, curve_sent));
    const auto& p = worker.model()->parameters();
    EXPECT_EQ(page->on_snapshot(run, p.data(), p.size()), "");
    TrainingReport r = aeplay::parse_training_report(json);
    page->on_report(run, r);
    return r;
  }
};

aeplay::TrainSettings small_run() {
  aeplay::TrainSettings s;
  s.model.sizes = {784, 32, 8};
  s.train_images = 256;
  s.test_images = 64;
  s.batch = 32;
  s.epochs = 2;
  s.seed = 7;
  s.noise = {ae::NoiseKind::Mask, 0.25f, true};
  return s;
}

struct Data {
  ae::Dataset train, test;
  Data() {
    train.images = testutil::uniform_matrix(784, 256, 1);
    test.images = testutil::uniform_matrix(784, 64, 2);
  }
};

TEST(TrainingWorker, ThePageEndsWithTheModelItWouldHaveTrainedItself) {
  Data d;
  TrainingSession local;
  local.start(small_run(), d.train, d.test);
  while (local.state() == TrainState::Running) local.advance(1e9);

  TrainingSession page;
  InProcessWorker w;
  w.page = &page;
  page.start(small_run(), d.train, d.test, &w);
  ASSERT_TRUE(page.remote());
  EXPECT_EQ(page.state(), TrainState::Running);
  int reports = 0;
  while (page.state() == TrainState::Running && reports < 1000) w.pump(), ++reports;
  ASSERT_EQ(page.state(), TrainState::Done);
  EXPECT_GT(reports, 10) << "small slices: the page hears about every few batches";
  // Same code, same seed, same corruption. Not bit for bit: the worker's copies of the images and weights sit
  // at other addresses, and Eigen's vectorised sums (losses, bias gradients, the gradient norm) start their
  // aligned part at other offsets, so float rounding differs in the last bits (seen: 7e-9 after 16 steps).
  const auto& a = page.model()->parameters();
  const auto& b = local.model()->parameters();
  ASSERT_EQ(a.size(), b.size());
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, double(std::abs(a[i] - b[i])));
  EXPECT_LT(worst, 1e-6);
  ASSERT_EQ(page.history().size(), 2u);
  for (size_t e = 0; e < 2; ++e) {
    EXPECT_NEAR(page.history()[e].train_loss, local.history()[e].train_loss, 1e-6);
    EXPECT_NEAR(page.history()[e].test_loss, local.history()[e].test_loss, 1e-6);
  }
  EXPECT_EQ(page.curve_loss().size(), local.curve_loss().size()) << "curve points arrive once each";
  EXPECT_EQ(page.progress().total_batches, local.progress().total_batches);
  EXPECT_EQ(page.settings().noise.kind, ae::NoiseKind::Mask) << "the noise travels in the model file";
}

TEST(TrainingWorker, PauseResumeAndDiscardReachTheWorker) {
  Data d;
  TrainingSession page;
  InProcessWorker w;
  w.page = &page;
  page.start(small_run(), d.train, d.test, &w);
  w.pump();
  page.pause();
  EXPECT_EQ(page.state(), TrainState::Running) << "paused once the worker says so, with its weights";
  const long batches = w.worker.progress().total_batches;
  const TrainingReport r = w.pump();
  EXPECT_EQ(r.state, TrainState::Paused);
  EXPECT_EQ(page.state(), TrainState::Paused);
  EXPECT_EQ(page.model()->parameters(), w.worker.model()->parameters());
  EXPECT_EQ(w.worker.progress().total_batches, batches) << "a paused worker trains no further";
  w.pump();
  EXPECT_EQ(page.state(), TrainState::Paused) << "a report does not undo the page's pause";
  page.resume();
  w.pump();
  EXPECT_GT(w.worker.progress().total_batches, batches);
  page.discard();
  EXPECT_EQ(page.state(), TrainState::Idle);
  EXPECT_EQ(page.model(), nullptr);
  EXPECT_EQ(w.commands, (std::vector<std::string>{"start", "pause", "resume", "stop"}));
}

TEST(TrainingWorker, AFailureKeepsTheLastSnapshotAndOlderRunsAreIgnored) {
  Data d;
  TrainingSession page;
  InProcessWorker w;
  w.page = &page;
  page.start(small_run(), d.train, d.test, &w);
  const std::vector<float> untrained = page.model()->parameters();
  for (int i = 0; i < 4; ++i) w.pump();
  const std::vector<float> snapshot = page.model()->parameters();
  EXPECT_NE(snapshot, untrained);
  w.worker.advance(0);  // trains on, but the worker dies before it reports again
  EXPECT_TRUE(page.on_worker_failure(w.run, "the training worker stopped answering"));
  EXPECT_EQ(page.state(), TrainState::Failed);
  EXPECT_EQ(page.failure(), "the training worker stopped answering");
  EXPECT_EQ(page.model()->parameters(), snapshot);
  EXPECT_FALSE(page.on_worker_failure(w.run, "again")) << "one failure per run";

  // A new run: the old run's messages change nothing.
  const int old_run = w.run;
  page.start(small_run(), d.train, d.test, &w);
  ASSERT_NE(w.run, old_run);
  const std::vector<float> fresh = page.model()->parameters();
  EXPECT_EQ(page.on_snapshot(old_run, snapshot.data(), snapshot.size()), "");
  EXPECT_EQ(page.model()->parameters(), fresh);
  TrainingReport done;
  done.state = TrainState::Done;
  EXPECT_FALSE(page.on_report(old_run, done));
  EXPECT_EQ(page.state(), TrainState::Running);
  // Weights of the wrong size are refused with a message; the model is unchanged.
  const std::vector<float> wrong(fresh.size() - 1, 0.5f);
  EXPECT_NE(page.on_snapshot(w.run, wrong.data(), wrong.size()).find("weights for a model of"), std::string::npos);
  EXPECT_EQ(page.model()->parameters(), fresh);
}

TEST(TrainingWorker, TheMessagesRoundTripAndRejectWhatIsNotOne) {
  aeplay::WorkerSettings s{128, 3, 0.01f, 12345};
  const aeplay::WorkerSettings back = aeplay::parse_worker_settings(aeplay::to_json(s));
  EXPECT_EQ(back.batch, 128);
  EXPECT_EQ(back.epochs, 3);
  EXPECT_FLOAT_EQ(back.lr, 0.01f);
  EXPECT_EQ(back.seed, 12345u);
  auto settings_error = [](const std::string& json) {
    try {
      aeplay::parse_worker_settings(json);
    } catch (const ae::Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(settings_error("[1]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(settings_error(R"({"batch":0,"epochs":1,"lr":0.1,"seed":1})").find("\"batch\""), std::string::npos);
  EXPECT_NE(settings_error(R"({"batch":2.5,"epochs":1,"lr":0.1,"seed":1})").find("whole number"), std::string::npos);
  EXPECT_NE(settings_error(R"({"batch":2,"epochs":1,"lr":-1,"seed":1})").find("\"lr\""), std::string::npos);
  EXPECT_NE(settings_error(R"({"batch":2,"epochs":1,"seed":1})").find("\"lr\" is missing"), std::string::npos);
  // The 2-D lab's cosine schedule travels with the settings; without it, the rate stays constant.
  EXPECT_EQ(back.schedule, ae::LrSchedule::Constant);
  EXPECT_EQ(aeplay::to_json(s).find("schedule"), std::string::npos) << "the digits' settings are as before";
  const aeplay::WorkerSettings cosine =
      aeplay::parse_worker_settings(aeplay::to_json({32, 2000, 0.01f, 1, ae::LrSchedule::Cosine, 0.0005f}));
  EXPECT_EQ(cosine.schedule, ae::LrSchedule::Cosine);
  EXPECT_FLOAT_EQ(cosine.lr_min, 0.0005f);
  EXPECT_NE(settings_error(R"({"batch":2,"epochs":1,"lr":0.1,"seed":1,"schedule":"step","lr_min":0})"), "accepted");
  EXPECT_NE(settings_error(R"({"batch":2,"epochs":1,"lr":0.1,"seed":1,"schedule":"cosine"})").find("lr_min"),
            std::string::npos);
  EXPECT_NE(settings_error(R"({"batch":2,"epochs":1,"lr":0.1,"seed":1,"schedule":"cosine","lr_min":0.5})"), "accepted");

  TrainingReport r;
  r.state = TrainState::Failed;
  r.progress.epoch = 1;
  r.progress.epochs = 4;
  r.progress.batch = 3;
  r.progress.batches_per_epoch = 10;
  r.progress.total_batches = 13;
  r.progress.running_loss = 0.25;
  r.progress.batch_loss = NAN;  // a diverged batch
  r.progress.diverged = r.progress.done = true;
  r.rate = 1234.5;
  r.curve = {0.5f, 0.25f};
  r.history = {{1, 0.3, NAN}};
  r.failure = "training diverged";
  const TrainingReport b = aeplay::parse_training_report(aeplay::to_json(r));
  EXPECT_EQ(b.state, TrainState::Failed);
  EXPECT_EQ(b.progress.total_batches, 13);
  EXPECT_TRUE(std::isnan(b.progress.batch_loss));
  EXPECT_TRUE(b.progress.diverged);
  EXPECT_EQ(b.curve, r.curve);
  ASSERT_EQ(b.history.size(), 1u);
  EXPECT_TRUE(std::isnan(b.history[0].test_loss));
  EXPECT_EQ(b.failure, "training diverged");
  auto report_error = [](const std::string& json) {
    try {
      aeplay::parse_training_report(json);
    } catch (const ae::Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(report_error("not json").find("not a JSON object"), std::string::npos);
  EXPECT_NE(report_error(R"({"state":"flying"})").find("unknown state"), std::string::npos);
  std::string bad = aeplay::to_json(r);
  bad.replace(bad.find("\"epoch\":1"), 9, "\"epoch\":9");  // more epochs done than the run has
  EXPECT_NE(report_error(bad).find("\"epoch\""), std::string::npos);
}

// The page holds MNIST as bytes: a run shares them with the worker (no copy in the page) and trains the model
// the float data set of the same bytes trains.
TEST(TrainingWorker, ByteHeldImagesAreSharedWithTheWorkerAndTrainAsFloats) {
  ae::IdxArray idx;
  idx.dims = {320, 28, 28};
  idx.data.resize(320u * 784u);
  ae::Rng rng(3, 0);
  for (auto& b : idx.data) b = static_cast<uint8_t>(rng.below(256));
  const ae::Dataset floats = ae::make_dataset(idx, nullptr);
  ae::IdxArray test_idx = idx;
  test_idx.dims[0] = 64;
  test_idx.data.resize(64u * 784u);
  const ae::ImageSet train = ae::make_image_set(std::move(idx), nullptr);
  const ae::ImageSet test = ae::make_image_set(std::move(test_idx), nullptr);
  ae::Dataset ftest;
  ftest.images = floats.images.leftCols(64);

  TrainingSession local;
  local.start(small_run(), floats, ftest);
  while (local.state() == TrainState::Running) local.advance(1e9);
  TrainingSession page;
  InProcessWorker w;
  w.page = &page;
  page.start(small_run(), train, test, &w);
  EXPECT_EQ(w.train_bytes, train.images.byte_data()) << "the run's images are the page's bytes, not a copy";
  while (page.state() == TrainState::Running) w.pump(4);
  ASSERT_EQ(page.state(), TrainState::Done);
  const auto& a = page.model()->parameters();
  const auto& b = local.model()->parameters();
  ASSERT_EQ(a.size(), b.size());
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, double(std::abs(a[i] - b[i])));
  EXPECT_LT(worst, 1e-6);
  ASSERT_EQ(page.history().size(), local.history().size());
  EXPECT_NEAR(page.history().back().test_loss, local.history().back().test_loss, 1e-6);
  // The budget counts a byte a pixel for byte-held images.
  const aeplay::TrainSettings s = small_run();
  EXPECT_EQ(aeplay::estimate_training_bytes(s, 784, 4) - aeplay::estimate_training_bytes(s, 784, 1),
            3u * (256u + 64u) * 784u);
}

}  // namespace
