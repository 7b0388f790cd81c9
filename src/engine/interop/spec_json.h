// The architecture (and how the model was trained) as a small JSON object, so an exported file says what it
// is: safetensors keeps it in __metadata__["aeplay"], npz in its __metadata__ entry, ONNX in metadata_props.
//   {"format": "aeplay", "family": "autoencoder", "sizes": [784, 256, 32], "hidden": "relu", "latent": "relu",
//    "output": "sigmoid", "loss": "mse", "tied": false, "penalty": "none", "penalty_weight": 0,
//    "sparsity_target": 0.05, "beta": 1, "image_side": 28, "conv": [[16, 3, 2, 1], ...],
//    "trained_noise": "gaussian:0.5", "notes": "..."}
// Parsed with nlohmann::json (Debian nlohmann-json3-dev, header-only: it also compiles for the web).
#pragma once
#include <string>

#include "serialize.h"

namespace ae::interop {

constexpr size_t kMaxSpecJsonBytes = 1u << 20;

std::string spec_to_json(const ModelFile& file);  // ASCII (non-ASCII escaped), one line
// Fills spec, trained_noise and notes of a ModelFile (params left empty). Every field is checked and the
// spec validated; a problem throws ae::Error naming the field.
ModelFile spec_from_json(const std::string& text);

}  // namespace ae::interop
