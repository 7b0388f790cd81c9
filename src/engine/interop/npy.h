// NumPy's .npy format (numpy.lib.format), the members of an .npz archive:
//   "\x93NUMPY", major, minor, header length (u16 for version 1, u32 for 2 and 3), then a Python dict literal
//   {'descr': '<f4', 'fortran_order': False, 'shape': (256, 784), } padded with spaces to a multiple of 64
//   and ended by '\n', then the raw array.
// The header is parsed by a small reader of that literal (not eval). Read: float arrays '<f4', '<f8', '<f2'
// (and big-endian '>'), C or Fortran order, and 0-d text arrays '<U…' (the npz's metadata). Written:
// version 1.0, '<f4' C order, and '<U…' text.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ae::interop {

constexpr uint32_t kMaxNpyHeaderBytes = 64u << 10;

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> data;  // C order
  bool is_text = false;     // a 0-d '<U' array: `text` holds it as UTF-8
  std::string text;
};

std::vector<uint8_t> write_npy(const std::vector<int64_t>& shape, const std::vector<float>& data);
std::vector<uint8_t> write_npy_text(const std::string& utf8);  // invalid UTF-8 bytes become U+FFFD
NpyArray parse_npy(const uint8_t* bytes, size_t size, const std::string& name);

}  // namespace ae::interop
