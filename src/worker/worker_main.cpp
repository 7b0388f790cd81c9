// The training worker's engine: a UI-free wasm build (no ImGui, SDL or GL) that web/training-worker.js runs
// in a dedicated Web Worker. The page sends the untrained model as a .aep file, the settings and the images of
// the run once (as the page holds them: bytes for MNIST and the other sets, turned into floats per batch); the worker
// trains in slices of about 50 ms and after each one reports progress (JSON, core/training_messages.h) and, at a
// bounded rate, the weights. The same TrainingSession runs the batches as when the page trains in its own frames, so
// both give the same model for the same seed.
#include <emscripten.h>

#include <memory>
#include <string>

#include "core/few_labels.h"
#include "core/training_messages.h"
#include "core/training_session.h"
#include "error.h"
#include "kernels/gemm.h"
#include "latent.h"
#include "serialize.h"

namespace {
aeplay::TrainingSession session;
std::unique_ptr<aeplay::FewLabelsRun> few_labels;  // a few-labels lesson's run instead of the session's
// The run's images, filled by the page's chunks before worker_start: bytes (one per pixel) or floats.
std::vector<uint8_t> train_bytes, test_bytes;
ae::Mat train_floats, test_floats;
int pixels_per_image = 0;
bool as_bytes = true;
size_t curve_sent = 0;              // curve points already reported
std::string text;                   // the last string handed to JS (valid until the next call)

const char* give(std::string s) {
  text = std::move(s);
  return text.c_str();
}

ae::ImageStore take_store(std::vector<uint8_t>& bytes, ae::Mat& floats) {
  return as_bytes ? ae::ImageStore::from_bytes(std::move(bytes), pixels_per_image) : ae::ImageStore(std::move(floats));
}

// The few-labels lesson's run (core/few_labels.h): both classifiers on the page's N images, scored on the rest.
std::string start_few_labels(const uint8_t* model, int size, const char* settings_json) {
  aeplay::FewLabelsSettings s;
  std::vector<uint8_t> train_labels, test_labels;
  aeplay::parse_few_labels_message(settings_json, s, train_labels, test_labels);
  const ae::ModelFile file = ae::parse_model(model, static_cast<size_t>(size), "the page's model");
  if (pixels_per_image != file.spec.sizes.front()) throw ae::Error("the images do not fit the model's input");
  const auto net = ae::instantiate(file);
  session.discard();
  ae::ImageStore train = take_store(train_bytes, train_floats), test = take_store(test_bytes, test_floats);
  few_labels = std::make_unique<aeplay::FewLabelsRun>(*net, train, std::move(train_labels), std::move(test),
                                                      std::move(test_labels), s);
  return "";
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void worker_discard();

// "" if the images the page announces (pixels, sizes in bytes, 1: bytes or 4: float32) make whole images.
EMSCRIPTEN_KEEPALIVE const char* worker_check_images(double pixels, double train, double test, double bytes_per_pixel) {
  return give(aeplay::check_image_layout(pixels, train, test, bytes_per_pixel));
}

// Room for the run's images (pixels x count, column-major; bytes_per_pixel 1: bytes, 4: floats); returns where
// the page's chunks go: the training images, then (worker_test_images) the test images. Drops the previous
// run. nullptr when memory is short.
EMSCRIPTEN_KEEPALIVE uint8_t* worker_images(int pixels, int train_count, int test_count, int bytes_per_pixel) {
  worker_discard();
  as_bytes = bytes_per_pixel == 1;
  pixels_per_image = pixels;
  try {
    if (as_bytes) {
      train_bytes.resize(static_cast<size_t>(pixels) * static_cast<size_t>(train_count));
      test_bytes.resize(static_cast<size_t>(pixels) * static_cast<size_t>(test_count));
      return train_bytes.data();
    }
    train_floats.resize(pixels, train_count);
    test_floats.resize(pixels, test_count);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
  return reinterpret_cast<uint8_t*>(train_floats.data());
}
EMSCRIPTEN_KEEPALIVE uint8_t* worker_test_images() {
  return as_bytes ? test_bytes.data() : reinterpret_cast<uint8_t*>(test_floats.data());
}

// Starts training the model file with the settings (JSON). Returns "" or why not.
EMSCRIPTEN_KEEPALIVE const char* worker_start(const uint8_t* model, int size, const char* settings_json) {
  try {
    if (settings_json && aeplay::is_few_labels_message(settings_json))
      return give(start_few_labels(model, size, settings_json));
    const aeplay::WorkerSettings w = aeplay::parse_worker_settings(settings_json ? settings_json : "");
    ae::ModelFile file = ae::parse_model(model, static_cast<size_t>(size), "the page's model");
    const aeplay::TrainSettings s = aeplay::settings_from(file, w);
    few_labels.reset();
    if (pixels_per_image != file.spec.sizes.front()) throw ae::Error("the images do not fit the model's input");
    // Moved into the session's stores: the worker's heap holds the run's images once.
    ae::ImageStore train = as_bytes ? ae::ImageStore::from_bytes(std::move(train_bytes), pixels_per_image)
                                    : ae::ImageStore(std::move(train_floats));
    ae::ImageStore test = as_bytes ? ae::ImageStore::from_bytes(std::move(test_bytes), pixels_per_image)
                                   : ae::ImageStore(std::move(test_floats));
    session.start_with_model(ae::instantiate(file), s, std::move(train), std::move(test));
    curve_sent = 0;
    return give("");
  } catch (const ae::Error& e) {
    return give(e.what());
  } catch (const std::bad_alloc&) {
    return give("not enough memory in the training worker");
  }
}

// Trains for about budget_ms and returns the report (JSON).
EMSCRIPTEN_KEEPALIVE const char* worker_run(double budget_ms) {
  if (few_labels) {
    if (budget_ms > 0) few_labels->advance(budget_ms);
    return give(aeplay::to_json(few_labels->report()));
  }
  session.advance(budget_ms);
  return give(aeplay::to_json(aeplay::report_of(session, curve_sent)));
}

// The current weights (worker_param_count floats), for the page's snapshot.
EMSCRIPTEN_KEEPALIVE const float* worker_params() {
  return session.model() && !few_labels ? session.model()->parameters().data() : nullptr;
}
EMSCRIPTEN_KEEPALIVE int worker_param_count() {
  return session.model() && !few_labels ? static_cast<int>(session.model()->parameters().size()) : 0;
}

// Pause: worker_run then reports without training; resume goes on where it stopped.
EMSCRIPTEN_KEEPALIVE void worker_pause() { session.pause(); }
EMSCRIPTEN_KEEPALIVE void worker_resume() { session.resume(); }

// The latent panel's pixel-PCA eigen-decomposition of the n x n symmetric matrix at `a` (column-major): n
// ascending eigenvalues followed by the n x n eigenvectors, or nullptr if it failed (ae::symmetric_eigen,
// the page's own code for it).
EMSCRIPTEN_KEEPALIVE const double* worker_eigen(const double* a, int n) {
  static std::vector<double> out;
  try {
    Eigen::VectorXd values;
    Eigen::MatrixXd vectors;
    ae::symmetric_eigen(Eigen::Map<const Eigen::MatrixXd>(a, n, n), values, vectors);
    out.assign(values.data(), values.data() + n);
    out.insert(out.end(), vectors.data(), vectors.data() + static_cast<size_t>(n) * n);
    return out.data();
  } catch (const std::exception&) {
    return nullptr;
  }
}

// The Relaxed SIMD block loops at this function-table index (web/wasm-variant.js); 0: the build's own;
// pick_faster: only if they measure faster on this CPU. Returns the GEMM backend now in use.
EMSCRIPTEN_KEEPALIVE const char* worker_use_gemm_block(int table_index, int pick_faster) {
  const auto block = reinterpret_cast<ae::kernels::GemmBlockFn>(static_cast<uintptr_t>(table_index));
  if (block && pick_faster) return ae::kernels::use_faster_gemm_block(block, "packed-relaxed-simd");
  ae::kernels::use_gemm_block(block, "packed-relaxed-simd");
  return ae::kernels::gemm_backend();
}
EMSCRIPTEN_KEEPALIVE const char* worker_gemm_backend() { return ae::kernels::gemm_backend(); }

EMSCRIPTEN_KEEPALIVE void worker_discard() {
  session.discard();
  few_labels.reset();
  std::vector<uint8_t>().swap(train_bytes);
  std::vector<uint8_t>().swap(test_bytes);
  train_floats.resize(0, 0);
  test_floats.resize(0, 0);
}

}  // extern "C"
