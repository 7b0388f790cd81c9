// The autoencoder families of the curriculum, as one class: an encoder stack and a mirrored decoder stack.
//
//   Family::Autoencoder  dense layers (any depth, optionally tied: decoder W = encoder Wᵀ), with an optional
//                        penalty on the code: L1 activity, KL sparsity, or contractive (one sigmoid layer)
//   Family::Vae          dense encoder to 2·latent units read as (μ, log σ²); z = μ + σ·ε; dense decoder;
//                        loss = reconstruction + β·KL(q(z|x) ‖ N(0, I)); reconstruct/encode use z = μ;
//                        likelihood bernoulli: trained and tested on binarized images (likelihood.h)
//   Family::Conv         Conv2D stack + one dense layer to the code; dense + ConvTranspose2D stack back
//
// Shapes: layer l maps A[l-1] (in x B) to Z[l] and A[l] = f(Z[l]) (out x B); one sample per column.
// All parameters live in one contiguous float buffer so optimizers, checksums and files see one array.
#pragma once
#include <string>
#include <vector>

#include "activations.h"
#include "conv.h"
#include "families.h"
#include "likelihood.h"
#include "losses.h"
#include "penalties.h"
#include "rng.h"
#include "tensor.h"

namespace ae {

struct ConvLayerSpec {
  int channels = 16, kernel = 3, stride = 2, pad = 1;
};

struct ModelSpec {
  Family family = Family::Autoencoder;
  // Autoencoder/Vae: encoder sizes, input first, code last (the decoder mirrors them).
  // Conv: {input pixels, code size}; the conv stack is in `conv`.
  std::vector<int> sizes{784, 256, 32};
  Activation hidden = Activation::ReLU;  // every hidden layer of encoder and decoder
  Activation latent = Activation::ReLU;  // the code layer (Vae: μ and log σ² are always linear)
  Activation output = Activation::Sigmoid;
  Loss loss = Loss::MSE;
  bool tied = false;                     // Autoencoder only
  Penalty penalty = Penalty::None;       // Autoencoder and Conv: on the code layer
  float penalty_weight = 0.0f;           // λ (L1, contractive) or β (KL sparsity)
  float sparsity_target = 0.05f;         // ρ for KL sparsity
  float beta = 1.0f;                     // Vae: weight of the KL term
  // Autoencoder with a sigmoid code: the standard deviation of the Gaussian noise added to the code's
  // pre-activations in training (semantic hashing, Salakhutdinov & Hinton 2009): to carry information through
  // the noise the code units are pushed to saturate, so thresholding them at 0.5 loses little. 0 = none.
  float code_noise = 0.0f;
  Likelihood likelihood = Likelihood::Continuous;  // Vae: bernoulli = sigmoid + BCE on binarized images
  std::vector<ConvLayerSpec> conv;       // Conv: encoder convolutions (the decoder mirrors them)
  int image_side = 28;                   // Conv: the input is image_side x image_side, in_channels planes
  // Conv: channels of the input and of the output, which may differ (colorization: 1 lightness plane in,
  // 2 chroma planes out, colour.h). The other families reconstruct their input: 1 and 1.
  int in_channels = 1, out_channels = 1;

  int input_size() const { return sizes.front(); }
  int output_size() const;  // input_size() unless a conv model's output has other channels than its input
  int latent_size() const { return sizes.back(); }
  int encoder_layers() const;
  std::string describe() const;  // e.g. "784-256-32-256-784 relu/relu/sigmoid mse tied"
};

// Limits that keep a spec (from a flag, a URL or a file) from asking for absurd memory.
constexpr int kMaxLayerSize = 1 << 16;
constexpr int kMaxEncoderLayers = 16;
constexpr uint64_t kMaxParameters = 64ull << 20;  // 64 Mi floats = 256 MiB

// Throws ae::Error explaining the first problem (sizes out of range, bce without sigmoid, ...).
void validate(const ModelSpec& spec);
// The spec's contractive penalty uses penalties.h's closed form (one sigmoid encoder layer); otherwise a dense
// encoder with a small input uses the exact forward mode of contractive_jvp.h.
bool contractive_closed_form(const ModelSpec& spec);
// Number of float parameters the spec needs; validate() first.
uint64_t parameter_count(const ModelSpec& spec);
// Floats a Workspace holds after a training pass (forward + backward) of `batch` samples: Z, A and dZ of every
// layer, the im2col / row buffers of the conv layers, and for the VAE ε, z and the code's gradients.
// validate() first. For memory budgets, before anything is allocated.
uint64_t workspace_floats(const ModelSpec& spec, int batch);

// Per-batch buffers of a forward/backward pass. Kept by the caller and reused, so a training step
// allocates nothing once the batch size stops changing. `rng` draws the VAE's ε.
struct Workspace {
  std::vector<Mat> Z, A, dZ, cols, tmp;
  Mat eps, z, dmu, dlogvar, dcode;
  Rng rng{12345, 9};
};

// A view of one parameter tensor and its gradient, for optimizers.
struct ParamRef {
  float* value;
  float* grad;
  Index size;
  bool is_weight;  // weight decay applies to weights, not biases
};

enum class LayerKind : uint8_t { Dense, Conv, ConvTranspose };

// Loss of one batch split into its parts (all per image, averaged over the batch).
struct LossParts {
  double reconstruction = 0, penalty = 0;  // penalty: the family's regulariser (VAE: β·KL)
  double total() const { return reconstruction + penalty; }
};

class Autoencoder {
 public:
  Autoencoder(const ModelSpec& spec, uint64_t seed);  // He init for (leaky) ReLU layers, Xavier otherwise

  const ModelSpec& spec() const { return spec_; }
  int num_layers() const { return static_cast<int>(layers_.size()); }
  int encoder_layers() const { return spec_.encoder_layers(); }
  int latent_size() const { return spec_.latent_size(); }

  // Deterministic full pass (VAE: z = μ): ws.A.back() is the reconstruction of X.
  const Mat& forward(const Mat& X, Workspace& ws) const;
  // Training pass (VAE: z sampled with ws.rng) + backward: fills the gradients, returns the loss.
  double loss_and_gradient(const Mat& X, const Mat& target, Workspace& ws);
  LossParts last_loss() const { return last_loss_; }
  // Loss of a training-style pass without gradients (VAE: sampled z), for test-set evaluation.
  LossParts evaluate(const Mat& X, const Mat& target, Workspace& ws) const;

  Mat reconstruct(const Mat& X) const;
  Mat encode(const Mat& X) const;      // codes (latent_size x B); VAE: μ
  Mat decode(const Mat& codes) const;  // images from codes
  // The same into ws (no allocation once the shapes settle): returns the output; ws.Z.back() holds its
  // pre-activations (a sigmoid output's logits).
  const Mat& decode_into(const Mat& codes, Workspace& ws) const;
  Mat sample(Index n, Rng& rng) const; // decode z ~ N(0, I) (meaningful for the VAE)
  // VAE only: μ and log σ² of q(z|x).
  void encode_distribution(const Mat& X, Mat& mu, Mat& logvar) const;

  // Layer views. weights(l) is W as stored (for a tied decoder layer: the encoder's W, used transposed).
  LayerKind kind(int layer) const { return layers_[static_cast<size_t>(layer)].kind; }
  Activation activation(int layer) const;
  Index layer_inputs(int layer) const;
  Index layer_outputs(int layer) const;
  Eigen::Map<const Mat> weights(int layer) const;
  bool is_tied(int layer) const { return layers_[static_cast<size_t>(layer)].tied_to >= 0; }
  Eigen::Map<const Vec> bias(int layer) const;
  Eigen::Map<Mat> mutable_weights(int layer) { return W(layer); }  // e.g. to copy in pretrained weights
  Eigen::Map<Vec> mutable_bias(int layer);

  std::vector<float>& parameters() { return params_; }
  const std::vector<float>& parameters() const { return params_; }
  const std::vector<float>& gradients() const { return grads_; }
  std::vector<ParamRef> parameter_refs();
  void zero_gradients();

 private:
  struct Layer {
    LayerKind kind;
    int in, out;        // flattened sizes
    Activation act;
    int tied_to;        // encoder layer whose W this decoder layer uses transposed, or -1
    size_t w_offset, b_offset;
    int w_rows, w_cols; // W as stored
    ConvGeometry geom;  // Conv: its input; ConvTranspose: its output (the mirrored conv's input)
    int maps_out;       // channels of the output (conv kinds); bias has one entry per output channel
  };
  Eigen::Map<Mat> W(int l) { auto& L = layers_[static_cast<size_t>(l)]; return {params_.data() + L.w_offset, L.w_rows, L.w_cols}; }
  Eigen::Map<Mat> dW(int l) { auto& L = layers_[static_cast<size_t>(l)]; return {grads_.data() + L.w_offset, L.w_rows, L.w_cols}; }
  Eigen::Map<const Mat> W(int l) const { auto& L = layers_[static_cast<size_t>(l)]; return {params_.data() + L.w_offset, L.w_rows, L.w_cols}; }
  Eigen::Map<Vec> db(int l) { auto& L = layers_[static_cast<size_t>(l)]; return {grads_.data() + L.b_offset, bias_size(L)}; }
  Eigen::Map<const Vec> b(int l) const { auto& L = layers_[static_cast<size_t>(l)]; return {params_.data() + L.b_offset, bias_size(L)}; }
  static Index bias_size(const Layer& L) { return L.kind == LayerKind::Dense ? L.out : L.maps_out; }

  void layer_forward(int l, const Mat& in, Workspace& ws) const;
  // Backward of layer l given ws.dZ[l]; writes the gradient w.r.t. its input into dIn (unless null).
  void layer_backward(int l, const Mat& in, Workspace& ws, Mat* dIn);
  void forward_range(int first, int last, const Mat& X, Workspace& ws) const;
  // The training-style forward pass: encoder, (VAE: sampling), decoder. Returns the decoder's input.
  const Mat& forward_train(const Mat& X, Workspace& ws) const;
  LossParts penalty_and_loss(const Mat& X, const Mat& target, Workspace& ws, bool with_grad);
  // λ‖∂code/∂x‖²_F of a deeper encoder (contractive_jvp.h), from the forward pass in ws; adds its gradient.
  double contractive_deep(const Mat& X, const Workspace& ws, bool with_grad);

  ModelSpec spec_;
  std::vector<Layer> layers_;
  std::vector<float> params_, grads_;
  LossParts last_loss_;
};

}  // namespace ae
