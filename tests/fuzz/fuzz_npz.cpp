// libFuzzer target: the npz reader (ae::interop::parse_npz: zip.cpp + npy.cpp) and the import built on it.
// What the reader accepts must write back (write_npz, stored) and read again to the same arrays, bit for
// bit, and the same metadata text; an accepted import must survive export/import (import_roundtrip.h).
#include <cstdlib>
#include <cstring>

#include "import_roundtrip.h"
#include "npz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ae::interop::TensorFile f;
  try {
    f = ae::interop::parse_npz(data, size, "fuzz.npz");
  } catch (const ae::Error&) {
    return 0;
  }
  const std::vector<uint8_t> bytes = ae::interop::write_npz(f);
  const ae::interop::TensorFile g = ae::interop::parse_npz(bytes.data(), bytes.size(), "rewritten");
  if (g.tensors.size() != f.tensors.size() || g.metadata != f.metadata) std::abort();
  for (size_t i = 0; i < f.tensors.size(); ++i) {
    const auto &t = f.tensors[i], &u = g.tensors[i];
    if (t.name != u.name || t.shape != u.shape || t.data.size() != u.data.size()) std::abort();
    if (!t.data.empty() && std::memcmp(t.data.data(), u.data.data(), t.data.size() * 4) != 0) std::abort();
  }
  check_import_roundtrip(data, size);
  return 0;
}
