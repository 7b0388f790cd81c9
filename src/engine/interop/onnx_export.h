// ONNX export (opset 13, IR version 7) of any aeplay model: one graph from the documented PyTorch module's
// layout (module_layout.h), its state_dict as the initializers (same names), so ONNX and PyTorch agree.
//   input  "input"           [batch, 784]
//   output "reconstruction"  [batch, 784]  (VAE: decoded from z = μ, as aeplay reconstructs)
//          "code"            [batch, latent]           (autoencoder, conv)
//          "mu", "logvar"    [batch, latent] each      (VAE)
// Ops: Gemm, Relu, Sigmoid, Tanh, LeakyRelu, Conv, ConvTranspose, Flatten, Reshape, Identity.
// The architecture JSON is in the model's metadata_props under "aeplay".
#pragma once
#include <cstdint>
#include <vector>

#include "serialize.h"

namespace ae::interop {

constexpr int kOnnxOpset = 13;
constexpr int kOnnxIrVersion = 7;

std::vector<uint8_t> export_onnx(const ModelFile& file);

}  // namespace ae::interop
