#include "npz.h"

#include "error.h"
#include "npy.h"
#include "zip.h"

namespace ae::interop {

std::vector<uint8_t> write_npz(const TensorFile& file) {
  std::vector<ZipEntry> entries;
  for (const NamedTensor& t : file.tensors) entries.push_back({t.name + ".npy", write_npy(t.shape, t.data)});
  auto meta = file.metadata.find("aeplay");
  if (meta != file.metadata.end()) entries.push_back({std::string(kNpzMetadataEntry) + ".npy", write_npy_text(meta->second)});
  return write_zip(entries);
}

TensorFile parse_npz(const uint8_t* bytes, size_t size, const std::string& name) {
  TensorFile out;
  for (const ZipEntry& e : read_zip(bytes, size, name)) {
    if (e.name.size() < 5 || e.name.compare(e.name.size() - 4, 4, ".npy") != 0)
      throw Error(name + ": entry '" + e.name + "' is not a .npy array");
    const std::string key = e.name.substr(0, e.name.size() - 4);
    NpyArray a = parse_npy(e.data.data(), e.data.size(), name + "[" + key + "]");
    if (key == kNpzMetadataEntry) {
      if (!a.is_text) throw Error(name + ": " + kNpzMetadataEntry + " must be a text array");
      out.metadata["aeplay"] = a.text;
      continue;
    }
    if (a.is_text) throw Error(name + ": array '" + key + "' holds text, not numbers");
    for (const NamedTensor& t : out.tensors)
      if (t.name == key) throw Error(name + ": array '" + key + "' appears twice");
    out.tensors.push_back({key, std::move(a.shape), std::move(a.data)});
  }
  return out;
}

}  // namespace ae::interop
