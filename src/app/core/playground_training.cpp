// Playground: in-page training (the one start path the Train panel and the JS API share) and the model
// trained here (download, restore after a reload).
#include "core/playground.h"

#include "core/loss_history.h"
#include "core/training_messages.h"
#include "error.h"

namespace aeplay {

namespace {
constexpr const char* kTrainedNotes = "trained in the aeplay playground";
}

std::string Playground::start_training(const TrainSettings& settings) {
  std::string reason;
  try {
    TrainSettings s = settings;
    if (dataset_is_user_set()) {
      // My set is small: all of it, in batches no larger than it.
      if (train_.size() < 2) throw ae::Error("my set needs at least 2 images to train on");
      s.train_images = static_cast<int>(train_.size());
      s.batch = std::min(s.batch, s.train_images);
    }
    if (train_.size() < s.train_images)
      throw ae::Error("the training set is not loaded yet (" + std::to_string(train_.size()) + " of " +
                      std::to_string(s.train_images) + " images)");
    training_.start(s, train_, test_, worker_);
    trained_on_ = dataset_is_user_set() ? UserSet::kName : dataset_;
    if (current_ == kTrainedId) model_changed(true);
    select_model(kTrainedId);
    return "";
  } catch (const ae::Error& e) {
    reason = e.what();
  } catch (const std::bad_alloc&) {
    reason = "not enough memory for this much data; choose fewer images or a smaller model";
  }
  notify("Training not started: " + reason, true);
  return reason;
}

Playground::TrainingTick Playground::advance_training(double budget_ms) {
  TrainingTick tick;
  if (training_.state() != TrainState::Running) return tick;
  const long batches_before = training_.progress().total_batches;
  training_.advance(budget_ms);
  const bool stopped = training_.state() != TrainState::Running;
  tick.epoch_finished = training_.epoch_just_finished();
  tick.stopped_by_failure = training_.state() == TrainState::Failed;
  if (current_ == kTrainedId && (training_.progress().total_batches != batches_before || stopped || tick.epoch_finished))
    model_changed(tick.epoch_finished || stopped);
  if (tick.stopped_by_failure) notify("Training stopped: " + training_.failure(), true);
  return tick;
}

Playground::TrainingTick Playground::on_training_report(int run, const std::string& json) {
  TrainingReport report;
  try {
    report = parse_training_report(json);
  } catch (const ae::Error& e) {
    return on_training_failure(run, std::string("the training worker sent a broken report (") + e.what() + ")");
  }
  const TrainState before = training_.state();
  TrainingTick tick;
  if (!training_.on_report(run, report)) return tick;
  tick.epoch_finished = training_.epoch_just_finished();
  tick.stopped_by_failure = before != TrainState::Failed && training_.state() == TrainState::Failed;
  const bool stopped = before != training_.state() && training_.state() != TrainState::Paused;
  tick.rested = report.state == TrainState::Paused && training_.state() == TrainState::Paused;
  if (current_ == kTrainedId && (tick.epoch_finished || stopped || tick.rested)) model_changed(true);
  if (tick.stopped_by_failure) notify("Training stopped: " + training_.failure(), true);
  return tick;
}

void Playground::on_training_snapshot(int run, const float* params, size_t count) {
  const std::string err = training_.on_snapshot(run, params, count);
  if (!err.empty()) {
    on_training_failure(run, err);
    return;
  }
  if (current_ == kTrainedId && run == training_.run()) model_changed(false);
}

Playground::TrainingTick Playground::on_training_failure(int run, const std::string& why) {
  TrainingTick tick;
  if (!training_.on_worker_failure(run, why)) return tick;
  tick.stopped_by_failure = true;
  if (current_ == kTrainedId) model_changed(true);
  notify("Training stopped: " + why, true);
  return tick;
}

void Playground::pause_training() {
  if (training_.state() != TrainState::Running) return;
  training_.pause();
  if (current_ == kTrainedId) ++versions_.model_epoch;  // a pause is a resting point: costly views may follow
}

void Playground::resume_training() { training_.resume(); }

void Playground::discard_training() {
  if (current_ == kTrainedId) {
    current_.clear();
    for (const auto& m : models_)
      if (m.model) {
        current_ = m.id;
        break;
      }
    model_changed(true);
  }
  training_.discard();
}

std::vector<uint8_t> Playground::trained_model_bytes() const {
  if (!training_.model()) return {};
  return ae::serialize_model(
      ae::make_model_file(*training_.model(), training_.settings().noise, kTrainedNotes, trained_on_));
}

std::string Playground::restore_training(const std::vector<uint8_t>& bytes, const std::string& history_json,
                                         const std::string& where) {
  try {
    ae::ModelFile f = ae::parse_model(bytes.data(), bytes.size(), "your saved model");
    LossHistory history = parse_loss_history(history_json);
    training_.restore(ae::instantiate(f), std::move(history.epochs), std::move(history.curve));
    trained_on_ = f.dataset;
    if (current_ == kTrainedId) model_changed(true);
    notify("Restored the model you trained earlier (" + f.spec.describe() + ", " +
           std::to_string(training_.history().size()) + " epochs" + (where.empty() ? "" : "; " + where) + ").");
    return "";
  } catch (const ae::Error& e) {
    return std::string("Could not restore your saved model: ") + e.what();
  } catch (const std::bad_alloc&) {
    return "Could not restore your saved model: not enough memory";
  }
}

}  // namespace aeplay
