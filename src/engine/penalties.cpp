#include "penalties.h"

#include <cmath>

#include "error.h"

namespace ae {

const char* to_string(Penalty p) {
  switch (p) {
    case Penalty::None: return "none";
    case Penalty::L1: return "l1";
    case Penalty::KL: return "kl";
    case Penalty::Contractive: return "contractive";
  }
  return "?";
}

Penalty parse_penalty(const std::string& name) {
  for (auto p : {Penalty::None, Penalty::L1, Penalty::KL, Penalty::Contractive})
    if (name == to_string(p)) return p;
  throw Error("unknown penalty '" + name + "' (choose none, l1, kl, contractive)");
}

double l1_activity(float lambda, const Mat& H, Mat* dH) {
  const float per_image = 1.0f / static_cast<float>(H.cols());
  if (dH) dH->array() += (lambda * per_image) * H.array().sign();
  return lambda * H.cwiseAbs().cast<double>().sum() / static_cast<double>(H.cols());
}

double kl_sparsity(float beta, float rho, const Mat& H, Mat* dH) {
  // ρ̂ is clamped away from 0 and 1: the KL (and its gradient) is infinite there.
  const Vec rho_hat = mean_activation(H).array().max(1e-6f).min(1.0f - 1e-6f);
  const auto r = rho_hat.array().cast<double>();
  const double value = beta * (rho * (rho / r).log() + (1 - rho) * ((1 - rho) / (1 - r)).log()).sum();
  if (dH) {
    // ∂/∂h_ij = β (-ρ/ρ̂_j + (1-ρ)/(1-ρ̂_j)) · 1/B
    const Vec g = (beta / static_cast<float>(H.cols())) *
                  (-rho / rho_hat.array() + (1.0f - rho) / (1.0f - rho_hat.array())).matrix();
    dH->colwise() += g;
  }
  return value;
}

double contractive(float lambda, const Eigen::Ref<const Mat>& W, const Mat& X, const Mat& H,
                   Eigen::Ref<Mat> dW, Eigen::Ref<Vec> db) {
  const float per_image = 1.0f / static_cast<float>(H.cols());
  const Mat G = (H.array() * (1.0f - H.array())).square().matrix();  // (h(1-h))², units x B
  const Vec w2 = W.rowwise().squaredNorm();                           // ‖W_j‖²
  const double value = lambda * (G.transpose() * w2).cast<double>().sum() * per_image;
  // d/dW_j: 2 Σ_i G_ij W_j  +  ‖W_j‖² Σ_i 2 G_ij (1 - 2 h_ij) x_iᵀ ;  d/db_j: ‖W_j‖² Σ_i 2 G_ij (1 - 2 h_ij)
  const Mat D = (2.0f * G.array() * (1.0f - 2.0f * H.array())).matrix();
  const Vec row_sum = G.rowwise().sum();
  dW += (2.0f * lambda * per_image) * (row_sum.asDiagonal() * W);
  dW += (lambda * per_image) * (w2.asDiagonal() * (D * X.transpose()));
  db += (lambda * per_image) * w2.cwiseProduct(D.rowwise().sum());
  return value;
}

double gaussian_kl(float beta, const Mat& mu, const Mat& logvar, Mat& dmu, Mat& dlogvar) {
  const float per_image = 1.0f / static_cast<float>(mu.cols());
  const auto var = logvar.array().exp();
  const double value =
      -0.5 * beta * (1.0f + logvar.array() - mu.array().square() - var).cast<double>().sum() * per_image;
  dmu = (beta * per_image) * mu;
  dlogvar = ((0.5f * beta * per_image) * (var - 1.0f)).matrix();
  return value;
}

Vec mean_activation(const Mat& H) { return H.rowwise().mean(); }

}  // namespace ae
