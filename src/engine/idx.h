// The IDX format of the MNIST files (LeCun et al.): magic 00 00 08 D (unsigned bytes, D dimensions),
// D big-endian uint32 sizes, then the bytes. Everything is checked before any allocation.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ae {

struct IdxArray {
  std::vector<uint32_t> dims;
  std::vector<uint8_t> data;
};

constexpr uint64_t kMaxIdxBytes = 256ull << 20;  // MNIST's largest file is 47 MB

// `name` is used in error messages (the file name).
IdxArray parse_idx(const uint8_t* bytes, size_t size, const std::string& name, uint64_t max_bytes = kMaxIdxBytes);
IdxArray read_idx(const std::string& path, uint64_t max_bytes = kMaxIdxBytes);

}  // namespace ae
