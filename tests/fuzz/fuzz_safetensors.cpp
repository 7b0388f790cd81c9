// libFuzzer target: the safetensors reader (ae::interop::parse_safetensors) and the import built on it.
// What the reader accepts must write back (write_safetensors) and read again to the same tensors, bit for
// bit, and the same metadata; an accepted import must survive export/import (import_roundtrip.h).
#include <cstdlib>
#include <cstring>
#include <map>

#include "import_roundtrip.h"
#include "safetensors.h"

namespace {

using ae::interop::NamedTensor;

std::map<std::string, const NamedTensor*> by_name(const ae::interop::TensorFile& f) {
  std::map<std::string, const NamedTensor*> m;
  for (const NamedTensor& t : f.tensors) m[t.name] = &t;
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ae::interop::TensorFile f;
  try {
    f = ae::interop::parse_safetensors(data, size, "fuzz.safetensors");
  } catch (const ae::Error&) {
    return 0;
  }
  const std::vector<uint8_t> bytes = ae::interop::write_safetensors(f);
  const ae::interop::TensorFile g = ae::interop::parse_safetensors(bytes.data(), bytes.size(), "rewritten");
  const auto a = by_name(f), b = by_name(g);
  if (a.size() != f.tensors.size() || a.size() != b.size() || f.metadata != g.metadata) std::abort();
  for (const auto& [name, t] : a) {
    auto it = b.find(name);
    if (it == b.end() || it->second->shape != t->shape || it->second->data.size() != t->data.size()) std::abort();
    if (!t->data.empty() && std::memcmp(it->second->data.data(), t->data.data(), t->data.size() * 4) != 0) std::abort();
  }
  check_import_roundtrip(data, size);
  return 0;
}
