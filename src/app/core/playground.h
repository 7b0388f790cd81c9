// The playground's state and its one-way data flow, free of any UI:
//   drawing or test digit -> 28x28 clean input -> corruption -> model -> reconstruction -> error map + metrics.
// The ImGui panels and the JS API (window.aeplay) both read and write this object; tests drive it natively.
//
// Staleness is decided by integer versions (Versions below), never by comparing keys: every change goes
// through a method here, which bumps the version it affects; each consumer keeps the versions it was built from.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/drawing.h"
#include "core/eraser.h"
#include "core/image.h"
#include "core/training_session.h"
#include "core/user_set.h"
#include "dataset.h"
#include "jacobian.h"
#include "model.h"
#include "noise.h"
#include "quantize.h"
#include "rng.h"
#include "serialize.h"

namespace aeplay {

// Bytes someone else owns (a file the page fetched, in its heap): read without copying them first.
struct ByteView {
  const uint8_t* data = nullptr;
  size_t size = 0;
  ByteView() = default;
  ByteView(const uint8_t* d, size_t n) : data(d), size(n) {}
  ByteView(const std::vector<uint8_t>& v) : data(v.data()), size(v.size()) {}  // NOLINT: a vector is a view
};

enum class Origin { Shipped, Uploaded, Trained };

struct ModelEntry {
  std::string id, label;  // id is used in URLs and the JS API
  Origin origin;
  ae::ModelFile file;     // architecture, training noise, notes (params kept for download)
  std::unique_ptr<ae::Autoencoder> model;  // null while the model is listed but not loaded yet
};

struct CodeStats {
  std::vector<float> histogram;  // code activations over the sample of test digits, in `bins` bins
  float lo = 0, hi = 1;          // histogram range
  double mean_activation = 0;    // mean over units of ρ̂ (mean activation per unit)
  double zero_fraction = 0;
  int units = 0, digits = 0;
};

struct Metrics {
  double corrupted_mse = 0, corrupted_psnr = 0;           // corrupted input vs clean
  double reconstruction_mse = 0, reconstruction_psnr = 0;  // reconstruction vs clean
  bool has_reconstruction = false;
};

// How unfamiliar the clean input is to the current model, and what it costs sent as its code. The
// reference is the model's errors on the first 1000 test digits (recomputed at epoch ends, like the
// other whole-test-set views); the code is quantised to 8 bits per dimension over those digits' range.
struct InputScores {
  bool valid = false;          // a model and a test set are there
  double error = 0;            // squared reconstruction error of the clean input (sum over pixels)
  double percentile = 0;       // % of the reference digits with a smaller error (ties count half)
  double reference_p95 = 0;    // the reference digits' 95th percentile error
  int reference_digits = 0;
  int code_bytes = 0;          // code dimensions x 8 bits
  double quantised_psnr = 0;   // the reconstruction from that quantised code vs the clean input
  std::vector<float> quantised = std::vector<float>(kPixels, 0.0f);  // that reconstruction: what N bytes bring back
  // A Bernoulli VAE (ae/likelihood.h): how likely the clean input is, binarized with the fixed seed, in nats.
  bool has_likelihood = false;
  int likelihood_k = 0;         // importance samples (kPageImportanceSamples)
  double elbo = 0, log_px = 0;  // the ELBO and the IWAE bound log p(x) >= L_K (aeplay nll's, for one image)
};
// The page's K: about 10 ms for the shipped 784-200-200-50 Bernoulli VAE in wasm, so drawing stays fluid.
constexpr int kPageImportanceSamples = 200;

// The tangent plane at the model's input x (its corrupted input, what the reconstruction shows): the leading
// left singular vectors of the decoder's Jacobian at h = f(x), or of the whole map's (ae/jacobian.h).
struct TangentPlane {
  bool valid = false;
  std::string why;        // when not valid: why there is none (no model, a convolutional one)
  bool of_map = false;
  ae::Tangents tangents;  // kPixels x k directions, their singular values
  double ms = 0;          // what computing it cost
};

enum class InputSource { Drawing, TestDigit, Image };  // Image: 784 pixels given by the page (use_image)

struct Notice {
  std::string text;
  bool error;
};

// What each output was computed from. The one rule for following a model while it trains: `model` changes
// with every training batch (cheap views of one input follow it); `model_epoch` changes with the model and
// with its weights at epoch ends and when training stops (views over the whole test set follow that).
struct Versions {
  uint64_t input = 0;        // the clean input: strokes, undo/clear, the test digit, the input source
  uint64_t corruption = 0;   // noise type and level, seed
  uint64_t model = 0;        // which model is current, and each change of its weights
  uint64_t model_epoch = 0;  // which model is current, and its weights at epoch ends / when training stops
  uint64_t test_set = 0;
  bool operator==(const Versions& o) const {
    return input == o.input && corruption == o.corruption && model == o.model && model_epoch == o.model_epoch &&
           test_set == o.test_set;
  }
  bool operator!=(const Versions& o) const { return !(*this == o); }
};

// Memory budget of one loaded model (docs/hardening-and-faults.md). A model's weights take 4 bytes each in its
// file and 8 once loaded (the parsed file and the instantiated model), so 16 Mi parameters (a 64 MiB file) keep
// a loaded model at 128 MiB, well inside wasm32's 2 GiB next to MNIST and training. A larger file is refused
// before it is parsed; a compressed (.npz) file whose weights exceed the budget, before the model is built.
constexpr uint64_t kModelFileBudget = 64ull << 20;
constexpr uint64_t kModelParameterBudget = kModelFileBudget / 4;
// The refusal, naming the budget: "big.aep is 300 MB: the page loads model files up to 64 MB (16 Mi parameters)".
std::string model_budget_message(const std::string& label, uint64_t file_bytes, uint64_t parameters);

// The arrays the JS API reads by name (aeplay_array), listed once.
// "quantised": the input sent as its code at 8 bits per number and decoded (InputScores::quantised).
enum class OutputArray { Clean, Corrupted, Reconstruction, Error, Mask, Quantised };
constexpr const char* kOutputArrayNames[] = {"clean", "corrupted", "reconstruction", "error", "mask", "quantised"};

// What a stroke on the canvas does: draw ink (the input), or paint the eraser's mask (part of the corruption).
enum class Tool { Pen, Eraser };

class Playground {
 public:
  static constexpr const char* kTrainedId = "trained";

  // Data sets: the named ones (ae::named_datasets(): "mnist", "fashion"), whose IDX files the page fetches,
  // and my set (kUserSetId), the user's own images, which is its own training and test set.
  static constexpr const char* kUserSetId = "mine";
  // Switches the data set: "" or why not. The data of the previous one is dropped (a named set's files are
  // requested again by the caller); the test image shown is the new set's first.
  std::string set_dataset(const std::string& id);
  const std::string& dataset() const { return dataset_; }
  static std::string dataset_title(const std::string& id);  // "MNIST digits", "Fashion-MNIST", "my set"
  static std::vector<std::string> dataset_ids();             // the named ones, then kUserSetId
  bool dataset_is_user_set() const { return dataset_ == kUserSetId; }
  // A line for a model meeting another data set than its own ("" when they match): a teaching moment.
  std::string dataset_note() const;
  std::string model_dataset() const;  // the data set the current model was trained on ("" if none)

  // The named data set's IDX bytes, fetched by the page. Return "" or an error message; on error nothing changes.
  std::string load_test_set(ByteView images, ByteView labels);
  std::string load_train_set(ByteView images, ByteView labels);
  std::string load_test_set(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels) {
    return load_test_set(ByteView(images), ByteView(labels));
  }
  std::string load_train_set(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels) {
    return load_train_set(ByteView(images), ByteView(labels));
  }
  const ae::ImageSet& test_set() const { return test_; }
  const ae::ImageSet& train_set() const { return train_; }

  // My set. Each change while my set is the data set updates the test and training sets at once.
  const UserSet& user_set() const { return user_set_; }
  std::string add_input_to_user_set(const std::string& class_name);  // the clean input as shown now
  std::string add_file_to_user_set(const uint8_t* bytes, size_t size, const std::string& file_name,
                                   const std::string& class_name, ae::ImageFit fit, ae::ImageInvert invert);
  bool remove_from_user_set(size_t index);
  std::string load_user_set(const std::vector<uint8_t>& npz, const std::string& name);  // replaces it

  // Input. A stroke that starts while a test digit is shown starts a fresh drawing.
  const Drawing& drawing() const { return drawing_; }
  void begin_stroke(float x, float y);  // canvas units [0, 1], origin top-left
  void extend_stroke(float x, float y);
  void end_stroke();
  void undo_stroke();
  void clear_drawing();
  bool use_test_digit(int index);  // false if out of range or no test set
  // Any 28x28 image as the input (e.g. a Fashion-MNIST one, to watch the anomaly meter): "" or why not.
  std::string use_image(const std::vector<uint8_t>& pixels);
  int random_test_digit();         // picks, shows and returns a random test index (-1 if no data)
  long random_picks() const { return random_picks_; }  // how many random digits were picked (a tap picks one)
  InputSource source() const { return source_; }
  int test_digit() const { return digit_; }
  int test_label() const;          // label of the shown test digit, -1 for a drawing

  // Corruption: the noise, then the eraser's mask on top (zero where painted).
  void set_tool(Tool tool) { tool_ = tool; }
  Tool tool() const { return tool_; }
  const EraserMask& eraser() const { return eraser_; }
  void clear_eraser();
  void set_noise(const ae::NoiseSpec& noise);
  const ae::NoiseSpec& noise() const { return noise_; }
  void set_seed(uint64_t seed);
  uint64_t seed() const { return seed_; }

  // Models. add_model_bytes parses and validates a model file (.aep, or .safetensors / .npz as aeplay exports
  // them or PyTorch writes them with aeplay's metadata); a bad file leaves everything as it was.
  std::string add_model_bytes(const std::string& id, const std::string& label, const std::vector<uint8_t>& bytes,
                              Origin origin);
  bool select_model(const std::string& id);
  const std::vector<ModelEntry>& models() const { return models_; }
  const std::string& current_model_id() const { return current_; }
  const ae::Autoencoder* current_model() const;  // nullptr if none (or the trained one is absent)
  std::string current_model_label() const;
  const ModelEntry* current_entry() const;       // nullptr for the trained model or none
  bool has_trained_model() const { return training_.model() != nullptr; }
  std::vector<uint8_t> current_model_bytes() const;  // the selected model as a .aep file
  // The selected model as "aep", "safetensors", "npz" or "onnx" (empty if none); throws ae::Error for a bad format.
  std::vector<uint8_t> current_model_as(const std::string& format) const;
  std::vector<uint8_t> trained_model_bytes() const;  // the model trained here as a .aep file (empty if none)
  // Listed models can be chosen before they are loaded (the page fetches them on demand).
  void list_model(const std::string& id, const std::string& label);
  bool is_loaded(const std::string& id) const;

  // In-page training. start_training returns "" or the reason it did not start (bad settings, the page's
  // memory budget, out of memory), which is also shown as a notice; nothing changes then.
  std::string start_training(const TrainSettings& settings);
  struct TrainingTick {
    bool epoch_finished = false;  // save the model now
    bool stopped_by_failure = false;
    bool rested = false;  // the worker stopped at a pause: its weights are the paused model's
  };
  TrainingTick advance_training(double budget_ms);
  void pause_training();
  void resume_training();
  void discard_training();  // the trained model is dropped; another model is selected if it was current
  // A model trained in an earlier visit: .aep bytes + the loss history JSON (core/loss_history.h).
  // `where` names the saved copy in the notice (e.g. "saved in this tab, at 10:42:07").
  std::string restore_training(const std::vector<uint8_t>& bytes, const std::string& history_json,
                               const std::string& where = "");
  const TrainingSession& training() const { return training_; }
  // The page's training worker (bridge/js_training.cpp); without one (desktop, tests) training runs in the frame.
  void set_training_worker(TrainingWorker* worker) { worker_ = worker; }
  TrainingWorker* training_worker() const { return worker_; }  // the 2-D lab trains in the same worker
  // What the worker sends (see TrainingWorker): a report as JSON, a weight snapshot, a failure.
  TrainingTick on_training_report(int run, const std::string& json);
  void on_training_snapshot(int run, const float* params, size_t count);
  TrainingTick on_training_failure(int run, const std::string& why);

  // Inside the current model (empty when it does not apply).
  Tiles encoder_filters(int max_filters) const;     // first dense layer's weights as 28x28 images
  Tiles vae_samples(int n, uint64_t seed) const;    // decoded z ~ N(0, I)
  ae::Mat vae_sample_images(int n, uint64_t seed) const;  // the same, kPixels x n (empty if not a VAE)
  Tiles latent_grid(int steps, float range) const;  // decoded codes on a grid over code dims 0 and 1
  std::vector<float> current_code() const;          // the code of the corrupted input
  const CodeStats& code_stats();                    // over 500 test digits, follows Versions::model
  const InputScores& input_scores();                // the anomaly meter and "this digit in N bytes"
  // Computed on demand, cached by (input, corruption, model, k, of_map); a model in training: at epoch ends.
  const TangentPlane& tangent_plane(int k, bool of_map);
  const TangentPlane& last_tangent_plane() const { return tangent_; }  // as last computed (the JS API reads it)
  uint64_t tangent_computations() const { return tangent_computations_; }  // changes the page's state stamp
  // x + alpha * u_direction (the last tangent_plane's) and the model's reconstruction of it, kPixels each, or
  // empty vectors when there is no such direction.
  struct MovedInput {
    std::vector<float> input, reconstruction;
  };
  MovedInput move_along_tangent(int direction, float alpha) const;

  // Recomputes the outputs if anything they depend on changed.
  void update();
  const Versions& versions() const { return versions_; }
  const Versions& outputs_built_from() const { return outputs_built_from_; }  // what clean()... show
  const std::vector<float>& clean() const { return clean_; }  // kPixels, row-major 28x28
  const std::vector<float>& corrupted() const { return corrupted_; }
  const std::vector<float>& reconstruction() const { return reconstruction_; }
  const std::vector<float>& error_map() const { return error_; }  // |reconstruction - clean|
  const std::vector<float>& output(OutputArray which) const;
  const Metrics& metrics() const { return metrics_; }
  double last_update_ms() const { return last_update_ms_; }  // cost of the last recomputation

  void notify(const std::string& text, bool error = false);
  const std::vector<Notice>& notices() const { return notices_; }
  void dismiss_notice(size_t i);

 private:
  std::string load_split(ByteView images, ByteView labels, ae::ImageSet& into, const char* name);
  void model_changed(bool whole_model);  // bumps versions_.model (and model_epoch when whole_model)
  void user_set_changed();               // my set is the data: it becomes the test and training set again
  void after_drawing_change(int drawing_version_before);

  std::string dataset_ = "mnist";
  ae::ImageSet test_, train_;  // as bytes (image_store.h); train_ shares test_'s images for my set
  UserSet user_set_;
  std::string trained_on_ = "mnist";  // the data set of the model trained here
  Drawing drawing_;
  std::vector<float> image_ = std::vector<float>(kPixels, 0.0f);  // InputSource::Image
  EraserMask eraser_;
  Tool tool_ = Tool::Pen;
  InputSource source_ = InputSource::TestDigit;
  int digit_ = 0;
  ae::Rng digit_rng_{2006, 5};
  long random_picks_ = 0;  // "random test digit": a fixed seed, so a session is reproducible
  ae::NoiseSpec noise_ = ae::default_spec(ae::NoiseKind::Gaussian);
  uint64_t seed_ = 1;
  std::vector<ModelEntry> models_;
  std::string current_;
  TrainingSession training_;
  TrainingWorker* worker_ = nullptr;
  Versions versions_;

  std::vector<float> clean_ = std::vector<float>(kPixels), corrupted_ = std::vector<float>(kPixels),
                     reconstruction_ = std::vector<float>(kPixels), error_ = std::vector<float>(kPixels);
  Metrics metrics_;
  Versions outputs_built_from_{~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
  CodeStats code_stats_;
  Versions code_stats_built_from_{~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
  double last_update_ms_ = 0;
  std::vector<double> reference_errors_;  // sorted; the test digits' reconstruction errors
  ae::UniformQuantizer code_quantizer_;
  Versions reference_built_from_{~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
  // The reference being rebuilt while a run trains: a slice of digits per call (playground_scores.cpp).
  struct ReferenceInProgress {
    Versions target{~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
    ae::Index done = 0;
    std::vector<double> errors;
    ae::Mat codes;
  } reference_next_;
  void build_reference(const ae::Autoencoder& m, const Versions& target);
  InputScores scores_;
  Versions scores_built_from_{~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
  TangentPlane tangent_;
  Versions tangent_built_from_{~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
  int tangent_k_ = -1;
  uint64_t tangent_computations_ = 0;
  std::vector<Notice> notices_;
};

}  // namespace aeplay
