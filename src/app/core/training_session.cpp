#include "core/training_session.h"

#include <algorithm>
#include <chrono>

#include "core/training_messages.h"
#include "error.h"
#include "serialize.h"

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

ae::ModelSpec small_dense_autoencoder() {
  ae::ModelSpec s;
  s.sizes = {784, 128, 32};
  return s;
}

TrainSettings settings_for_preset(const ae::Preset& p, int code_size) {
  TrainSettings s;
  s.model = p.spec;
  s.model.sizes.back() = code_size;
  s.noise = p.train.noise;
  s.lr = p.train.optim.lr;
  return s;
}

uint64_t estimate_training_bytes(const TrainSettings& s, int pixels, int bytes_per_pixel) {
  const uint64_t params = ae::parameter_count(s.model);  // every layer kind: dense, conv, transposed conv
  const uint64_t images = static_cast<uint64_t>(std::max(s.train_images, 0)) + static_cast<uint64_t>(std::max(s.test_images, 0));
  const uint64_t batch = static_cast<uint64_t>(std::max(s.batch, 0));
  return static_cast<uint64_t>(bytes_per_pixel) * images * static_cast<uint64_t>(pixels)  // the chosen images, copied
         + 4 * (5 * params                                     // weights, gradients, Adam m and v, last good copy
                + 2 * ae::workspace_floats(s.model, s.batch)   // the training and the test passes' buffers
                + 4 * batch * static_cast<uint64_t>(pixels));  // clean and corrupted batch, for each pass
}

namespace {
ae::TrainConfig config_of(const TrainSettings& s) {
  ae::TrainConfig cfg;
  cfg.batch_size = s.batch;
  cfg.epochs = s.epochs;
  cfg.noise = s.noise;
  cfg.optim.lr = s.lr;
  cfg.optim.schedule = s.schedule;
  cfg.optim.lr_min = s.lr_min;
  cfg.seed = s.seed;
  return cfg;
}
}  // namespace

void TrainingSession::check(const TrainSettings& s, ae::Index train_size, ae::Index pixels, int bytes_per_pixel) const {
  if (s.train_images < 1 || s.train_images > train_size)
    throw ae::Error("training images must be in 1.." + std::to_string(train_size));
  if (s.test_images < 0) throw ae::Error("test images must be >= 0");
  if (s.model.sizes.empty() || s.model.sizes.front() != pixels)
    throw ae::Error("the first layer size must be the image size (" + std::to_string(pixels) + " pixels)");
  ae::validate(s.model);
  ae::validate(config_of(s), s.train_images);
  if (const uint64_t need = estimate_training_bytes(s, static_cast<int>(pixels), bytes_per_pixel);
      need > kTrainingMemoryBudget)
    throw ae::Error("this run needs about " + std::to_string(need >> 20) + " MB, more than the page's budget of " +
                    std::to_string(kTrainingMemoryBudget >> 20) + " MB for training: choose fewer images or a smaller model");
}

void TrainingSession::start(const TrainSettings& s, const ae::ImageSet& train, const ae::ImageSet& test,
                            TrainingWorker* worker) {
  check(s, train.size(), train.images.rows(), static_cast<int>(train.images.bytes_per_pixel()));
  begin(s, train.images.left(s.train_images), test.images.left(std::min<ae::Index>(s.test_images, test.size())),
        worker);
}

void TrainingSession::start(const TrainSettings& s, const ae::Dataset& train, const ae::Dataset& test,
                            TrainingWorker* worker) {
  check(s, train.size(), train.images.rows(), 4);
  ae::Mat train_images = train.images.leftCols(s.train_images);
  ae::Mat test_images = test.images.leftCols(std::min<ae::Index>(s.test_images, test.size()));
  begin(s, std::move(train_images), std::move(test_images), worker);
}

// Build everything first; only then replace the old session, so a rejected start changes nothing.
void TrainingSession::begin(const TrainSettings& s, ae::ImageStore train, ae::ImageStore test, TrainingWorker* worker) {
  auto model = std::make_unique<ae::Autoencoder>(s.model, s.seed);
  if (!worker) {
    start_with_model(std::move(model), s, std::move(train), std::move(test));
    return;
  }
  const std::vector<uint8_t> file = ae::serialize_model(ae::make_model_file(*model, s.noise, "untrained"));
  discard();
  settings_ = s;
  train_ = std::move(train);  // shared, not copied: the worker reads them from here
  test_ = std::move(test);
  model_ = std::move(model);
  progress_.epochs = s.epochs;
  state_ = TrainState::Running;
  worker_ = worker;
  worker_->start(++run_, file, to_json(WorkerSettings{s.batch, s.epochs, s.lr, s.seed, s.schedule, s.lr_min}), train_, test_);
}

void TrainingSession::start_with_model(std::unique_ptr<ae::Autoencoder> model, const TrainSettings& s,
                                       ae::ImageStore train, ae::ImageStore test) {
  const ae::TrainConfig cfg = config_of(s);
  ae::validate(cfg, train.cols());
  discard();
  settings_ = s;
  settings_.train_images = static_cast<int>(train.cols());
  settings_.test_images = static_cast<int>(test.cols());
  train_ = std::move(train);
  test_ = std::move(test);
  model_ = std::move(model);
  trainer_ = std::make_unique<ae::Trainer>(*model_, train_, test_, cfg);
  progress_ = trainer_->progress();
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
  if (progress_.diverged) {  // the guard restored the last good weights: keep the model, say why
    history_ = trainer_->history();
    state_ = TrainState::Failed;
    failure_ = trainer_->divergence();
  } else if (progress_.done) {
    state_ = TrainState::Done;
  }
}

// With a worker, Paused follows its paused report (within one slice, ~50 ms), so a paused session always shows
// and saves the weights it paused at.
void TrainingSession::pause() {
  if (state_ != TrainState::Running) return;
  if (!worker_) {
    state_ = TrainState::Paused;
    return;
  }
  pause_requested_ = true;
  worker_->pause(run_);
}

void TrainingSession::resume() {
  const bool pausing = state_ == TrainState::Running && pause_requested_;
  if (state_ != TrainState::Paused && !pausing) return;
  state_ = TrainState::Running;
  pause_requested_ = false;
  if (worker_) worker_->resume(run_);
}

void TrainingSession::discard() {
  if (worker_) worker_->stop(run_);
  worker_ = nullptr;
  pause_requested_ = false;
  trainer_.reset();
  model_.reset();
  train_ = test_ = ae::ImageStore();  // the run's share of the images (the worker's copy: its own discard)
  curve_loss_.clear();
  history_.clear();
  progress_ = {};
  smoothed_loss_ = -1;
  rate_ = 0;
  last_batches_ = 0;
  failure_.clear();
  state_ = TrainState::Idle;
}

bool TrainingSession::on_report(int run, const TrainingReport& r) {
  if (!worker_ || run != run_) return false;
  progress_ = r.progress;
  rate_ = r.rate;
  curve_loss_.insert(curve_loss_.end(), r.curve.begin(), r.curve.end());
  if (!r.history.empty()) history_ = r.history;
  epoch_finished_ = r.progress.epoch_finished;
  if (state_ == TrainState::Running || state_ == TrainState::Paused) {
    if (r.state == TrainState::Paused && pause_requested_) state_ = TrainState::Paused, pause_requested_ = false;
    if (r.state == TrainState::Done) state_ = TrainState::Done;
    if (r.state == TrainState::Failed) {
      state_ = TrainState::Failed;
      failure_ = r.failure.empty() ? "the training worker stopped" : r.failure;
    }
  }
  return true;
}

std::string TrainingSession::on_snapshot(int run, const float* params, size_t count) {
  if (!worker_ || run != run_ || !model_) return "";
  std::vector<float>& mine = model_->parameters();
  if (count != mine.size())
    return "the training worker sent " + std::to_string(count) + " weights for a model of " +
           std::to_string(mine.size());
  std::copy(params, params + count, mine.begin());
  return "";
}

bool TrainingSession::on_worker_failure(int run, const std::string& why) {
  if (!worker_ || run != run_ || (state_ != TrainState::Running && state_ != TrainState::Paused)) return false;
  state_ = TrainState::Failed;
  failure_ = why;
  return true;
}

void TrainingSession::restore(std::unique_ptr<ae::Autoencoder> model, std::vector<ae::EpochRecord> history,
                              std::vector<float> curve) {
  discard();
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
