// What the tensor-file readers and writers (safetensors, npz) exchange: named float tensors in PyTorch's
// order (row-major, shape outermost first), plus a file's string metadata.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ae::interop {

struct NamedTensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> data;
};

struct TensorFile {
  std::vector<NamedTensor> tensors;
  std::map<std::string, std::string> metadata;
};

// Limits every tensor-file reader checks before it allocates.
constexpr size_t kMaxTensors = 1024;
constexpr int kMaxTensorDims = 8;

}  // namespace ae::interop
