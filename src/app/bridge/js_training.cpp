// Training in a Web Worker: the session's commands go to Module.aeplayTraining (web/training-client.js),
// which runs the UI-free engine build (src/worker) in the worker; its reports, weight snapshots and failures
// come back through the entry points below. No SharedArrayBuffer: the images and the weights cross as
// transferred ArrayBuffers, so the page keeps working in frames without cross-origin isolation.
#include "bridge/js_training.h"

#include <emscripten.h>

#include "bridge/bridge.h"

using aeplay::web::app;

// clang-format off
EM_JS(int, js_training_available, (), {
  return Module.aeplayTraining && Module.aeplayTraining.available() ? 1 : 0;
});
EM_JS(void, js_training_start, (int run, const uint8_t* model, int model_size, const char* settings,
                                const void* train, int train_bytes, const void* test, int test_bytes, int pixels,
                                int bytes_per_pixel), {
  Module.aeplayTraining.start(Module, run, HEAPU8.slice(model, model + model_size), UTF8ToString(settings),
                              train, train_bytes, test, test_bytes, pixels, bytes_per_pixel);
});
EM_JS(int, js_decompose, (int request, const double* matrix, int n), {
  return Module.aeplayTraining.decompose(Module, request, matrix, n) ? 1 : 0;
});
EM_JS(void, js_training_command, (const char* what, int run), {
  Module.aeplayTraining.command(UTF8ToString(what), run);
});
// clang-format on

namespace aeplay::web {
namespace {
class PageWorker final : public TrainingWorker {
 public:
  // The images as the page holds them (bytes for MNIST and the other sets): the worker gets the same layout.
  void start(int run, const std::vector<uint8_t>& model_file, const std::string& settings_json,
             const ae::ImageStore& train, const ae::ImageStore& test) override {
    const auto data = [](const ae::ImageStore& s) -> const void* {
      return s.holds_bytes() ? static_cast<const void*>(s.byte_data()) : static_cast<const void*>(s.float_data());
    };
    js_training_start(run, model_file.data(), static_cast<int>(model_file.size()), settings_json.c_str(), data(train),
                      static_cast<int>(train.storage_bytes()), data(test), static_cast<int>(test.storage_bytes()),
                      static_cast<int>(train.rows()), static_cast<int>(train.bytes_per_pixel()));
  }
  void pause(int run) override { js_training_command("pause", run); }
  void resume(int run) override { js_training_command("resume", run); }
  void stop(int run) override { js_training_command("stop", run); }
};

class PageDecomposition final : public DecompositionWorker {
 public:
  bool send(int request, const Eigen::MatrixXd& symmetric) override {
    return js_decompose(request, symmetric.data(), static_cast<int>(symmetric.rows())) != 0;
  }
};
}  // namespace

TrainingWorker* training_worker() {
  static PageWorker worker;
  return js_training_available() ? &worker : nullptr;
}

DecompositionWorker* decomposition_worker() {
  static PageDecomposition worker;
  return js_training_available() ? &worker : nullptr;
}
}  // namespace aeplay::web

// A report (JSON bytes, core/training_messages.h) of run `run`.
void aeplay_training_report(int run, const uint8_t* json, int n) {
  app().on_training_report(run, n > 0 && json ? std::string(reinterpret_cast<const char*>(json), n) : std::string());
  aeplay::web::publish_changes();  // also while no frame runs (a hidden tab): a pause resolves on it
}
// The weights after the worker's latest batches.
void aeplay_training_snapshot(int run, const float* params, int count) {
  if (params && count > 0) app().on_training_snapshot(run, params, static_cast<size_t>(count));
}
// The worker could not start, crashed or stopped answering (the message says which).
void aeplay_training_failed(int run, const char* why) {
  app().on_training_failure(run, why ? why : "unknown");
  aeplay::web::publish_changes();
}

// The pixel PCA's decomposition, computed in the worker: n ascending eigenvalues, then the n x n eigenvectors
// (column-major); values == nullptr: the worker could not (the explorer then decomposes in the page).
void aeplay_pca_decomposed(int request, const double* values, const double* vectors, int n) {
  if (!values || !vectors || n <= 0) {
    app().latent.on_decomposition_failed(request);
    return;
  }
  app().latent.on_decomposition(request, Eigen::Map<const Eigen::VectorXd>(values, n),
                                Eigen::Map<const Eigen::MatrixXd>(vectors, n, n));
}
