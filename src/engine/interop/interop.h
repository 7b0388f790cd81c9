// Models that travel: the engine's entry points for exporting to and importing from other frameworks.
// This is the whole API the CLI (aeplay export / import) and the page use; each format lives in its
// own module beside it (safetensors, npz = zip + npy, onnx_export, pytorch_module), and every one of them
// names and lays out the tensors through module_layout.h.
//
//   std::vector<uint8_t> bytes = ae::export_model(file, ae::ExportFormat::Safetensors);
//   ae::ModelFile back = ae::import_model_bytes(bytes.data(), bytes.size(), "model.safetensors");
//
// Every failure is an ae::Error with a one-line message naming the source and the problem.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "serialize.h"

namespace ae {

enum class ExportFormat : uint8_t { Safetensors, Npz, Onnx };

ExportFormat parse_export_format(const std::string& name);  // "safetensors", "npz", "onnx"
const char* to_string(ExportFormat f);
const char* file_extension(ExportFormat f);  // ".safetensors", ".npz", ".onnx"

// Tensors named as the state_dict of the module `aeplay export --pytorch` prints, float32; the
// architecture (and training noise and notes) as JSON metadata.
std::vector<uint8_t> export_model(const ModelFile& file, ExportFormat format);

// A .safetensors or .npz file (told apart by content). The architecture comes from the file's metadata,
// or from `spec` when given (for a state_dict written by PyTorch without it; `spec` wins over metadata).
// Every tensor is checked against the architecture before anything is stored.
ModelFile import_model_bytes(const uint8_t* bytes, size_t size, const std::string& name,
                             const std::optional<ModelSpec>& spec = std::nullopt);

// The Python source of the matching PyTorch module.
std::string pytorch_module(const ModelSpec& spec);

}  // namespace ae
