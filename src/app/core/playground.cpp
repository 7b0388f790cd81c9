// Playground: input, corruption, models and the outputs (update). Data sets and my set: playground_data.cpp;
// training: playground_training.cpp; the "Inside the model" views: playground_inside.cpp.
#include "core/playground.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "error.h"
#include "idx.h"
#include "interop/interop.h"
#include "metrics.h"
#include "preprocess.h"

namespace aeplay {

// --- input and corruption -------------------------------------------------------------------------------

void Playground::after_drawing_change(int before) {
  if (drawing_.version() != before) ++versions_.input;
}

void Playground::begin_stroke(float x, float y) {
  if (tool_ == Tool::Eraser) {
    const int was = eraser_.version();
    eraser_.begin_stroke(x, y);
    if (eraser_.version() != was) ++versions_.corruption;
    return;
  }
  const int before = drawing_.version();
  if (source_ != InputSource::Drawing) {
    drawing_.clear();  // a fresh drawing replaces the test digit
    source_ = InputSource::Drawing;
    ++versions_.input;
  }
  drawing_.begin_stroke(x, y);
  after_drawing_change(before);
}

void Playground::extend_stroke(float x, float y) {
  if (tool_ == Tool::Eraser) {
    const int was = eraser_.version();
    eraser_.extend_stroke(x, y);
    if (eraser_.version() != was) ++versions_.corruption;
    return;
  }
  const int before = drawing_.version();
  drawing_.extend_stroke(x, y);
  after_drawing_change(before);
}

void Playground::end_stroke() {
  drawing_.end_stroke();
  eraser_.end_stroke();
}

void Playground::clear_eraser() {
  const int was = eraser_.version();
  eraser_.clear();
  if (eraser_.version() != was) ++versions_.corruption;
}

void Playground::undo_stroke() {
  const int before = drawing_.version();
  drawing_.undo();
  if (source_ != InputSource::Drawing) source_ = InputSource::Drawing, ++versions_.input;
  after_drawing_change(before);
}

void Playground::clear_drawing() {
  const int before = drawing_.version();
  drawing_.clear();
  if (source_ != InputSource::Drawing) source_ = InputSource::Drawing, ++versions_.input;
  after_drawing_change(before);
}

bool Playground::use_test_digit(int index) {
  if (index < 0 || index >= test_.size()) return false;
  if (digit_ != index || source_ != InputSource::TestDigit) ++versions_.input;
  digit_ = index;
  source_ = InputSource::TestDigit;
  return true;
}

std::string Playground::use_image(const std::vector<uint8_t>& pixels) {
  if (pixels.size() != kPixels) return "an input image needs 784 pixels (28x28), not " + std::to_string(pixels.size());
  for (size_t i = 0; i < kPixels; ++i) image_[i] = static_cast<float>(pixels[i]) / 255.0f;
  source_ = InputSource::Image;
  ++versions_.input;
  return "";
}

int Playground::random_test_digit() {
  if (test_.size() == 0) return -1;
  ++random_picks_;
  use_test_digit(static_cast<int>(digit_rng_.below(static_cast<uint32_t>(test_.size()))));
  return digit_;
}

int Playground::test_label() const {
  if (source_ != InputSource::TestDigit || digit_ >= test_.size() || test_.labels.empty()) return -1;
  return test_.labels[static_cast<size_t>(digit_)];
}

void Playground::set_noise(const ae::NoiseSpec& noise) {
  if (noise.kind == noise_.kind && noise.level == noise_.level && noise.clip == noise_.clip &&
      noise.upsample == noise_.upsample)
    return;
  noise_ = noise;
  ++versions_.corruption;
}

void Playground::set_seed(uint64_t seed) {
  if (seed == seed_) return;
  seed_ = seed;
  ++versions_.corruption;
}

// --- models ---------------------------------------------------------------------------------------------

void Playground::model_changed(bool whole_model) {
  ++versions_.model;
  if (whole_model) ++versions_.model_epoch;
}

std::string model_budget_message(const std::string& label, uint64_t file_bytes, uint64_t parameters) {
  const std::string what = parameters ? std::to_string((parameters + (1u << 19)) >> 20) + " Mi parameters"
                                      : std::to_string((file_bytes + (1u << 20) - 1) >> 20) + " MB";  // rounded up
  return label + " is " + what + ": the page loads model files up to " + std::to_string(kModelFileBudget >> 20) +
         " MB (" + std::to_string(kModelParameterBudget >> 20) + " Mi parameters), its memory budget for one model";
}

std::string Playground::add_model_bytes(const std::string& id, const std::string& label,
                                        const std::vector<uint8_t>& bytes, Origin origin) {
  if (bytes.size() > kModelFileBudget) return model_budget_message(label, bytes.size(), 0);
  try {
    // .aep files start with "AEPM"; anything else is read as an export (safetensors or npz, told apart inside).
    const bool aep = bytes.size() >= 4 && std::memcmp(bytes.data(), "AEPM", 4) == 0;
    ModelEntry e{id, label, origin,
                 aep ? ae::parse_model(bytes.data(), bytes.size(), label)
                     : ae::import_model_bytes(bytes.data(), bytes.size(), label),
                 nullptr};
    if (e.file.spec.input_size() != kPixels)
      throw ae::Error(label + ": the model expects " + std::to_string(e.file.spec.input_size()) +
                      " inputs; the playground works on 28x28 = 784-pixel digits");
    if (const uint64_t n = ae::parameter_count(e.file.spec); n > kModelParameterBudget)
      return model_budget_message(label, bytes.size(), n);
    e.model = ae::instantiate(e.file);
    if (id == current_) model_changed(true);
    for (auto& m : models_)
      if (m.id == id) {
        if (!m.label.empty() && origin == Origin::Shipped) e.label = m.label;
        m = std::move(e);  // same id: replace (a listed model arriving, or a file uploaded twice)
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

void Playground::list_model(const std::string& id, const std::string& label) {
  for (const auto& m : models_)
    if (m.id == id) return;
  models_.push_back({id, label, Origin::Shipped, {}, nullptr});
}

bool Playground::is_loaded(const std::string& id) const {
  if (id == kTrainedId) return has_trained_model();
  for (const auto& m : models_)
    if (m.id == id) return m.model != nullptr;
  return false;
}

bool Playground::select_model(const std::string& id) {
  bool available = id == kTrainedId && has_trained_model();
  for (const auto& m : models_) available |= m.id == id && m.model;
  if (!available) return false;
  if (id != current_) model_changed(true);
  current_ = id;
  return true;
}

const ModelEntry* Playground::current_entry() const {
  for (const auto& m : models_)
    if (m.id == current_) return &m;
  return nullptr;
}

const ae::Autoencoder* Playground::current_model() const {
  if (current_ == kTrainedId) return training_.model();
  const ModelEntry* e = current_entry();
  return e ? e->model.get() : nullptr;
}

std::string Playground::current_model_label() const {
  if (current_ == kTrainedId) return "your model (trained here)";
  const ModelEntry* e = current_entry();
  return e ? e->label : "no model";
}

std::vector<uint8_t> Playground::current_model_bytes() const {
  if (current_ == kTrainedId) return trained_model_bytes();
  const ModelEntry* e = current_entry();
  if (!e || !e->model) return {};
  return ae::serialize_model(ae::make_model_file(*e->model, e->file.trained_noise, e->file.notes));
}

std::vector<uint8_t> Playground::current_model_as(const std::string& format) const {
  std::vector<uint8_t> aep = current_model_bytes();
  if (aep.empty() || format == "aep") return aep;
  const ae::ExportFormat f = ae::parse_export_format(format);
  return ae::export_model(ae::parse_model(aep.data(), aep.size(), current_model_label()), f);
}

// --- outputs --------------------------------------------------------------------------------------------

void Playground::update() {
  if (versions_ == outputs_built_from_) return;
  outputs_built_from_ = versions_;
  const auto start = std::chrono::steady_clock::now();
  const ae::Autoencoder* model = current_model();

  if (source_ == InputSource::Drawing) {
    ae::DigitImage d = ae::mnist_from_drawing(drawing_.ink().data(), Drawing::kSize, Drawing::kSize);
    std::memcpy(clean_.data(), d.pixels.data(), kPixels * sizeof(float));
  } else if (source_ == InputSource::Image) {
    clean_ = image_;
  } else if (digit_ < test_.size()) {
    test_.images.copy_col(digit_, clean_.data());
  } else {
    std::fill(clean_.begin(), clean_.end(), 0.0f);
  }
  ae::Rng rng(seed_, 7);
  ae::corrupt(noise_, clean_.data(), corrupted_.data(), kPixels, rng);
  for (size_t i = 0; i < kPixels; ++i)
    if (eraser_.mask()[i] != 0.0f) corrupted_[i] = 0.0f;

  const Eigen::Map<const ae::Mat> clean(clean_.data(), kPixels, 1), noisy(corrupted_.data(), kPixels, 1);
  metrics_.corrupted_mse = ae::mse_per_pixel(clean, noisy);
  metrics_.corrupted_psnr = ae::psnr(clean, noisy);
  metrics_.has_reconstruction = model != nullptr;
  if (model) {
    const ae::Mat out = model->reconstruct(noisy);
    std::memcpy(reconstruction_.data(), out.data(), kPixels * sizeof(float));
    metrics_.reconstruction_mse = ae::mse_per_pixel(clean, out);
    metrics_.reconstruction_psnr = ae::psnr(clean, out);
  } else {
    std::fill(reconstruction_.begin(), reconstruction_.end(), 0.0f);
  }
  for (size_t i = 0; i < kPixels; ++i) error_[i] = std::abs(reconstruction_[i] - clean_[i]);
  last_update_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

const std::vector<float>& Playground::output(OutputArray which) const {
  switch (which) {
    case OutputArray::Clean: return clean_;
    case OutputArray::Corrupted: return corrupted_;
    case OutputArray::Reconstruction: return reconstruction_;
    case OutputArray::Mask: return eraser_.mask();
    case OutputArray::Quantised: return scores_.quantised;  // as input_scores() last made it
    case OutputArray::Error: break;
  }
  return error_;
}

// --- notices --------------------------------------------------------------------------------------------

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
