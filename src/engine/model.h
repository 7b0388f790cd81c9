// The autoencoder: an encoder stack of dense layers and a mirrored decoder stack, optionally with
// tied weights (decoder layer W = the matching encoder layer's Wᵀ, biases stay separate).
//
// Shapes: layer l maps A[l-1] (in x B) to Z[l] = W[l] A[l-1] + b[l] and A[l] = f(Z[l]) (out x B).
// Parameters live in one contiguous float buffer so optimizers, checksums and files see one array.
#pragma once
#include <string>
#include <vector>

#include "activations.h"
#include "losses.h"
#include "tensor.h"

namespace ae {

struct ModelSpec {
  std::vector<int> sizes{784, 256, 32};  // encoder sizes, input first, latent last; decoder mirrors it
  Activation hidden = Activation::ReLU;  // every hidden layer of encoder and decoder
  Activation latent = Activation::ReLU;  // the code layer
  Activation output = Activation::Sigmoid;
  Loss loss = Loss::MSE;
  bool tied = false;

  int input_size() const { return sizes.front(); }
  int latent_size() const { return sizes.back(); }
  int encoder_layers() const { return static_cast<int>(sizes.size()) - 1; }
  std::string describe() const;  // e.g. "784-256-32-256-784 relu/relu/sigmoid mse tied"
};

// Limits that keep a spec (from a flag, a URL or a file) from asking for absurd memory.
constexpr int kMaxLayerSize = 1 << 16;
constexpr int kMaxEncoderLayers = 16;
constexpr uint64_t kMaxParameters = 64ull << 20;  // 64 Mi floats = 256 MiB

// Throws ae::Error explaining the first problem (sizes out of range, bce without sigmoid, ...).
void validate(const ModelSpec& spec);
// Number of float parameters the spec needs; validate() first.
uint64_t parameter_count(const ModelSpec& spec);

// Per-batch buffers of a forward/backward pass. Kept by the caller and reused, so a training step
// allocates nothing once the batch size stops changing.
struct Workspace {
  std::vector<Mat> Z, A, dZ;
};

// A view of one parameter tensor and its gradient, for optimizers.
struct ParamRef {
  float* value;
  float* grad;
  Index size;
  bool is_weight;  // weight decay applies to weights, not biases
};

class Autoencoder {
 public:
  Autoencoder(const ModelSpec& spec, uint64_t seed);  // He init for (leaky) ReLU layers, Xavier otherwise

  const ModelSpec& spec() const { return spec_; }
  int num_layers() const { return static_cast<int>(layers_.size()); }
  int encoder_layers() const { return spec_.encoder_layers(); }

  // Full pass: ws.A.back() is the reconstruction of X (one sample per column).
  const Mat& forward(const Mat& X, Workspace& ws) const;
  // Forward + backward: fills the gradients, returns the loss of forward(X) against `target`.
  double loss_and_gradient(const Mat& X, const Mat& target, Workspace& ws);

  Mat reconstruct(const Mat& X) const;
  Mat encode(const Mat& X) const;     // latent codes (latent_size x B)
  Mat decode(const Mat& codes) const;  // images from codes

  // Layer views: W of layer l as the layer uses it (transposed for tied decoder layers).
  Activation activation(int layer) const;
  Index layer_inputs(int layer) const;
  Index layer_outputs(int layer) const;
  Eigen::Map<const Mat> weights(int layer) const;  // as stored: for a tied layer, the encoder's W
  bool is_tied(int layer) const { return layers_[static_cast<size_t>(layer)].tied_to >= 0; }
  Eigen::Map<const Vec> bias(int layer) const;

  std::vector<float>& parameters() { return params_; }
  const std::vector<float>& parameters() const { return params_; }
  const std::vector<float>& gradients() const { return grads_; }
  std::vector<ParamRef> parameter_refs();
  void zero_gradients();

 private:
  struct Layer {
    int in, out;
    Activation act;
    int tied_to;        // encoder layer whose W this decoder layer uses transposed, or -1
    size_t w_offset;    // W (out x in, or the tied layer's in x out) in params_
    size_t b_offset;
  };
  Eigen::Map<Mat> W(int l) { return {params_.data() + layers_[l].w_offset, rows_of_W(l), cols_of_W(l)}; }
  Eigen::Map<Mat> dW(int l) { return {grads_.data() + layers_[l].w_offset, rows_of_W(l), cols_of_W(l)}; }
  Eigen::Map<const Mat> W(int l) const { return {params_.data() + layers_[l].w_offset, rows_of_W(l), cols_of_W(l)}; }
  Eigen::Map<Vec> b(int l) { return {params_.data() + layers_[l].b_offset, layers_[l].out}; }
  Eigen::Map<Vec> db(int l) { return {grads_.data() + layers_[l].b_offset, layers_[l].out}; }
  Eigen::Map<const Vec> b(int l) const { return {params_.data() + layers_[l].b_offset, layers_[l].out}; }
  Index rows_of_W(int l) const { return layers_[l].tied_to >= 0 ? layers_[l].in : layers_[l].out; }
  Index cols_of_W(int l) const { return layers_[l].tied_to >= 0 ? layers_[l].out : layers_[l].in; }
  void forward_layers(int first, int last, const Mat& X, Workspace& ws) const;

  ModelSpec spec_;
  std::vector<Layer> layers_;
  std::vector<float> params_, grads_;
};

}  // namespace ae
