// safetensors (https://huggingface.co/docs/safetensors), written and read from its specification:
//   u64 N (little-endian)  |  N bytes of JSON header  |  the tensors' raw little-endian bytes
// The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets into the
// byte buffer after the header) and "__metadata__" to a string-to-string map. The header is padded with
// spaces so the buffer starts at a multiple of 8. The reader insists on what the specification demands:
// offsets inside the buffer, no overlaps, no holes, byte counts that match dtype and shape.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "named_tensor.h"

namespace ae::interop {

constexpr uint64_t kMaxSafetensorsHeaderBytes = 4u << 20;

// Tensors as F32, in the order given.
std::vector<uint8_t> write_safetensors(const TensorFile& file);
// Reads F32, F64, F16 and BF16 tensors (converted to float); any other dtype is refused. `name` names the
// source in the one-line ae::Error.
TensorFile parse_safetensors(const uint8_t* bytes, size_t size, const std::string& name);

}  // namespace ae::interop
