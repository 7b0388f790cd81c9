#include "interop.h"

#include <cmath>
#include <cstring>

#include "error.h"
#include "module_layout.h"
#include "npz.h"
#include "onnx_export.h"
#include "pytorch_module.h"
#include "safetensors.h"
#include "spec_json.h"

namespace ae {

ExportFormat parse_export_format(const std::string& name) {
  for (auto f : {ExportFormat::Safetensors, ExportFormat::Npz, ExportFormat::Onnx})
    if (name == to_string(f)) return f;
  throw Error("unknown export format '" + name + "' (choose safetensors, npz, onnx)");
}

const char* to_string(ExportFormat f) {
  switch (f) {
    case ExportFormat::Safetensors: return "safetensors";
    case ExportFormat::Npz: return "npz";
    case ExportFormat::Onnx: return "onnx";
  }
  return "?";
}

const char* file_extension(ExportFormat f) {
  switch (f) {
    case ExportFormat::Safetensors: return ".safetensors";
    case ExportFormat::Npz: return ".npz";
    case ExportFormat::Onnx: return ".onnx";
  }
  return "";
}

std::vector<uint8_t> export_model(const ModelFile& file, ExportFormat format) {
  validate(file.spec);
  if (file.params.size() != parameter_count(file.spec)) throw Error("parameter count does not match the architecture");
  if (format == ExportFormat::Onnx) return interop::export_onnx(file);
  interop::TensorFile t;
  t.tensors = interop::to_state_dict(file.spec, file.params);
  t.metadata["aeplay"] = interop::spec_to_json(file);
  if (format == ExportFormat::Safetensors) {
    t.metadata["format"] = "pt";  // what the safetensors package's torch helpers write
    return interop::write_safetensors(t);
  }
  return interop::write_npz(t);
}

ModelFile import_model_bytes(const uint8_t* bytes, size_t size, const std::string& name,
                             const std::optional<ModelSpec>& spec) {
  if (size >= 4 && std::memcmp(bytes, "AEPM", 4) == 0)
    throw Error(name + ": this is an aeplay model file already (import reads .safetensors and .npz)");
  const bool zip = size >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && (bytes[2] == 3 || bytes[2] == 5);
  const interop::TensorFile t = zip ? interop::parse_npz(bytes, size, name) : interop::parse_safetensors(bytes, size, name);
  ModelFile f;
  try {
    if (spec) {
      f.spec = *spec;
      validate(f.spec);
      f.notes = "imported from " + name;
    } else {
      auto meta = t.metadata.find("aeplay");
      if (meta == t.metadata.end())
        throw Error("no aeplay architecture in its metadata: give the architecture (aeplay import --layers ... and the "
                    "family flags)");
      f = interop::spec_from_json(meta->second);
      if (f.notes.empty()) f.notes = "imported from " + name;
    }
    for (const interop::NamedTensor& x : t.tensors)
      for (float v : x.data)
        if (!std::isfinite(v)) throw Error("tensor '" + x.name + "' contains NaN or infinity");
    f.params = interop::from_state_dict(f.spec, t.tensors);
  } catch (const Error& e) {
    throw Error(name + ": " + e.what());
  }
  return f;
}

std::string pytorch_module(const ModelSpec& spec) { return interop::pytorch_module_source(spec); }

}  // namespace ae
