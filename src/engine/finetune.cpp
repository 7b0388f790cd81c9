#include "finetune.h"

#include <algorithm>
#include <cmath>

#include "dataset.h"
#include "error.h"
#include "latent.h"

namespace ae {

const char* to_string(FewLabelWay way) {
  switch (way) {
    case FewLabelWay::Frozen: return "frozen";
    case FewLabelWay::Finetuned: return "finetuned";
    case FewLabelWay::Scratch: return "scratch";
  }
  return "?";
}

int default_steps(int labels, int batch) {
  const int b = std::max(1, std::min(batch, labels));
  const long epochs20 = 20L * ((labels + b - 1) / b);
  return static_cast<int>(std::max<long>(1500, epochs20));
}

void validate(const FewLabelConfig& c, Index train_size) {
  if (c.classes < 2) throw Error("a classifier needs at least 2 classes");
  if (c.labels <= 0 || c.labels % c.classes != 0)
    throw Error("the number of labels must be a positive multiple of " + std::to_string(c.classes) +
                " (the same number of images of each class), got " + std::to_string(c.labels));
  const Index most = std::min<Index>(kMaxFewLabels, train_size);
  if (c.labels > most)
    throw Error("the number of labels must be at most " + std::to_string(most) + " (the training set), got " +
                std::to_string(c.labels));
  if (c.batch < 1) throw Error("the batch size must be at least 1");
  if (c.steps < 0) throw Error("the number of steps must be >= 0 (0 = the default)");
  auto rate = [](float lr) { return std::isfinite(lr) && lr >= 0 && lr <= 10; };
  if (!rate(c.head_lr) || c.head_lr == 0) throw Error("the head's learning rate must be in (0, 10]");
  if (!rate(c.frozen_lr) || c.frozen_lr == 0) throw Error("the frozen head's learning rate must be in (0, 10]");
  if (!rate(c.encoder_lr)) throw Error("the encoder's learning rate must be in [0, 10]");
  if (!std::isfinite(c.weight_decay) || c.weight_decay < 0) throw Error("weight decay must be >= 0");
}

void labelled_subset(const Mat& train, const std::vector<uint8_t>& labels, const FewLabelConfig& config, Mat& images,
                     std::vector<uint8_t>& subset_labels) {
  if (static_cast<Index>(labels.size()) != train.cols()) throw Error("the training set needs one label per image");
  validate(config, train.cols());
  // N = the whole training set takes all of it (MNIST's digits are not equally many: 5421 to 6742 per class).
  std::vector<int> idx;
  if (config.labels == train.cols()) {
    idx.resize(static_cast<size_t>(train.cols()));
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
  } else {
    idx = balanced_subset(labels, config.classes, config.labels / config.classes, config.seed);
  }
  gather_columns(train, idx, 0, static_cast<Index>(idx.size()), images);
  subset_labels.resize(idx.size());
  for (size_t i = 0; i < idx.size(); ++i) subset_labels[i] = labels[static_cast<size_t>(idx[i])];
}

namespace {

OptimConfig adam(float lr, float weight_decay) {
  OptimConfig c;
  c.kind = OptimizerKind::Adam;
  c.lr = lr > 0 ? lr : 1.0f;  // an Optimizer is built with lr > 0; a rate of 0 is set after (set_lr)
  c.weight_decay = weight_decay;
  c.schedule = LrSchedule::Cosine;
  c.lr_min = 0;
  return c;
}

Classifier make_classifier(const Autoencoder& model, FewLabelWay way, const FewLabelConfig& config) {
  // Scratch's encoder is drawn from a stream of its own, so it does not depend on the head's draw.
  if (way == FewLabelWay::Scratch) {
    Classifier c = Classifier::from_scratch(model.spec(), config.classes, config.seed * 7919 + 17);
    return c;
  }
  return Classifier(model, config.classes, config.seed);
}

}  // namespace

FewLabelTrainer::FewLabelTrainer(const Autoencoder& model, FewLabelWay way, const Mat& images,
                                 const std::vector<uint8_t>& labels, const FewLabelConfig& config)
    : way_(way), config_(config), classifier_(make_classifier(model, way, config)), labels_(labels),
      head_opt_(adam(way == FewLabelWay::Frozen ? config.frozen_lr : config.head_lr, config.weight_decay)),
      encoder_opt_(adam(config.encoder_lr, config.weight_decay)), order_rng_(config.seed, /*stream=*/0x0de7) {
  if (static_cast<Index>(labels.size()) != images.cols() || images.cols() < 1)
    throw Error("few-label training needs one label per image");
  if (config.encoder_lr == 0) encoder_opt_.set_lr(0);
  config_.batch = std::min<int>(config.batch, static_cast<int>(images.cols()));
  total_steps_ = config.steps > 0 ? config.steps : default_steps(static_cast<int>(images.cols()), config_.batch);
  const Mat codes = classifier_.encode(images);
  classifier_.standardise_codes(codes);
  inputs_ = way == FewLabelWay::Frozen ? codes : images;
  shuffled_indices(order_, static_cast<int>(images.cols()), order_rng_);
}

bool FewLabelTrainer::step(int budget) {
  const size_t n = order_.size(), b = static_cast<size_t>(config_.batch);
  for (int k = 0; k < budget && !done(); ++k) {
    if (pos_ + b > n) {
      shuffled_indices(order_, static_cast<int>(n), order_rng_);
      pos_ = 0;
    }
    gather_columns(inputs_, order_, static_cast<Index>(pos_), static_cast<Index>(b), batch_x_);
    batch_y_.resize(b);
    for (size_t j = 0; j < b; ++j) batch_y_[j] = labels_[static_cast<size_t>(order_[pos_ + j])];
    pos_ += b;
    const bool frozen = way_ == FewLabelWay::Frozen;
    last_loss_ = frozen ? classifier_.head_loss_and_gradient(batch_x_, batch_y_, ws_)
                        : classifier_.loss_and_gradient(batch_x_, batch_y_, ws_);
    head_opt_.set_lr(scheduled_lr(head_opt_.config(), done_steps_, total_steps_));
    head_opt_.step(classifier_.head_refs());
    if (!frozen) {
      OptimConfig enc = encoder_opt_.config();
      enc.lr = config_.encoder_lr;
      encoder_opt_.set_lr(scheduled_lr(enc, done_steps_, total_steps_));
      encoder_opt_.step(classifier_.encoder_refs());
    }
    ++done_steps_;
  }
  return !done();
}

FewLabelScore score(const Classifier& classifier, const Mat& test, const std::vector<uint8_t>& test_labels) {
  if (static_cast<Index>(test_labels.size()) != test.cols() || test.cols() == 0)
    throw Error("scoring needs a labelled test set");
  const std::vector<int> predicted = classifier.predict(test);
  FewLabelScore s;
  s.accuracy = accuracy(predicted, test_labels);
  s.confusion = confusion_matrix(predicted, test_labels, classifier.classes());
  return s;
}

FewLabelScore run_few_labels(const Autoencoder& model, FewLabelWay way, const Mat& train,
                             const std::vector<uint8_t>& train_labels, const Mat& test,
                             const std::vector<uint8_t>& test_labels, const FewLabelConfig& config) {
  Mat images;
  std::vector<uint8_t> labels;
  labelled_subset(train, train_labels, config, images, labels);
  FewLabelTrainer trainer(model, way, images, labels, config);
  while (trainer.step(100)) {
  }
  return score(trainer.classifier(), test, test_labels);
}

}  // namespace ae
