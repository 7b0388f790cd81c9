// The few-labels lesson (issue 29): N labelled digits, the current model's encoder fine-tuned into a classifier
// (a softmax layer on its code, trained end to end) beside the same network trained from scratch on the same N
// digits (ae::FewLabelTrainer, src/engine/finetune.h), then both scored: accuracy and confusion matrix.
//
// The page's protocol is the latent-space probe's (latent.h): the labelled pool is the first half of the test
// set, the score is over the second half (the page does not need the 60,000 training digits for it). The run
// goes to the page's training worker as a run of its own (in its own block of run numbers, core/run_numbers.h): the
// model file, the N images as 'train', the scoring half as 'test', and these settings with the labels:
//   {"task": "few-labels", "steps": 400, "seed": 1, "train_labels": [...], "test_labels": [...]}
// The worker answers with reports (no weights):
//   {"state": "running"|"done"|"failed", "step": 120, "steps": 400, "scoring": false, "failure": "",
//    "finetuned": {"loss": 0.4, "accuracy": 0.81 (or -1), "confusion": [100 counts]}, "scratch": {...}}
// Without a worker (worker=off) the same run advances in the page's frames.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/run_numbers.h"
#include "core/training_session.h"
#include "finetune.h"
#include "image_store.h"
#include "model.h"

namespace aeplay {

struct FewLabelsSettings {
  int labels = 100;  // N, a multiple of the classes
  int steps = 400;   // training steps of each classifier
  uint64_t seed = 1;
};
constexpr int kFewLabelsChoices[] = {10, 50, 100, 300, 1000};

struct FewLabelsSide {
  double loss = 0;
  double accuracy = -1;        // -1 until scored
  std::vector<int> confusion;  // classes x classes once scored
};

struct FewLabelsReport {
  TrainState state = TrainState::Idle;
  int step = 0, steps = 0;
  bool scoring = false;
  FewLabelsSide finetuned, scratch;
  std::string failure;
};
std::string to_json(const FewLabelsReport& r);
FewLabelsReport parse_few_labels_report(const std::string& json);  // throws ae::Error

// Whether a worker's settings message is a few-labels run; its parts (throws ae::Error for a bad one).
bool is_few_labels_message(const std::string& json);
void parse_few_labels_message(const std::string& json, FewLabelsSettings& s, std::vector<uint8_t>& train_labels,
                              std::vector<uint8_t>& test_labels);

// Both classifiers of one run, a step of each in turn, then the scoring in chunks (the worker's side, and the
// page's without a worker).
class FewLabelsRun {
 public:
  FewLabelsRun(const ae::Autoencoder& model, const ae::ImageStore& train, std::vector<uint8_t> train_labels,
               ae::ImageStore test, std::vector<uint8_t> test_labels, const FewLabelsSettings& s);
  void advance(double budget_ms);  // at least one unit of work
  const FewLabelsReport& report() const { return report_; }

 private:
  void score_chunk();
  ae::FewLabelTrainer finetuned_, scratch_;
  ae::ImageStore test_;
  std::vector<uint8_t> test_labels_;
  std::vector<int> predicted_[2];
  ae::Index scored_ = 0;
  FewLabelsReport report_;
};

// The page's side: settings, the run (here or in the worker), what the panel and the JS API show.
class FewLabels {
 public:
  FewLabelsSettings form;      // what the panel's controls set for the next run
  bool results_drawn = false;  // the panel drew this run's accuracies and confusion matrices (JS API, tests)
  bool owns_run(int run) const { return run_belongs_to(run, RunOwner::FewLabels); }
  // Starts a run on `model` with the test set's halves; "" or why not.
  std::string start(const ae::Autoencoder* model, const ae::ImageSet& test, const FewLabelsSettings& s,
                    TrainingWorker* worker);
  void advance(double budget_ms);  // without a worker
  bool trains_here() const { return local_ && report_.state == TrainState::Running; }
  void on_report(int run, const std::string& json);
  bool on_failure(int run, const std::string& why);
  const FewLabelsReport& report() const { return report_; }
  const FewLabelsSettings& settings() const { return settings_; }
  bool remote() const { return worker_ != nullptr; }
  uint64_t stamp() const { return stamp_; }

 private:
  FewLabelsSettings settings_;
  FewLabelsReport report_;
  std::unique_ptr<FewLabelsRun> local_;
  ae::ImageStore sent_train_, sent_test_;  // what the worker is sent: kept until the next run (sent in chunks)
  TrainingWorker* worker_ = nullptr;
  int run_ = first_run_before(RunOwner::FewLabels);
  uint64_t stamp_ = 0;
};

}  // namespace aeplay
