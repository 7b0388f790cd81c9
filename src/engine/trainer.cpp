#include "trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "batch_size.h"
#include "dataset.h"
#include "denormals.h"
#include "error.h"

namespace ae {

void validate(const TrainConfig& c, Index train_size) {
  validate_batch_size(c.batch_size, train_size);
  if (c.epochs < 1 || c.epochs > 100000) throw Error("epochs must be in 1..100000, got " + std::to_string(c.epochs));
  if (c.checkpoint_every < 1) throw Error("checkpoint interval must be >= 1 batch");
  if (!std::isfinite(c.explode_factor) || c.explode_factor < 0)
    throw Error("gradient explosion factor must be >= 0 (0 = off)");
  validate(c.noise);
  validate(c.optim);
}

double TrainProgress::fraction() const {
  if (epochs == 0 || batches_per_epoch == 0) return 0;
  return std::min(1.0, (epoch + static_cast<double>(batch) / batches_per_epoch) / epochs);
}

Trainer::Trainer(Autoencoder& model, const Mat& train, const Mat& test, const TrainConfig& config)
    : Trainer(model, ImageStore::view(train), ImageStore::view(test), config) {}

Trainer::Trainer(Autoencoder& model, ImageStore train, ImageStore test, const TrainConfig& config)
    : Trainer(model, std::move(train), std::move(test), ImageStore(), ImageStore(), config) {}

Trainer::Trainer(Autoencoder& model, ImageStore train, ImageStore test, ImageStore train_targets,
                 ImageStore test_targets, const TrainConfig& config)
    : model_(model), train_(std::move(train)), test_(std::move(test)), train_targets_(std::move(train_targets)),
      test_targets_(std::move(test_targets)), config_(config), optimizer_(config.optim),
      shuffle_rng_(config.seed, 1), noise_rng_(config.seed, 2), eval_rng_(config.seed, 3) {
  validate(config_, train_.cols());
  if (train_.rows() != model_.spec().input_size())
    throw Error("training images have " + std::to_string(train_.rows()) + " pixels, the model expects " +
                std::to_string(model_.spec().input_size()));
  if (test_.cols() > 0 && test_.rows() != train_.rows()) throw Error("test images differ in size from training images");
  const Index outputs = model_.spec().output_size();
  if (train_targets_.cols() == 0 && outputs != train_.rows())
    throw Error("the model gives " + std::to_string(model_.spec().out_channels) + " output channel(s) for " +
                std::to_string(model_.spec().in_channels) + " input channel(s): it trains on paired data (e.g. "
                "--preset colorize on --dataset photos), not on reconstructing its input");
  if (train_targets_.cols() > 0) {
    if (train_targets_.cols() != train_.cols() || test_targets_.cols() != test_.cols())
      throw Error("paired data: " + std::to_string(train_.cols()) + "/" + std::to_string(test_.cols()) +
                  " training/test inputs but " + std::to_string(train_targets_.cols()) + "/" +
                  std::to_string(test_targets_.cols()) + " targets");
    if (train_targets_.rows() != outputs || (test_targets_.cols() > 0 && test_targets_.rows() != outputs))
      throw Error("paired data: targets have " + std::to_string(train_targets_.rows()) +
                  " values per image, the model's output has " + std::to_string(outputs));
    if (model_.spec().likelihood == Likelihood::Bernoulli)
      throw Error("paired data: the bernoulli likelihood binarizes the targets it reconstructs; use continuous");
  }
  if (config_.noise.kind >= NoiseKind::Block && train_.rows() != kImageSide * kImageSide)
    throw Error(to_string(config_.noise) + " acts on 28x28 images, and these inputs have " +
                std::to_string(train_.rows()) + " values (a stacked layer's codes take pixel noise only)");
  params_ = model_.parameter_refs();
  ws_.rng = Rng(config_.seed, 4);  // the VAE's ε: seeded like everything else
  binarize_ = model_.spec().likelihood == Likelihood::Bernoulli;
  binarize_rng_ = Rng(config_.seed, 5);
  progress_.epochs = config_.epochs;
  progress_.batches_per_epoch = train_.cols() / config_.batch_size;  // the partial last batch is dropped
  good_params_ = model_.parameters();  // the initial weights are the first good checkpoint
  start_epoch();
}

void Trainer::start_epoch() {
  shuffled_indices(order_, static_cast<int>(train_.cols()), shuffle_rng_);
  progress_.batch = 0;
  loss_sum_ = 0;
}

void Trainer::train_batch() {
  kernels::StepScope timed(step_threads_);
  train_.gather(order_, progress_.batch * config_.batch_size, config_.batch_size, clean_);
  if (binarize_) {  // dynamic binarization: fresh bits for every batch of every epoch
    binarize(clean_, binary_, binarize_rng_);
    clean_.swap(binary_);
  }
  const Mat* input = &clean_;
  if (config_.noise.kind != NoiseKind::None) {
    corrupt(config_.noise, clean_, noisy_, noise_rng_);
    input = &noisy_;
  }
  const Mat* target = &clean_;
  if (train_targets_.cols() > 0) {
    train_targets_.gather(order_, progress_.batch * config_.batch_size, config_.batch_size, target_);
    target = &target_;
  }
  double loss = model_.loss_and_gradient(*input, *target, ws_);
  if (!std::isfinite(loss)) return diverge(std::string("the training loss became ") + (std::isnan(loss) ? "NaN" : "infinite"));
  // These weights just gave a finite loss: a good checkpoint (copied into the buffer allocated at start).
  if (++since_checkpoint_ >= config_.checkpoint_every) {
    std::copy(model_.parameters().begin(), model_.parameters().end(), good_params_.begin());
    good_epoch_ = progress_.epoch + 1;
    good_batch_ = progress_.batch;
    since_checkpoint_ = 0;
  }
  if (config_.optim.schedule != LrSchedule::Constant)
    optimizer_.set_lr(scheduled_lr(config_.optim, progress_.total_batches,
                                   static_cast<long>(config_.epochs) * progress_.batches_per_epoch));
  const float norm = optimizer_.step(params_);  // the gradient norm before clipping
  if (!std::isfinite(norm)) return diverge("the gradient norm became " + std::string(std::isnan(norm) ? "NaN" : "infinite"));
  if (config_.explode_factor > 0 && progress_.total_batches >= 10 && norm > config_.explode_factor * grad_norm_avg_) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "the gradient norm exploded to %.3g (%.0f times its running average %.3g)",
                  static_cast<double>(norm), norm / grad_norm_avg_, grad_norm_avg_);
    return diverge(buf);
  }
  grad_norm_avg_ = progress_.total_batches == 0 ? norm : 0.95 * grad_norm_avg_ + 0.05 * norm;
  loss_sum_ += loss;
  progress_.batch_loss = loss;
  ++progress_.batch;
  ++progress_.total_batches;
  progress_.running_loss = loss_sum_ / static_cast<double>(progress_.batch);
}

TrainProgress Trainer::step(int budget) {
  FlushDenormalsToZero ftz;  // decaying weights and moments must not fall onto the slow denormal path
  progress_.epoch_finished = false;
  for (int work = 0; work < budget && !progress_.done; ++work) {
    if (!progress_.evaluating) {
      train_batch();
      if (progress_.batch == progress_.batches_per_epoch) {
        progress_.evaluating = true;
        eval_pos_ = 0;
        eval_sum_ = 0;
        eval_rng_ = Rng(config_.seed, 3);
        eval_ws_.rng = Rng(config_.seed, 10);  // the same VAE samples in every epoch's test pass
        eval_binarize_rng_ = binarize_rng(kBinarizeSeed);
      }
      continue;
    }
    // One chunk of the test pass (chunks of the batch size, so a unit of work costs about the same).
    if (eval_pos_ < test_.cols()) {
      const Index m = std::min<Index>(config_.batch_size, test_.cols() - eval_pos_);
      test_.columns(eval_pos_, m, eval_clean_);
      if (binarize_) {  // the test set's one fixed binarization (likelihood.h), chunk by chunk
        binarize(eval_clean_, binary_, eval_binarize_rng_);
        eval_clean_.swap(binary_);
      }
      const Mat* input = &eval_clean_;
      if (config_.noise.kind != NoiseKind::None) {
        corrupt(config_.noise, eval_clean_, eval_noisy_, eval_rng_);
        input = &eval_noisy_;
      }
      // The full training objective (penalties, the VAE's KL and sampled z), without gradients.
      const Mat* target = &eval_clean_;
      if (test_targets_.cols() > 0) {
        test_targets_.columns(eval_pos_, m, eval_target_);
        target = &eval_target_;
      }
      const double chunk = model_.evaluate(*input, *target, eval_ws_).total();
      if (!std::isfinite(chunk)) {
        diverge(std::string("the test loss became ") + (std::isnan(chunk) ? "NaN" : "infinite"));
        break;
      }
      eval_sum_ += chunk * m;
      eval_pos_ += m;
      if (eval_pos_ < test_.cols()) continue;
    }
    const double test_loss = test_.cols() > 0 ? eval_sum_ / static_cast<double>(test_.cols())
                                              : std::numeric_limits<double>::quiet_NaN();
    history_.push_back({progress_.epoch + 1, progress_.running_loss, test_loss});
    progress_.evaluating = false;
    progress_.epoch_finished = true;
    ++progress_.epoch;
    if (progress_.epoch == config_.epochs)
      progress_.done = true;
    else
      start_epoch();
  }
  return progress_;
}

void Trainer::diverge(const std::string& why) {
  const std::string where = progress_.evaluating ? "in its test pass" : "at batch " + std::to_string(progress_.batch + 1);
  const std::string restored = good_epoch_ == 1 && good_batch_ == 0
                                   ? "the initial weights"
                                   : "the last good weights (epoch " + std::to_string(good_epoch_) + ", batch " +
                                         std::to_string(good_batch_) + ")";
  std::copy(good_params_.begin(), good_params_.end(), model_.parameters().begin());
  progress_.diverged = progress_.done = true;
  progress_.evaluating = false;
  char lr[32], clip[32];
  std::snprintf(lr, sizeof lr, "%g", static_cast<double>(config_.optim.lr));
  std::snprintf(clip, sizeof clip, "%g", static_cast<double>(config_.optim.clip_norm));
  divergence_ = "training diverged in epoch " + std::to_string(progress_.epoch + 1) + " " + where + ": " + why +
                ". Restored " + restored + ". Lower the learning rate (" + lr + " now, try a tenth of it)" +
                (config_.optim.clip_norm > 0 ? std::string(" or clip the gradient norm harder (now ") + clip + ")"
                                             : std::string(" or clip the gradient norm (e.g. 1)")) + ".";
}

double Trainer::evaluate(const Mat& data, uint64_t seed) {
  FlushDenormalsToZero ftz;
  Rng rng(seed, 3), bits_rng = binarize_rng(kBinarizeSeed);
  Workspace ws;
  ws.rng = Rng(seed, 10);
  Mat clean, noisy;
  double sum = 0;
  for (Index pos = 0; pos < data.cols(); pos += config_.batch_size) {
    const Index m = std::min<Index>(config_.batch_size, data.cols() - pos);
    clean = data.middleCols(pos, m);
    if (binarize_) {
      binarize(clean, noisy, bits_rng);
      clean.swap(noisy);
    }
    corrupt(config_.noise, clean, noisy, rng);
    sum += model_.evaluate(noisy, clean, ws).total() * m;
  }
  return data.cols() ? sum / static_cast<double>(data.cols()) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace ae
