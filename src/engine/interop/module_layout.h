// The one mapping between an aeplay architecture and its PyTorch twin: the documented nn.Module (printed by
// pytorch_module.h), whose state_dict names and shapes are the tensors of every export (safetensors, npz,
// ONNX initializers) and of import. Nothing else spells out a tensor name or a weight layout.
//
// Every family's module maps [B, 784] to [B, 784] (one sample per row, the engine's columns):
//   dense / tied:  encoder = Sequential(Linear, act, Linear, act, ...), decoder mirrors it.
//                  A tied decoder layer is TiedLinear: only a bias of its own; it uses the encoder
//                  Linear's weight transposed (y = x Wᵀᵀ = x W), so state_dict holds that weight once.
//   vae:           encoder = Sequential(hidden Linear + act ...), heads mu = Linear, logvar = Linear
//                  (the engine's last encoder layer, 2·latent rows: μ on top, log σ² below), decoder.
//                  forward(x) decodes z = μ, as aeplay's reconstruction does.
//   conv:          encoder = Sequential(Unflatten(1, (1, 28, 28)), Conv2d, act, ..., Flatten(), Linear, act),
//                  decoder = Sequential(Linear, act, Unflatten, ConvTranspose2d (output_padding restores the
//                  conv's input size), act, ..., Flatten()).
//
// Weight layouts (PyTorch, row-major) versus the engine (column-major Eigen W, see model.h):
//   Linear [out, in], Conv2d [out, in, kh, kw], ConvTranspose2d [in, out, kh, kw]: each is exactly the
//   engine's stored W (out x in; K x C·k·k; in_maps x C_out·k·k) read row by row.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model.h"
#include "named_tensor.h"

namespace ae::interop {

enum class StepKind : uint8_t { Linear, TiedLinear, Conv2d, ConvTranspose2d, Act, Flatten, Unflatten };

// One entry of a Sequential (or a VAE head).
struct ModuleStep {
  StepKind kind;
  std::string name;       // state_dict prefix: "encoder.0", "mu"; parameters are NAME.weight / NAME.bias
  int in = 0, out = 0;    // features (Linear) or channels (conv kinds)
  int kernel = 0, stride = 1, pad = 0, output_padding = 0;
  Activation act = Activation::Identity;  // Act
  std::vector<int> unflatten;             // Unflatten: (C, H, W)
  std::string tied_to;                    // TiedLinear: the Linear whose weight it uses
  int layer = -1;                         // the engine layer holding its parameters
  int row_begin = 0, rows = 0;            // its rows of that layer's b (and W; a VAE head takes half)
};

struct ModuleLayout {
  std::string class_name;          // AeplayAutoencoder, AeplayVAE, AeplayConvAutoencoder
  std::vector<ModuleStep> encoder; // VAE: up to the last hidden layer
  std::vector<ModuleStep> heads;   // VAE: mu, logvar; otherwise empty
  std::vector<ModuleStep> decoder;
};

ModuleLayout module_layout(const ModelSpec& spec);  // validate(spec) first (it does)

// The state_dict's names and shapes, in module order (data left empty).
std::vector<NamedTensor> state_dict_shapes(const ModelSpec& spec);
// The engine's parameters (Autoencoder::parameters() layout) as that state_dict.
std::vector<NamedTensor> to_state_dict(const ModelSpec& spec, const std::vector<float>& params);
// Back again. Every expected tensor must be present with its exact shape, and nothing else: the first
// tensor that is missing, unexpected or of the wrong shape is named in the ae::Error.
std::vector<float> from_state_dict(const ModelSpec& spec, const std::vector<NamedTensor>& tensors);

std::string shape_text(const std::vector<int64_t>& shape);  // "[256, 784]"

}  // namespace ae::interop
