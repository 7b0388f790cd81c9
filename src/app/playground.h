// The playground's state and its one-way data flow, free of any UI:
//   drawing or test digit -> 28x28 clean input -> corruption -> model -> reconstruction -> error map + metrics.
// The ImGui panels and the JS API (window.aeplay) both read and write this object; tests drive it natively.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dataset.h"
#include "drawing.h"
#include "model.h"
#include "noise.h"
#include "serialize.h"
#include "training_session.h"

namespace aeplay {

enum class Origin { Shipped, Uploaded, Trained };

struct ModelEntry {
  std::string id, label;  // id is used in URLs and the JS API
  Origin origin;
  ae::ModelFile file;     // architecture, training noise, notes (params kept for download)
  std::unique_ptr<ae::Autoencoder> model;  // null while the model is listed but not loaded yet
};

// Small images laid out in a grid, as one image (row-major, values in [0, 1]).
struct Tiles {
  int w = 0, h = 0, count = 0;
  std::vector<float> pixels;
};
// images: 784 x n; cols per row; normalize_each maps each image's own range to [0, 1] (for filters).
Tiles tile_images(const ae::Mat& images, int cols, bool normalize_each);

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

enum class InputSource { Drawing, TestDigit };

struct Notice {
  std::string text;
  bool error;
};

class Playground {
 public:
  static constexpr const char* kTrainedId = "trained";

  // Data (IDX bytes fetched by the page). Return "" or an error message; on error nothing changes.
  std::string load_test_set(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels);
  std::string load_train_set(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels);
  const ae::Dataset& test_set() const { return test_; }
  const ae::Dataset& train_set() const { return train_; }

  // Input.
  Drawing& drawing() { return drawing_; }
  void use_drawing() { source_ = InputSource::Drawing; }
  bool use_test_digit(int index);  // false if out of range or no test set
  int random_test_digit();         // picks, shows and returns a random test index (-1 if no data)
  InputSource source() const { return source_; }
  int test_digit() const { return digit_; }

  // Corruption.
  void set_noise(const ae::NoiseSpec& noise) { noise_ = noise; }
  const ae::NoiseSpec& noise() const { return noise_; }
  void set_seed(uint64_t seed) { seed_ = seed; }
  uint64_t seed() const { return seed_; }

  // Models. add_model_bytes parses and validates a model file; a bad file leaves everything as it was.
  std::string add_model_bytes(const std::string& id, const std::string& label, const std::vector<uint8_t>& bytes,
                              Origin origin);
  bool select_model(const std::string& id);
  const std::vector<ModelEntry>& models() const { return models_; }
  const std::string& current_model_id() const { return current_; }
  const ae::Autoencoder* current_model() const;  // nullptr if none (or the trained one is absent)
  std::string current_model_label() const;
  bool has_trained_model() const { return training.model() != nullptr; }
  std::vector<uint8_t> current_model_bytes() const;  // the selected model as a .aep file

  // Listed models can be chosen before they are loaded (the page fetches them on demand).
  void list_model(const std::string& id, const std::string& label);
  bool is_loaded(const std::string& id) const;

  // Inside the current model (empty when it does not apply).
  Tiles encoder_filters(int max_filters) const;        // first dense layer's weights as 28x28 images
  Tiles vae_samples(int n, uint64_t seed) const;       // decoded z ~ N(0, I)
  Tiles latent_grid(int steps, float range) const;     // decoded codes on a grid over code dims 0 and 1
  std::vector<float> current_code() const;             // the code of the corrupted input
  const CodeStats& code_stats();                       // over 500 test digits, cached per model state

  // Recomputes the outputs if anything they depend on changed.
  void update();
  const std::vector<float>& clean() const { return clean_; }  // 784, row-major 28x28
  const std::vector<float>& corrupted() const { return corrupted_; }
  const std::vector<float>& reconstruction() const { return reconstruction_; }
  const std::vector<float>& error_map() const { return error_; }  // |reconstruction - clean|
  const Metrics& metrics() const { return metrics_; }
  double last_update_ms() const { return last_update_ms_; }  // cost of the last recomputation

  void notify(const std::string& text, bool error = false);
  const std::vector<Notice>& notices() const { return notices_; }
  void dismiss_notice(size_t i);

  TrainingSession training;

 private:
  std::string load_split(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels, ae::Dataset& into,
                         const char* name);
  ae::Dataset test_, train_;
  Drawing drawing_;
  InputSource source_ = InputSource::TestDigit;
  int digit_ = 0;
  ae::NoiseSpec noise_{ae::NoiseKind::Gaussian, 0.5f, true};
  uint64_t seed_ = 1;
  std::vector<ModelEntry> models_;
  std::string current_;
  std::vector<float> clean_ = std::vector<float>(784), corrupted_ = std::vector<float>(784),
                     reconstruction_ = std::vector<float>(784), error_ = std::vector<float>(784);
  Metrics metrics_;
  std::string computed_key_;
  std::string model_key() const;  // changes when the current model or its weights change
  CodeStats code_stats_;
  std::string code_stats_key_;
  double last_update_ms_ = 0;
  std::vector<Notice> notices_;
};

}  // namespace aeplay
