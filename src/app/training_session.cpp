#include "training_session.h"

#include <chrono>

#include "error.h"

namespace aeplay {

const char* to_string(TrainState s) {
  switch (s) {
    case TrainState::Idle: return "idle";
    case TrainState::Running: return "running";
    case TrainState::Paused: return "paused";
    case TrainState::Done: return "done";
    case TrainState::Failed: return "failed";
  }
  return "?";
}

void TrainingSession::start(const TrainSettings& s, const ae::Dataset& train, const ae::Dataset& test) {
  if (s.train_images < 1 || s.train_images > train.size())
    throw ae::Error("training images must be in 1.." + std::to_string(train.size()));
  ae::ModelSpec spec;
  spec.sizes = s.layers;
  spec.hidden = spec.latent = s.activation;
  ae::TrainConfig cfg;
  cfg.batch_size = s.batch;
  cfg.epochs = s.epochs;
  cfg.noise = s.noise;
  cfg.optim.lr = s.lr;
  cfg.seed = s.seed;
  ae::validate(spec);
  ae::validate(cfg, s.train_images);

  // Build everything first; only then replace the old session, so a rejected start changes nothing.
  ae::Mat train_images = train.images.leftCols(s.train_images);
  ae::Mat test_images = test.images.leftCols(std::min<ae::Index>(s.test_images, test.size()));
  auto model = std::make_unique<ae::Autoencoder>(spec, s.seed);
  settings_ = s;
  train_ = std::move(train_images);
  test_ = std::move(test_images);
  model_ = std::move(model);
  trainer_ = std::make_unique<ae::Trainer>(*model_, train_, test_, cfg);
  progress_ = trainer_->progress();
  curve_loss_.clear();
  history_.clear();
  smoothed_loss_ = -1;
  rate_ = 0;
  last_batches_ = 0;
  failure_.clear();
  state_ = TrainState::Running;
}

void TrainingSession::advance(double budget_ms) {
  epoch_finished_ = false;
  if (state_ != TrainState::Running || !trainer_) return;
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  const long batches_before = progress_.total_batches;
  double elapsed_ms = 0;
  try {
    do {
      const long before = progress_.total_batches;
      progress_ = trainer_->step(1);
      epoch_finished_ |= progress_.epoch_finished;
      if (progress_.total_batches != before)  // a training batch (not a test chunk): smooth its loss
        smoothed_loss_ = smoothed_loss_ < 0 ? progress_.batch_loss : 0.95 * smoothed_loss_ + 0.05 * progress_.batch_loss;
      elapsed_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
    } while (!progress_.done && elapsed_ms < budget_ms);
  } catch (const ae::Error& e) {
    state_ = TrainState::Failed;
    failure_ = e.what();
    return;
  }
  const long done = progress_.total_batches - batches_before;
  if (done > 0 && elapsed_ms > 0) {
    const double now_rate = done * settings_.batch / (elapsed_ms / 1000.0);
    rate_ = rate_ == 0 ? now_rate : 0.9 * rate_ + 0.1 * now_rate;  // smoothed for a steady read-out
  }
  // One curve point every 10 batches keeps the curve light for long runs.
  for (long b = last_batches_ / 10 + 1; b <= progress_.total_batches / 10; ++b)
    curve_loss_.push_back(static_cast<float>(smoothed_loss_));
  last_batches_ = progress_.total_batches;
  if (epoch_finished_) history_ = trainer_->history();
  if (progress_.done) state_ = TrainState::Done;
}

void TrainingSession::discard() {
  trainer_.reset();
  model_.reset();
  curve_loss_.clear();
  history_.clear();
  progress_ = {};
  state_ = TrainState::Idle;
}

void TrainingSession::restore(std::unique_ptr<ae::Autoencoder> model, std::vector<ae::EpochRecord> history,
                              std::vector<float> curve) {
  trainer_.reset();
  model_ = std::move(model);
  history_ = std::move(history);
  curve_loss_ = std::move(curve);
  progress_ = {};
  progress_.epoch = progress_.epochs = static_cast<int>(history_.size());
  progress_.done = true;
  state_ = TrainState::Done;
}

long TrainingSession::samples_seen() const { return progress_.total_batches * settings_.batch; }

}  // namespace aeplay
