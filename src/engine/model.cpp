#include "model.h"

#include <cmath>

#include "error.h"
#include "rng.h"

namespace ae {

std::string ModelSpec::describe() const {
  std::string s;
  for (size_t i = 0; i < sizes.size(); ++i) s += (i ? "-" : "") + std::to_string(sizes[i]);
  for (size_t i = sizes.size() - 1; i-- > 0;) s += "-" + std::to_string(sizes[i]);
  s += std::string(" ") + to_string(hidden) + "/" + to_string(latent) + "/" + to_string(output);
  s += std::string(" ") + to_string(loss);
  if (tied) s += " tied";
  return s;
}

void validate(const ModelSpec& spec) {
  if (spec.sizes.size() < 2)
    throw Error("a model needs at least two layer sizes (input and latent), e.g. 784,32");
  if (spec.encoder_layers() > kMaxEncoderLayers)
    throw Error("too many layers: " + std::to_string(spec.sizes.size()) + " sizes, at most " +
                std::to_string(kMaxEncoderLayers + 1));
  for (int s : spec.sizes)
    if (s < 1 || s > kMaxLayerSize)
      throw Error("layer size " + std::to_string(s) + " out of range 1.." + std::to_string(kMaxLayerSize));
  if (!is_valid(spec.hidden) || !is_valid(spec.latent) || !is_valid(spec.output)) throw Error("unknown activation");
  if (!is_valid(spec.loss)) throw Error("unknown loss");
  if (spec.loss == Loss::BCE && spec.output != Activation::Sigmoid)
    throw Error("the bce loss needs a sigmoid output layer (it is computed from the logits)");
  if (parameter_count(spec) > kMaxParameters)
    throw Error("model too large: " + std::to_string(parameter_count(spec)) + " parameters, at most " +
                std::to_string(kMaxParameters));
}

uint64_t parameter_count(const ModelSpec& spec) {
  uint64_t n = 0;
  for (size_t i = 0; i + 1 < spec.sizes.size(); ++i) {
    uint64_t in = static_cast<uint64_t>(spec.sizes[i]), out = static_cast<uint64_t>(spec.sizes[i + 1]);
    n += (spec.tied ? 1 : 2) * in * out + in + out;  // encoder W + b_out, decoder (W) + b_in
  }
  return n;
}

Autoencoder::Autoencoder(const ModelSpec& spec, uint64_t seed) : spec_(spec) {
  validate(spec_);
  const int E = spec_.encoder_layers();
  size_t offset = 0;
  auto add_layer = [&](int in, int out, Activation act, int tied_to) {
    Layer L{in, out, act, tied_to, 0, 0};
    if (tied_to < 0) {
      L.w_offset = offset;
      offset += static_cast<size_t>(in) * static_cast<size_t>(out);
    } else {
      L.w_offset = layers_[static_cast<size_t>(tied_to)].w_offset;
    }
    L.b_offset = offset;
    offset += static_cast<size_t>(out);
    layers_.push_back(L);
  };
  for (int l = 0; l < E; ++l)
    add_layer(spec_.sizes[l], spec_.sizes[l + 1], l == E - 1 ? spec_.latent : spec_.hidden, -1);
  for (int l = 0; l < E; ++l) {
    int mirror = E - 1 - l;  // encoder layer this decoder layer mirrors
    add_layer(spec_.sizes[mirror + 1], spec_.sizes[mirror], l == E - 1 ? spec_.output : spec_.hidden,
              spec_.tied ? mirror : -1);
  }
  params_.assign(offset, 0.0f);
  grads_.assign(offset, 0.0f);

  Rng rng(seed, /*stream=*/0x1417);
  for (int l = 0; l < num_layers(); ++l) {
    const Layer& L = layers_[static_cast<size_t>(l)];
    if (L.tied_to >= 0) continue;
    const bool relu_like = L.act == Activation::ReLU || L.act == Activation::LeakyReLU;
    // He (normal, std sqrt(2/in)) for ReLU layers; Xavier/Glorot uniform otherwise.
    const float he_std = std::sqrt(2.0f / static_cast<float>(L.in));
    const float xavier = std::sqrt(6.0f / static_cast<float>(L.in + L.out));
    float* w = params_.data() + L.w_offset;
    for (size_t i = 0, n = static_cast<size_t>(L.in) * static_cast<size_t>(L.out); i < n; ++i)
      w[i] = relu_like ? he_std * rng.normal() : rng.uniform(-xavier, xavier);
  }
}

Activation Autoencoder::activation(int l) const { return layers_[static_cast<size_t>(l)].act; }
Index Autoencoder::layer_inputs(int l) const { return layers_[static_cast<size_t>(l)].in; }
Index Autoencoder::layer_outputs(int l) const { return layers_[static_cast<size_t>(l)].out; }
Eigen::Map<const Mat> Autoencoder::weights(int l) const { return W(l); }
Eigen::Map<const Vec> Autoencoder::bias(int l) const { return b(l); }

void Autoencoder::forward_layers(int first, int last, const Mat& X, Workspace& ws) const {
  ws.Z.resize(layers_.size());
  ws.A.resize(layers_.size());
  for (int l = first; l < last; ++l) {
    const Mat& in = l == first ? X : ws.A[static_cast<size_t>(l - 1)];
    if (in.rows() != layers_[static_cast<size_t>(l)].in)
      throw Error("input has " + std::to_string(in.rows()) + " rows, layer expects " +
                  std::to_string(layers_[static_cast<size_t>(l)].in));
    Mat& Z = ws.Z[static_cast<size_t>(l)];
    Z.resize(layers_[static_cast<size_t>(l)].out, in.cols());
    if (is_tied(l))
      Z.noalias() = W(l).transpose() * in;
    else
      Z.noalias() = W(l) * in;
    Z.colwise() += b(l);
    activate(activation(l), Z, ws.A[static_cast<size_t>(l)]);
  }
}

const Mat& Autoencoder::forward(const Mat& X, Workspace& ws) const {
  forward_layers(0, num_layers(), X, ws);
  return ws.A.back();
}

double Autoencoder::loss_and_gradient(const Mat& X, const Mat& target, Workspace& ws) {
  forward(X, ws);
  const int n = num_layers();
  ws.dZ.resize(layers_.size());
  double loss = loss_and_grad(spec_.loss, spec_.output, ws.Z.back(), ws.A.back(), target, ws.dZ.back());
  zero_gradients();  // tied layers accumulate into one dW from two places
  for (int l = n - 1; l >= 0; --l) {
    const Mat& dZ = ws.dZ[static_cast<size_t>(l)];
    const Mat& in = l == 0 ? X : ws.A[static_cast<size_t>(l - 1)];
    if (is_tied(l))
      dW(l).noalias() += in * dZ.transpose();  // d(Wᵀ)ᵀ
    else
      dW(l).noalias() += dZ * in.transpose();
    db(l).noalias() += dZ.rowwise().sum();
    if (l == 0) break;
    Mat& dPrev = ws.dZ[static_cast<size_t>(l - 1)];
    dPrev.resize(in.rows(), in.cols());
    if (is_tied(l))
      dPrev.noalias() = W(l) * dZ;
    else
      dPrev.noalias() = W(l).transpose() * dZ;
    multiply_by_derivative(activation(l - 1), ws.Z[static_cast<size_t>(l - 1)], in, dPrev);
  }
  return loss;
}

Mat Autoencoder::reconstruct(const Mat& X) const {
  Workspace ws;
  return forward(X, ws);
}

Mat Autoencoder::encode(const Mat& X) const {
  Workspace ws;
  forward_layers(0, encoder_layers(), X, ws);
  return ws.A[static_cast<size_t>(encoder_layers() - 1)];
}

Mat Autoencoder::decode(const Mat& codes) const {
  Workspace ws;
  forward_layers(encoder_layers(), num_layers(), codes, ws);
  return ws.A.back();
}

std::vector<ParamRef> Autoencoder::parameter_refs() {
  std::vector<ParamRef> refs;
  for (int l = 0; l < num_layers(); ++l) {
    const Layer& L = layers_[static_cast<size_t>(l)];
    if (L.tied_to < 0)
      refs.push_back({params_.data() + L.w_offset, grads_.data() + L.w_offset,
                      static_cast<Index>(L.in) * L.out, true});
    refs.push_back({params_.data() + L.b_offset, grads_.data() + L.b_offset, L.out, false});
  }
  return refs;
}

void Autoencoder::zero_gradients() { std::fill(grads_.begin(), grads_.end(), 0.0f); }

}  // namespace ae
