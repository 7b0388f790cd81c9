// Shared by fuzz_safetensors and fuzz_npz: whatever ae::import_model_bytes accepts must export and import
// again (as safetensors and as npz) with bit-identical parameters, and a second round must change nothing
// at all (the first may normalise text: the noise level is printed with %g, notes cut at the limit).
#pragma once
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "error.h"
#include "interop.h"
#include "serialize.h"

inline void check_import_roundtrip(const uint8_t* data, size_t size) {
  ae::ModelFile f;
  try {
    f = ae::import_model_bytes(data, size, "fuzz");
  } catch (const ae::Error&) {
    return;  // refused with a message: fine
  }
  if (f.params.size() != ae::parameter_count(f.spec)) std::abort();
  for (ae::ExportFormat format : {ae::ExportFormat::Safetensors, ae::ExportFormat::Npz}) {
    const std::vector<uint8_t> once = ae::export_model(f, format);
    const ae::ModelFile g = ae::import_model_bytes(once.data(), once.size(), "once");
    const std::vector<uint8_t> twice = ae::export_model(g, format);
    const ae::ModelFile h = ae::import_model_bytes(twice.data(), twice.size(), "twice");
    if (g.params != f.params || ae::serialize_model(g) != ae::serialize_model(h)) std::abort();
  }
}
