#include "playground.h"

#include <chrono>
#include <cmath>
#include <cstring>

#include "error.h"
#include "idx.h"
#include "metrics.h"
#include "preprocess.h"
#include "rng.h"

namespace aeplay {

std::string Playground::load_split(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels,
                                   ae::Dataset& into, const char* name) {
  try {
    ae::IdxArray img = ae::parse_idx(images.data(), images.size(), std::string(name) + " images");
    ae::IdxArray lab = ae::parse_idx(labels.data(), labels.size(), std::string(name) + " labels");
    ae::Dataset d = ae::make_dataset(img, &lab, 0, std::string(name) + " images");
    if (d.rows != 28 || d.cols != 28) throw ae::Error(std::string(name) + " images are not 28x28");
    into = std::move(d);
    return "";
  } catch (const ae::Error& e) {
    return e.what();
  }
}

std::string Playground::load_test_set(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels) {
  return load_split(images, labels, test_, "MNIST test");
}

std::string Playground::load_train_set(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels) {
  return load_split(images, labels, train_, "MNIST training");
}

bool Playground::use_test_digit(int index) {
  if (index < 0 || index >= test_.size()) return false;
  digit_ = index;
  source_ = InputSource::TestDigit;
  return true;
}

int Playground::random_test_digit() {
  if (test_.size() == 0) return -1;
  static ae::Rng rng(std::chrono::steady_clock::now().time_since_epoch().count());
  use_test_digit(static_cast<int>(rng.below(static_cast<uint32_t>(test_.size()))));
  return digit_;
}

std::string Playground::add_model_bytes(const std::string& id, const std::string& label,
                                        const std::vector<uint8_t>& bytes, Origin origin) {
  try {
    ModelEntry e{id, label, origin, ae::parse_model(bytes.data(), bytes.size(), label), nullptr};
    if (e.file.spec.input_size() != 784)
      throw ae::Error(label + ": the model expects " + std::to_string(e.file.spec.input_size()) +
                      " inputs; the playground works on 28x28 = 784-pixel digits");
    e.model = ae::instantiate(e.file);
    for (auto& m : models_)
      if (m.id == id) {
        m = std::move(e);  // same id: replace (e.g. uploading a file twice)
        return "";
      }
    models_.push_back(std::move(e));
    return "";
  } catch (const ae::Error& err) {
    return err.what();
  } catch (const std::bad_alloc&) {
    return label + ": not enough memory to load this model";
  }
}

bool Playground::select_model(const std::string& id) {
  if (id == kTrainedId) {
    if (!has_trained_model()) return false;
    current_ = id;
    return true;
  }
  for (const auto& m : models_)
    if (m.id == id) {
      current_ = id;
      return true;
    }
  return false;
}

const ae::Autoencoder* Playground::current_model() const {
  if (current_ == kTrainedId) return training.model();
  for (const auto& m : models_)
    if (m.id == current_) return m.model.get();
  return nullptr;
}

std::string Playground::current_model_label() const {
  if (current_ == kTrainedId) return "your model (trained here)";
  for (const auto& m : models_)
    if (m.id == current_) return m.label;
  return "no model";
}

std::vector<uint8_t> Playground::current_model_bytes() const {
  const ae::Autoencoder* model = current_model();
  if (!model) return {};
  ae::NoiseSpec noise = current_ == kTrainedId ? training.settings().noise : ae::NoiseSpec{};
  std::string notes = "trained in the aeplay playground";
  for (const auto& m : models_)
    if (m.id == current_) noise = m.file.trained_noise, notes = m.file.notes;
  return ae::serialize_model(ae::make_model_file(*model, noise, notes));
}

void Playground::update() {
  // Everything the outputs depend on, as one comparable key; model weights change while training.
  const ae::Autoencoder* model = current_model();
  std::string key = std::to_string(static_cast<int>(source_)) + "|" + std::to_string(digit_) + "|" +
                    std::to_string(drawing_.version()) + "|" + ae::to_string(noise_) + "|" + std::to_string(seed_) +
                    "|" + current_ + "|" + std::to_string(reinterpret_cast<uintptr_t>(model)) + "|" +
                    std::to_string(current_ == kTrainedId ? training.progress().total_batches : 0) + "|" +
                    std::to_string(test_.size());
  if (key == computed_key_) return;
  computed_key_ = key;
  const auto start = std::chrono::steady_clock::now();

  if (source_ == InputSource::Drawing) {
    ae::DigitImage d = ae::mnist_from_drawing(drawing_.ink().data(), Drawing::kSize, Drawing::kSize);
    std::memcpy(clean_.data(), d.pixels.data(), 784 * sizeof(float));
  } else if (digit_ < test_.size()) {
    std::memcpy(clean_.data(), test_.images.col(digit_).data(), 784 * sizeof(float));
  } else {
    std::fill(clean_.begin(), clean_.end(), 0.0f);
  }
  ae::Rng rng(seed_, 7);
  ae::corrupt(noise_, clean_.data(), corrupted_.data(), 784, rng);

  const Eigen::Map<const ae::Mat> clean(clean_.data(), 784, 1), noisy(corrupted_.data(), 784, 1);
  metrics_.corrupted_mse = ae::mse_per_pixel(clean, noisy);
  metrics_.corrupted_psnr = ae::psnr(clean, noisy);
  metrics_.has_reconstruction = model != nullptr;
  if (model) {
    const ae::Mat out = model->reconstruct(noisy);
    std::memcpy(reconstruction_.data(), out.data(), 784 * sizeof(float));
    metrics_.reconstruction_mse = ae::mse_per_pixel(clean, out);
    metrics_.reconstruction_psnr = ae::psnr(clean, out);
  } else {
    std::fill(reconstruction_.begin(), reconstruction_.end(), 0.0f);
  }
  for (size_t i = 0; i < 784; ++i) error_[i] = std::abs(reconstruction_[i] - clean_[i]);
  last_update_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void Playground::notify(const std::string& text, bool error) {
  for (const auto& n : notices_)
    if (n.text == text) return;
  notices_.push_back({text, error});
  if (notices_.size() > 8) notices_.erase(notices_.begin());
}

void Playground::dismiss_notice(size_t i) {
  if (i < notices_.size()) notices_.erase(notices_.begin() + static_cast<long>(i));
}

}  // namespace aeplay
