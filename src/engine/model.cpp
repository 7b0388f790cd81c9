#include "model.h"

#include <algorithm>
#include <cmath>

#include "contractive_jvp.h"
#include "error.h"
#include "kernels/gemm.h"
#include "model_plan.h"

namespace ae {

namespace {

// C = op(A)·op(B), or C += ... when accumulate: every GEMM of the layers goes through kernels::gemm
// (the packed simd128 kernel in WebAssembly, Eigen natively). C must already have its shape.
template <class MA, class MB, class MC>
void gemm(bool trans_a, bool trans_b, const MA& A, const MB& B, bool accumulate, MC& C) {
  const Index m = trans_a ? A.cols() : A.rows(), k = trans_a ? A.rows() : A.cols();
  const Index n = trans_b ? B.rows() : B.cols();
  kernels::gemm(trans_a, trans_b, int(m), int(n), int(k), A.data(), int(A.rows()), B.data(), int(B.rows()), accumulate,
                C.data(), int(C.rows()));
}

}  // namespace

Autoencoder::Autoencoder(const ModelSpec& spec, uint64_t seed) : spec_(spec) {
  validate(spec_);
  LayerPlan plan = plan_layers(spec_);
  for (const auto& it : plan.items)
    layers_.push_back({it.kind, it.in, it.out, it.act, it.tied_to, it.w_offset, it.b_offset, it.w_rows, it.w_cols,
                       it.geom, it.maps_out});
  params_.assign(static_cast<size_t>(plan.total), 0.0f);
  grads_.assign(static_cast<size_t>(plan.total), 0.0f);

  Rng rng(seed, /*stream=*/0x1417);
  for (const Layer& L : layers_) {
    if (L.tied_to >= 0) continue;
    // fan-in / fan-out of one output unit; a transposed convolution spreads each input over k²/s² outputs.
    double fan_in = L.w_cols, fan_out = L.w_rows;
    if (L.kind == LayerKind::ConvTranspose) {
      fan_in = double(L.w_rows) * L.geom.kernel * L.geom.kernel / (L.geom.stride * L.geom.stride);
      fan_out = L.w_cols;
    }
    const bool relu_like = L.act == Activation::ReLU || L.act == Activation::LeakyReLU;
    // He (normal, std sqrt(2/fan_in)) for ReLU layers; Xavier/Glorot uniform otherwise.
    const float he_std = static_cast<float>(std::sqrt(2.0 / fan_in));
    // Glorot & Bengio (2010): 4x the tanh range for hidden sigmoid units, whose slope at 0 is 1/4; without
    // it a narrow sigmoid code sits on a long plateau (predicting the mean digit) before it learns.
    // The output layer keeps the plain range: large initial logits there slow training down.
    const bool hidden_sigmoid = L.act == Activation::Sigmoid && &L != &layers_.back();
    const float xavier = static_cast<float>((hidden_sigmoid ? 4.0 : 1.0) * std::sqrt(6.0 / (fan_in + fan_out)));
    float* w = params_.data() + L.w_offset;
    for (size_t i = 0, n = size_t(L.w_rows) * size_t(L.w_cols); i < n; ++i)
      w[i] = relu_like ? he_std * rng.normal() : rng.uniform(-xavier, xavier);
  }
}

Activation Autoencoder::activation(int l) const { return layers_[static_cast<size_t>(l)].act; }
Index Autoencoder::layer_inputs(int l) const { return layers_[static_cast<size_t>(l)].in; }
Index Autoencoder::layer_outputs(int l) const { return layers_[static_cast<size_t>(l)].out; }
Eigen::Map<const Mat> Autoencoder::weights(int l) const { return W(l); }
Eigen::Map<const Vec> Autoencoder::bias(int l) const { return b(l); }
Eigen::Map<Vec> Autoencoder::mutable_bias(int l) {
  const Layer& L = layers_[static_cast<size_t>(l)];
  return {params_.data() + L.b_offset, bias_size(L)};
}

void Autoencoder::layer_forward(int l, const Mat& in, Workspace& ws) const {
  const Layer& L = layers_[static_cast<size_t>(l)];
  if (in.rows() != L.in)
    throw Error("input has " + std::to_string(in.rows()) + " rows, layer expects " + std::to_string(L.in));
  const size_t i = static_cast<size_t>(l);
  Mat& Z = ws.Z[i];
  switch (L.kind) {
    case LayerKind::Dense:
      Z.resize(L.out, in.cols());
      gemm(L.tied_to >= 0, false, W(l), in, false, Z);  // Z = W·in, or Wᵀ·in for a tied decoder layer
      Z.colwise() += b(l);
      break;
    case LayerKind::Conv: {  // cols = im2col(in); rows = W cols + b; Z = maps(rows)
      im2col(L.geom, in, ws.cols[i]);
      ws.tmp[i].resize(L.w_rows, ws.cols[i].cols());
      gemm(false, false, W(l), ws.cols[i], false, ws.tmp[i]);
      ws.tmp[i].colwise() += b(l);
      rows_to_maps(ws.tmp[i], L.maps_out, in.cols(), Z);
      break;
    }
    case LayerKind::ConvTranspose: {  // rows = rows(in); cols = Wᵀ rows; Z = col2im(cols) + b
      maps_to_rows(in, L.w_rows, ws.tmp[i]);
      ws.cols[i].resize(L.w_cols, ws.tmp[i].cols());
      gemm(true, false, W(l), ws.tmp[i], false, ws.cols[i]);
      col2im(L.geom, ws.cols[i], Z);
      const Index pixels = Index(L.geom.height) * L.geom.width;
      for (int c = 0; c < L.maps_out; ++c) Z.middleRows(c * pixels, pixels).array() += b(l)[c];
      break;
    }
  }
  activate(L.act, Z, ws.A[i]);
}

void Autoencoder::layer_backward(int l, const Mat& in, Workspace& ws, Mat* dIn) {
  const Layer& L = layers_[static_cast<size_t>(l)];
  const size_t i = static_cast<size_t>(l);
  const Mat& dZ = ws.dZ[i];
  switch (L.kind) {
    case LayerKind::Dense: {
      auto dw = dW(l);
      if (L.tied_to >= 0) gemm(false, true, in, dZ, true, dw);  // d(Wᵀ)ᵀ: dW += in·dZᵀ
      else gemm(false, true, dZ, in, true, dw);                  // dW += dZ·inᵀ
      add_column_sums(dZ, db(l));
      if (dIn) {
        dIn->resize(in.rows(), in.cols());
        gemm(L.tied_to < 0, false, W(l), dZ, false, *dIn);  // dIn = Wᵀ·dZ (tied: W·dZ)
      }
      break;
    }
    case LayerKind::Conv: {
      Mat& G = ws.tmp[i];  // the forward rows are not needed any more: reuse the buffer
      maps_to_rows(dZ, L.maps_out, G);
      auto dw = dW(l);
      gemm(false, true, G, ws.cols[i], true, dw);
      add_column_sums(G, db(l));
      if (dIn) {
        gemm(true, false, W(l), G, false, ws.cols[i]);  // same shape as the forward cols
        col2im(L.geom, ws.cols[i], *dIn);
      }
      break;
    }
    case LayerKind::ConvTranspose: {
      im2col(L.geom, dZ, ws.cols[i]);  // D = im2col(dZ): the forward cols are not needed any more
      auto dw = dW(l);
      gemm(false, true, ws.tmp[i], ws.cols[i], true, dw);
      const Index pixels = Index(L.geom.height) * L.geom.width;
      for (int c = 0; c < L.maps_out; ++c) db(l)[c] += dZ.middleRows(c * pixels, pixels).sum();
      if (dIn) {
        gemm(false, false, W(l), ws.cols[i], false, ws.tmp[i]);  // same shape as the forward rows
        rows_to_maps(ws.tmp[i], L.w_rows, dZ.cols(), *dIn);
      }
      break;
    }
  }
}

void Autoencoder::forward_range(int first, int last, const Mat& X, Workspace& ws) const {
  const size_t n = layers_.size();
  if (ws.Z.size() != n) {
    ws.Z.resize(n), ws.A.resize(n), ws.dZ.resize(n), ws.cols.resize(n), ws.tmp.resize(n);
  }
  for (int l = first; l < last; ++l) layer_forward(l, l == first ? X : ws.A[static_cast<size_t>(l - 1)], ws);
}

const Mat& Autoencoder::forward_train(const Mat& X, Workspace& ws) const {
  const int E = encoder_layers();
  forward_range(0, E, X, ws);
  const Mat& code = ws.A[static_cast<size_t>(E - 1)];
  if (spec_.code_noise > 0) {  // semantic hashing: the noise is additive, so dZ passes through it unchanged
    Mat& z = ws.Z[static_cast<size_t>(E - 1)];
    for (Index k = 0; k < z.size(); ++k) z.data()[k] += spec_.code_noise * ws.rng.normal();
    activate(spec_.latent, z, ws.A[static_cast<size_t>(E - 1)]);
  }
  if (spec_.family != Family::Vae) {
    forward_range(E, num_layers(), code, ws);
    return code;
  }
  const Index L = latent_size(), B = X.cols();
  ws.eps.resize(L, B);
  for (Index k = 0; k < ws.eps.size(); ++k) ws.eps.data()[k] = ws.rng.normal();
  ws.z.resize(L, B);
  ws.z.array() = code.topRows(L).array() + (0.5f * code.bottomRows(L).array()).exp() * ws.eps.array();
  forward_range(E, num_layers(), ws.z, ws);
  return ws.z;
}

const Mat& Autoencoder::forward(const Mat& X, Workspace& ws) const {
  const int E = encoder_layers();
  forward_range(0, E, X, ws);
  if (spec_.family == Family::Vae) {
    ws.z = ws.A[static_cast<size_t>(E - 1)].topRows(latent_size());  // z = μ
    forward_range(E, num_layers(), ws.z, ws);
  } else {
    forward_range(E, num_layers(), ws.A[static_cast<size_t>(E - 1)], ws);
  }
  return ws.A.back();
}

LossParts Autoencoder::penalty_and_loss(const Mat& X, const Mat& target, Workspace& ws, bool with_grad) {
  const Mat& decoder_input = forward_train(X, ws);
  const int E = encoder_layers();
  const Mat& code = ws.A[static_cast<size_t>(E - 1)];
  LossParts parts;
  if (target.rows() != ws.A.back().rows() || target.cols() != ws.A.back().cols())
    throw Error("the targets have " + std::to_string(target.rows()) + " values per image, the model's output " +
                std::to_string(ws.A.back().rows()) + " (" + std::to_string(spec_.out_channels) + " channel(s))");
  if (with_grad) {
    zero_gradients();  // tied layers accumulate into one dW from two places
    parts.reconstruction = loss_and_grad(spec_.loss, spec_.output, ws.Z.back(), ws.A.back(), target, ws.dZ.back());
  } else {
    parts.reconstruction = loss_value(spec_.loss, spec_.output, ws.Z.back(), ws.A.back(), target);
  }
  Mat* dcode = nullptr;
  if (with_grad && (spec_.penalty == Penalty::L1 || spec_.penalty == Penalty::KL)) {
    ws.dcode.setZero(code.rows(), code.cols());
    dcode = &ws.dcode;
  }
  switch (spec_.penalty) {
    case Penalty::None: break;
    case Penalty::L1: parts.penalty = l1_activity(spec_.penalty_weight, code, dcode); break;
    case Penalty::KL: parts.penalty = kl_sparsity(spec_.penalty_weight, spec_.sparsity_target, code, dcode); break;
    case Penalty::Contractive:
      if (!contractive_closed_form(spec_)) {
        parts.penalty = contractive_deep(X, ws, with_grad);
      } else if (with_grad) {
        parts.penalty = contractive(spec_.penalty_weight, W(0), X, code, dW(0), db(0));
      } else {
        Mat scratch_w = Mat::Zero(W(0).rows(), W(0).cols());
        Vec scratch_b = Vec::Zero(b(0).size());
        parts.penalty = contractive(spec_.penalty_weight, W(0), X, code, scratch_w, scratch_b);
      }
      break;
  }
  if (spec_.family == Family::Vae) {
    const Index L = latent_size();
    parts.penalty = gaussian_kl(spec_.beta, code.topRows(L), code.bottomRows(L), ws.dmu, ws.dlogvar);
  }
  if (!with_grad) return parts;

  // Backward through the decoder, then (VAE) through the sampling step, then the encoder.
  const int n = num_layers();
  for (int l = n - 1; l >= E; --l) {
    const Mat& in = l == E ? decoder_input : ws.A[static_cast<size_t>(l - 1)];
    Mat* dIn = l == E ? &ws.dZ[static_cast<size_t>(E - 1)] : &ws.dZ[static_cast<size_t>(l - 1)];
    if (spec_.family == Family::Vae && l == E) dIn = &ws.dcode;  // ∂loss/∂z
    layer_backward(l, in, ws, dIn);
    if (l > E) multiply_by_derivative(activation(l - 1), ws.Z[static_cast<size_t>(l - 1)], ws.A[static_cast<size_t>(l - 1)], *dIn);
  }
  Mat& dcode_total = ws.dZ[static_cast<size_t>(E - 1)];
  if (spec_.family == Family::Vae) {
    // z = μ + exp(½ log σ²) ε:  ∂z/∂μ = 1,  ∂z/∂log σ² = ½ exp(½ log σ²) ε
    const Index L = latent_size();
    dcode_total.resize(2 * L, X.cols());
    dcode_total.topRows(L) = ws.dcode + ws.dmu;
    dcode_total.bottomRows(L).array() =
        ws.dcode.array() * 0.5f * (0.5f * code.bottomRows(L).array()).exp() * ws.eps.array() + ws.dlogvar.array();
  } else {
    if (dcode) dcode_total += *dcode;
    multiply_by_derivative(activation(E - 1), ws.Z[static_cast<size_t>(E - 1)], code, dcode_total);
  }
  for (int l = E - 1; l >= 0; --l) {
    const Mat& in = l == 0 ? X : ws.A[static_cast<size_t>(l - 1)];
    Mat* dIn = l == 0 ? nullptr : &ws.dZ[static_cast<size_t>(l - 1)];
    layer_backward(l, in, ws, dIn);
    if (dIn) multiply_by_derivative(activation(l - 1), ws.Z[static_cast<size_t>(l - 1)], ws.A[static_cast<size_t>(l - 1)], *dIn);
  }
  return parts;
}

double Autoencoder::contractive_deep(const Mat& X, const Workspace& ws, bool with_grad) {
  const Autoencoder& self = *this;
  std::vector<ContractiveLayer> layers;
  for (int l = 0; l < encoder_layers(); ++l) {
    const auto i = static_cast<size_t>(l);
    layers.push_back(ContractiveLayer{self.W(l), activation(l), ws.Z[i], ws.A[i], with_grad ? dW(l).data() : nullptr,
                                      with_grad ? db(l).data() : nullptr});
  }
  return contractive_forward_mode(spec_.penalty_weight, layers, X);
}

double Autoencoder::loss_and_gradient(const Mat& X, const Mat& target, Workspace& ws) {
  last_loss_ = penalty_and_loss(X, target, ws, true);
  return last_loss_.total();
}

LossParts Autoencoder::evaluate(const Mat& X, const Mat& target, Workspace& ws) const {
  return const_cast<Autoencoder*>(this)->penalty_and_loss(X, target, ws, false);  // no parameter is written
}

Mat Autoencoder::reconstruct(const Mat& X) const {
  Workspace ws;
  return forward(X, ws);
}

Mat Autoencoder::encode(const Mat& X) const {
  Workspace ws;
  forward_range(0, encoder_layers(), X, ws);
  const Mat& code = ws.A[static_cast<size_t>(encoder_layers() - 1)];
  return spec_.family == Family::Vae ? Mat(code.topRows(latent_size())) : code;
}

void Autoencoder::encode_distribution(const Mat& X, Mat& mu, Mat& logvar) const {
  if (spec_.family != Family::Vae) throw Error("encode_distribution is for the VAE");
  Workspace ws;
  forward_range(0, encoder_layers(), X, ws);
  const Mat& code = ws.A[static_cast<size_t>(encoder_layers() - 1)];
  mu = code.topRows(latent_size());
  logvar = code.bottomRows(latent_size());
}

Mat Autoencoder::decode(const Mat& codes) const {
  if (codes.rows() != latent_size())
    throw Error("codes have " + std::to_string(codes.rows()) + " rows, the model's code has " + std::to_string(latent_size()));
  Workspace ws;
  forward_range(encoder_layers(), num_layers(), codes, ws);
  return ws.A.back();
}

const Mat& Autoencoder::decode_into(const Mat& codes, Workspace& ws) const {
  if (codes.rows() != latent_size())
    throw Error("codes have " + std::to_string(codes.rows()) + " rows, the model's code has " +
                std::to_string(latent_size()));
  forward_range(encoder_layers(), num_layers(), codes, ws);
  return ws.A.back();
}

Mat Autoencoder::sample(Index n, Rng& rng) const {
  Mat z(latent_size(), n);
  for (Index k = 0; k < z.size(); ++k) z.data()[k] = rng.normal();
  return decode(z);
}

std::vector<ParamRef> Autoencoder::parameter_refs() {
  std::vector<ParamRef> refs;
  for (const Layer& L : layers_) {
    if (L.tied_to < 0)
      refs.push_back({params_.data() + L.w_offset, grads_.data() + L.w_offset, Index(L.w_rows) * L.w_cols, true});
    refs.push_back({params_.data() + L.b_offset, grads_.data() + L.b_offset, bias_size(L), false});
  }
  return refs;
}

void Autoencoder::zero_gradients() { std::fill(grads_.begin(), grads_.end(), 0.0f); }

}  // namespace ae
