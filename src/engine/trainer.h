// Step-wise training: step(budget) advances by at most `budget` units of work (one unit = one training
// batch or one evaluation chunk of the test set) and returns where training stands. The CLI calls it in
// a loop; the browser calls it once per frame with a budget that fits the frame.
//
// Each epoch: shuffle (seeded), train on full batches with fresh noise per batch (loss against the clean
// input: denoising), then evaluate the test loss in chunks (same corruption, fixed seed per evaluation,
// so epochs are comparable). A Bernoulli VAE (likelihood.h) trains on dynamically binarized batches (fresh
// bits per batch) and is tested on the test set's fixed-seed binarization.
//
// Divergence guard: a non-finite loss (training batch or test pass), a non-finite gradient norm, or a
// gradient norm more than `explode_factor` times its running average stops training. The weights are
// restored to the last good checkpoint (a copy of the parameters taken every `checkpoint_every`
// batches, from weights that had just given a finite loss and gradient; allocated once), progress()
// reports `diverged`, and divergence() says why and what to change. Nothing is thrown: the caller keeps
// a usable model.
#pragma once
#include <string>
#include <vector>

#include "image_store.h"
#include "kernels/step_threads.h"
#include "model.h"
#include "noise.h"
#include "optim.h"
#include "rng.h"

namespace ae {

struct TrainConfig {
  int batch_size = 64;
  int epochs = 5;
  NoiseSpec noise;
  OptimConfig optim;
  uint64_t seed = 1;
  int checkpoint_every = 20;     // batches between copies of the last good weights (divergence guard)
  float explode_factor = 1e4f;   // gradient norm / its running average that counts as divergence (0 = off)
};

// Throws ae::Error for out-of-range values, naming the setting (batch larger than the data, ...).
void validate(const TrainConfig& config, Index train_size);

struct EpochRecord {
  int epoch;            // 1-based
  double train_loss;    // mean over the epoch's batches
  double test_loss;     // NaN when there is no test set
};

struct TrainProgress {
  int epoch = 0;                // epochs completed
  int epochs = 0;
  Index batch = 0;              // batches done in the current epoch
  Index batches_per_epoch = 0;
  long total_batches = 0;       // over the whole run
  double running_loss = 0;      // mean training loss so far in this epoch
  double batch_loss = 0;        // loss of the last training batch
  bool evaluating = false;      // inside the test pass of an epoch
  bool epoch_finished = false;  // an epoch ended during this step()
  bool done = false;
  bool diverged = false;        // stopped by the divergence guard (then done is true as well)
  double fraction() const;      // 0..1 of the whole run
};

class Trainer {
 public:
  // `train` and `test` (may be empty) are (pixels x N) and must outlive the trainer.
  Trainer(Autoencoder& model, const Mat& train, const Mat& test, const TrainConfig& config);
  // The same from stores (image_store.h): byte-held images become floats one batch at a time, and give the
  // batches the float matrix of the same images gives. The trainer shares the stores' storage.
  Trainer(Autoencoder& model, ImageStore train, ImageStore test, const TrainConfig& config);
  // Paired data: the model learns to map input column j to target column j (colorization: lightness in,
  // chroma out, colour.h), for a model whose output differs from its input. Noise corrupts the inputs only.
  Trainer(Autoencoder& model, ImageStore train, ImageStore test, ImageStore train_targets, ImageStore test_targets,
          const TrainConfig& config);

  TrainProgress step(int budget);
  const TrainProgress& progress() const { return progress_; }
  const std::vector<EpochRecord>& history() const { return history_; }
  const TrainConfig& config() const { return config_; }
  // Why the divergence guard stopped training and what to change; empty while training is healthy.
  const std::string& divergence() const { return divergence_; }
  // Loss of the model on `data` with this trainer's corruption and a fixed seed.
  double evaluate(const Mat& data, uint64_t seed = 12345);

 private:
  void start_epoch();
  void train_batch();
  void diverge(const std::string& why);  // restore the last good weights, stop, explain

  Autoencoder& model_;
  ImageStore train_, test_;
  ImageStore train_targets_, test_targets_;  // empty: the targets are the clean inputs (an autoencoder)
  TrainConfig config_;
  Optimizer optimizer_;
  std::vector<ParamRef> params_;
  Rng shuffle_rng_, noise_rng_, eval_rng_;
  std::vector<int> order_;
  Workspace ws_, eval_ws_;
  kernels::StepThreads step_threads_;  // one thread or the pool, whichever trains faster now
  Mat clean_, noisy_, eval_clean_, eval_noisy_;  // separate so the training batch keeps its shape
  Mat target_, eval_target_;                     // paired data's targets of the batch
  bool binarize_ = false;                        // a Bernoulli VAE: binarize batches (likelihood.h)
  Rng binarize_rng_, eval_binarize_rng_;
  Mat binary_;
  TrainProgress progress_;
  double loss_sum_ = 0;
  Index eval_pos_ = 0;
  double eval_sum_ = 0;
  std::vector<EpochRecord> history_;
  // Divergence guard state.
  std::vector<float> good_params_;  // last good weights (same size as the model's, allocated once)
  int good_epoch_ = 1;              // where they were taken (1-based epoch, batches done in it)
  Index good_batch_ = 0;
  int since_checkpoint_ = 0;
  double grad_norm_avg_ = 0;        // running average of the pre-clip gradient norm
  std::string divergence_;
};

}  // namespace ae
