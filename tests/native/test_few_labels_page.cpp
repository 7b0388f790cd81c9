// The few-labels lesson's core (src/app/core/few_labels.h) on MNIST's test set and the shipped ae-plain: the
// run through a worker made of the real worker's parts (the settings message with the labels, the model file,
// float32 images, the JSON report back) ends with the numbers the page's own frames give; the second half of
// the test set is scored (confusion matrices of 5000, the diagonal is the accuracy); the pretrained encoder
// beats the random one at N = 100; bad N is refused with the reason.
#include <gtest/gtest.h>

#include "core/few_labels.h"
#include "core/lab.h"
#include "serialize.h"
#include "test_util.h"

namespace {

using aeplay::FewLabels;
using aeplay::FewLabelsReport;
using aeplay::TrainState;

// The worker's side, in process, as src/worker/worker_main.cpp's start_few_labels does it.
class FewLabelsWorker final : public aeplay::TrainingWorker {
 public:
  std::unique_ptr<aeplay::FewLabelsRun> run_here;
  int run = 0;
  size_t bytes_per_pixel = 0;
  void start(int r, const std::vector<uint8_t>& file, const std::string& settings, const ae::ImageStore& train,
             const ae::ImageStore& test) override {
    run = r;
    bytes_per_pixel = train.bytes_per_pixel();
    ASSERT_TRUE(aeplay::is_few_labels_message(settings));
    aeplay::FewLabelsSettings s;
    std::vector<uint8_t> train_labels, test_labels;
    aeplay::parse_few_labels_message(settings, s, train_labels, test_labels);
    const auto model = ae::instantiate(ae::parse_model(file.data(), file.size(), "page model"));
    run_here = std::make_unique<aeplay::FewLabelsRun>(*model, train, train_labels, test, test_labels, s);
  }
  void pause(int) override {}
  void resume(int) override {}
  void stop(int) override {}
  void pump(FewLabels& page) {
    run_here->advance(20);
    page.on_report(run, aeplay::to_json(run_here->report()));
  }
};

std::unique_ptr<ae::Autoencoder> plain() {
  return ae::instantiate(ae::load_model(std::string(AEPLAY_MODELS_DIR) + "/ae-plain.aep"));
}

TEST(FewLabelsPage, TheWorkersRunIsThePagesAndScoresTheSecondHalf) {
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  const ae::ImageSet set = ae::image_set_view(*test);
  const auto model = plain();
  aeplay::FewLabelsSettings s;
  s.labels = 100;
  s.steps = 300;

  FewLabels remote;
  FewLabelsWorker w;
  ASSERT_EQ(remote.start(model.get(), set, s, &w), "");
  EXPECT_TRUE(remote.owns_run(w.run));
  // The page routes a worker report to the lab first: the lab must not claim this run (it once did, and
  // the lesson stayed at step 0 in the browser while the lab swallowed its reports).
  EXPECT_FALSE(aeplay::Lab().owns_run(w.run));
  EXPECT_FALSE(remote.trains_here()) << "the worker trains";
  EXPECT_EQ(w.bytes_per_pixel, 4u);
  for (int i = 0; i < 10000 && remote.report().state == TrainState::Running; ++i) w.pump(remote);
  const FewLabelsReport& r = remote.report();
  ASSERT_EQ(r.state, TrainState::Done) << r.failure;
  EXPECT_EQ(r.step, 300);
  for (const aeplay::FewLabelsSide* side : {&r.finetuned, &r.scratch}) {
    ASSERT_EQ(side->confusion.size(), 100u);
    int total = 0, right = 0;
    for (int t = 0; t < 10; ++t) {
      right += side->confusion[size_t(t * 11)];
      for (int p = 0; p < 10; ++p) total += side->confusion[size_t(t * 10 + p)];
    }
    EXPECT_EQ(total, 5000);
    EXPECT_DOUBLE_EQ(side->accuracy, right / 5000.0);
    EXPECT_GT(side->accuracy, 0.3);
  }
  EXPECT_GT(r.finetuned.accuracy, r.scratch.accuracy) << "the pretrained encoder helps at 100 labels";
  std::printf("N = 100, 300 steps: fine-tuned %.2f%%, from scratch %.2f%%\n", 100 * r.finetuned.accuracy,
              100 * r.scratch.accuracy);

  FewLabels here;
  ASSERT_EQ(here.start(model.get(), set, s, nullptr), "");
  EXPECT_TRUE(here.trains_here());
  while (here.trains_here()) here.advance(20);
  EXPECT_EQ(here.report().state, TrainState::Done);
  EXPECT_EQ(here.report().finetuned.accuracy, r.finetuned.accuracy) << "the same run in the page's frames";
  EXPECT_EQ(here.report().scratch.confusion, r.scratch.confusion);
}

TEST(RunNumbers, EveryRunHasExactlyOneOwner) {
  using aeplay::RunOwner;
  const RunOwner owners[] = {RunOwner::Digits, RunOwner::Lab, RunOwner::FewLabels};
  for (RunOwner o : owners) {
    const int first = aeplay::first_run_before(o) + 1, last = aeplay::first_run_before(o) + aeplay::kRunBlock;
    for (int run : {first, first + 1, last}) {
      int claimed = 0;
      for (RunOwner other : owners) claimed += aeplay::run_belongs_to(run, other) ? 1 : 0;
      EXPECT_EQ(claimed, 1) << "run " << run;
      EXPECT_TRUE(aeplay::run_belongs_to(run, o)) << "run " << run;
    }
  }
}

TEST(FewLabelsPage, BadInputsAreRefusedWithTheReason) {
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  const ae::ImageSet set = ae::image_set_view(*test);
  const auto model = plain();
  FewLabels f;
  aeplay::FewLabelsSettings s;
  s.labels = 105;
  EXPECT_NE(f.start(model.get(), set, s, nullptr).find("multiple of 10"), std::string::npos);
  EXPECT_EQ(f.report().state, TrainState::Failed);
  s.labels = 100;
  EXPECT_NE(f.start(nullptr, set, s, nullptr), "");
  EXPECT_NE(f.start(model.get(), ae::ImageSet(), s, nullptr).find("test set"), std::string::npos);
  EXPECT_THROW(aeplay::parse_few_labels_report("[]"), ae::Error);
  std::vector<uint8_t> a, b;
  EXPECT_THROW(
      aeplay::parse_few_labels_message(R"({"task": "few-labels", "train_labels": [12], "test_labels": []})", s, a, b),
      ae::Error);
}

}  // namespace
