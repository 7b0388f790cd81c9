// In-page training: a model, a Trainer and the numbers the Train panel shows. advance(budget_ms) runs
// whole batches until the frame's time budget is spent, so the page keeps drawing while it trains.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "dataset.h"
#include "image_store.h"
#include "model.h"
#include "presets.h"
#include "trainer.h"

namespace aeplay {

ae::ModelSpec small_dense_autoencoder();  // 784-128-32, ReLU, sigmoid output, MSE

struct TrainSettings {
  // The model: family, layer sizes (encoder, input first; conv: input, code), activations, loss, penalty and
  // its hyperparameters. The default is a small plain dense AE.
  ae::ModelSpec model = small_dense_autoencoder();
  ae::NoiseSpec noise{ae::NoiseKind::Gaussian, 0.5f, true};
  float lr = 1e-3f;
  // The learning rate's schedule (Adam): constant, or cosine down to lr_min over the run (the 2-D lab's models).
  ae::LrSchedule schedule = ae::LrSchedule::Constant;
  float lr_min = 0;
  int batch = 64;
  int train_images = 10000;  // how much of MNIST's 60k training set to use
  int test_images = 1000;    // test loss after each epoch on this many test digits
  int epochs = 5;
  uint64_t seed = 1;
};

// Settings that train `preset`'s family (its architecture, activations, penalty, noise, learning rate)
// with the given code size; callers override the rest (data, epochs, batch, seed).
TrainSettings settings_for_preset(const ae::Preset& preset, int code_size);

// Memory budget of one in-page training run (docs/hardening-and-faults.md): the copies of the chosen training and
// test images (bytes_per_pixel: 4 for floats, 1 for the bytes the page and the worker hold MNIST as), the model
// with its gradients, Adam's two moments and the divergence guard's checkpoint, and the batch buffers. The page
// also holds MNIST itself as bytes (70k x 784 B = 55 MB) and at most a few models, so with this budget the
// whole page stays well inside wasm32's 2 GiB. start() refuses a run whose estimate exceeds it, with a message
// saying what to reduce.
constexpr uint64_t kTrainingMemoryBudget = 512ull << 20;
uint64_t estimate_training_bytes(const TrainSettings& s, int pixels, int bytes_per_pixel = 4);

enum class TrainState { Idle, Running, Paused, Done, Failed };
const char* to_string(TrainState s);

// Where the batches run when not in this thread: the page's training worker (bridge/js_training.cpp drives
// web/training-client.js). start() hands it the run: the untrained model as a .aep file, the settings
// (core/training_messages.h) and the images (as the page holds them: bytes for MNIST and the other sets), which
// must stay where they are until the worker has them (the session shares them until the run is replaced or
// discarded). Its reports come back through on_report().
class TrainingWorker {
 public:
  virtual ~TrainingWorker() = default;
  virtual void start(int run, const std::vector<uint8_t>& model_file, const std::string& settings_json,
                     const ae::ImageStore& train, const ae::ImageStore& test) = 0;
  virtual void pause(int run) = 0;
  virtual void resume(int run) = 0;
  virtual void stop(int run) = 0;
};
struct TrainingReport;

class TrainingSession {
 public:
  // Runs are numbered from first_run + 1 (two sessions sharing one worker number theirs apart).
  explicit TrainingSession(int first_run = 0) : run_(first_run) {}
  // Builds the model and trainer; throws ae::Error for bad settings (nothing else changes then). With a
  // worker the batches run there and this session follows its reports and weight snapshots. The run shares
  // the first images of the sets' stores (no pixels copied: the page holds its data set once).
  void start(const TrainSettings& settings, const ae::ImageSet& train, const ae::ImageSet& test,
             TrainingWorker* worker = nullptr);
  // The same from float data sets (the reference path): the run keeps a copy of the images it uses.
  void start(const TrainSettings& settings, const ae::Dataset& train, const ae::Dataset& test,
             TrainingWorker* worker = nullptr);
  // The worker's side: trains `model` (already built from the page's file) on exactly these images.
  void start_with_model(std::unique_ptr<ae::Autoencoder> model, const TrainSettings& settings, ae::ImageStore train,
                        ae::ImageStore test);
  // Trains for at most budget_ms of wall time (at least one unit of work) while Running (not with a worker).
  void advance(double budget_ms);
  void pause();   // with a worker: Paused once its paused report (and weights) arrive
  void resume();
  void discard();  // back to Idle, model dropped

  // From the worker, for run `run` (older runs' messages are ignored: these return false / "").
  // A report: progress, curve, history, and Done/Failed when the worker stopped. true if it was this run's.
  bool on_report(int run, const TrainingReport& report);
  // The weights after the worker's latest batches; "" or why they were refused (wrong size).
  std::string on_snapshot(int run, const float* params, size_t count);
  // The worker crashed, could not start or stopped answering: Failed, the model keeps the last snapshot.
  bool on_worker_failure(int run, const std::string& why);
  bool remote() const { return worker_ != nullptr; }
  int run() const { return run_; }
  // A model trained in an earlier visit (from browser storage): shown as Done, with its loss history.
  void restore(std::unique_ptr<ae::Autoencoder> model, std::vector<ae::EpochRecord> history,
               std::vector<float> curve);

  TrainState state() const { return state_; }
  const std::string& failure() const { return failure_; }
  const ae::Autoencoder* model() const { return model_.get(); }
  const TrainSettings& settings() const { return settings_; }
  const ae::TrainProgress& progress() const { return progress_; }
  const std::vector<ae::EpochRecord>& history() const { return history_; }
  // Training loss (exponential moving average over batches), one point every 10 batches.
  const std::vector<float>& curve_loss() const { return curve_loss_; }
  double samples_per_second() const { return rate_; }
  long samples_seen() const;
  bool epoch_just_finished() const { return epoch_finished_; }

 private:
  void begin(const TrainSettings& s, ae::ImageStore train, ae::ImageStore test, TrainingWorker* worker);
  void check(const TrainSettings& s, ae::Index train_size, ae::Index pixels, int bytes_per_pixel) const;

  TrainSettings settings_;
  ae::ImageStore train_, test_;
  std::unique_ptr<ae::Autoencoder> model_;
  std::unique_ptr<ae::Trainer> trainer_;
  ae::TrainProgress progress_;
  TrainState state_ = TrainState::Idle;
  std::string failure_;
  std::vector<float> curve_loss_;
  std::vector<ae::EpochRecord> history_;
  double rate_ = 0;
  double smoothed_loss_ = -1;  // -1 until the first batch
  bool epoch_finished_ = false;
  long last_batches_ = 0;
  TrainingWorker* worker_ = nullptr;  // set while a run trains in the worker
  int run_ = 0;                       // numbers the runs, so a late message of an older one is ignored
  bool pause_requested_ = false;      // sent to the worker; Paused once it reports so
};

}  // namespace aeplay
