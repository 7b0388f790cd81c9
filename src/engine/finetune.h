// Classifiers from a few labels (issue 29): N labelled training images, balanced over the classes and chosen
// by seed, train a softmax layer on an autoencoder's code in one of three ways:
//   Frozen     the encoder is fixed; only the head learns, on the codes computed once (a linear classifier)
//   Finetuned  the head and the pretrained encoder learn together, end to end (backprop through the encoder)
//   Scratch    the same network with a fresh random encoder (same shape), trained end to end on the same N
// All three: the code standardised with the N training codes' mean and std at the start (classifier.h),
// mini-batches of `batch` in a seeded order (reshuffled each epoch), Adam with coupled L2 weight decay and a
// half-cosine learning rate to 0 over `steps` (default: max(1500, 20 epochs)); the head's rate `head_lr`, the
// encoder's `encoder_lr`; the frozen head (a convex problem on 32-odd standardised features) at its own, larger
// `frozen_lr` (at head_lr it is still far from its optimum after 1500 steps). With encoder_lr = 0 and
// frozen_lr = head_lr the fine-tuned path computes what the frozen path does (a test).
// Training runs in steps (bounded work per call) so the page's worker can report between them.
#pragma once
#include <string>
#include <vector>

#include "classifier.h"
#include "model.h"
#include "optim.h"
#include "rng.h"

namespace ae {

enum class FewLabelWay : uint8_t { Frozen = 0, Finetuned = 1, Scratch = 2 };
constexpr FewLabelWay kFewLabelWays[] = {FewLabelWay::Frozen, FewLabelWay::Finetuned, FewLabelWay::Scratch};
const char* to_string(FewLabelWay way);  // "frozen", "finetuned", "scratch"

struct FewLabelConfig {
  int labels = 100;  // N: labelled training images, a multiple of `classes`
  int classes = 10;
  uint64_t seed = 1;  // picks the N images, the head's (and Scratch's encoder's) initial weights, the order
  int batch = 100;    // at most N
  int steps = 0;      // 0 = default_steps(labels, batch)
  float head_lr = 3e-3f, encoder_lr = 3e-4f, frozen_lr = 3e-2f;
  float weight_decay = 1e-4f;
};
constexpr int kMaxFewLabels = 60000;
int default_steps(int labels, int batch);
// Throws ae::Error naming the problem: N not a positive multiple of the classes, more than the training set
// (or kMaxFewLabels), rates out of range, ...
void validate(const FewLabelConfig& config, Index train_size);

// The N labelled images of `config` (balanced_subset of the training set by config.seed; N = the training set's
// size: all of it), gathered.
void labelled_subset(const Mat& train, const std::vector<uint8_t>& labels, const FewLabelConfig& config, Mat& images,
                     std::vector<uint8_t>& subset_labels);

class FewLabelTrainer {
 public:
  // `images` (pixels x N) and `labels` are copied. `model` gives the encoder (Frozen, Finetuned) or its shape
  // (Scratch); it is not modified and need not outlive the trainer.
  FewLabelTrainer(const Autoencoder& model, FewLabelWay way, const Mat& images, const std::vector<uint8_t>& labels,
                  const FewLabelConfig& config);
  // Up to `budget` more training steps; true while steps remain.
  bool step(int budget);
  bool done() const { return done_steps_ >= total_steps_; }
  int steps_done() const { return done_steps_; }
  int total_steps() const { return total_steps_; }
  double last_loss() const { return last_loss_; }  // mean cross-entropy of the last batch
  FewLabelWay way() const { return way_; }
  const Classifier& classifier() const { return classifier_; }

 private:
  FewLabelWay way_;
  FewLabelConfig config_;
  Classifier classifier_;
  Mat inputs_;  // the images, or (Frozen) their codes
  std::vector<uint8_t> labels_;
  Optimizer head_opt_, encoder_opt_;
  Rng order_rng_;
  std::vector<int> order_;
  size_t pos_ = 0;
  int done_steps_ = 0, total_steps_ = 0;
  double last_loss_ = 0;
  Mat batch_x_;
  std::vector<uint8_t> batch_y_;
  ClassifierWorkspace ws_;
};

struct FewLabelScore {
  double accuracy = 0;         // fraction of the test images classified correctly
  std::vector<int> confusion;  // classes x classes, confusion[true * classes + predicted]
};
FewLabelScore score(const Classifier& classifier, const Mat& test, const std::vector<uint8_t>& test_labels);

// One way, one seed, start to end: the subset, the training, the test score.
FewLabelScore run_few_labels(const Autoencoder& model, FewLabelWay way, const Mat& train,
                             const std::vector<uint8_t>& train_labels, const Mat& test,
                             const std::vector<uint8_t>& test_labels, const FewLabelConfig& config);

}  // namespace ae
