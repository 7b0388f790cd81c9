// Regularisers of the autoencoder families, each a value (added to the per-image loss, i.e. averaged
// over the batch) and its exact gradient, accumulated into the caller's gradient buffers.
//   L1 activity      λ Σ_j |h_j|                              (mean over the batch)
//   KL sparsity      β Σ_j KL(ρ ‖ ρ̂_j),  ρ̂_j = mean over the batch of h_j ∈ (0,1)  (a batch statistic)
//   contractive      λ ‖∂h/∂x‖²_F = λ Σ_j (h_j(1-h_j))² ‖W_j‖²  for h = sigmoid(W x + b)   (Rifai et al. 2011)
//   Gaussian KL      KL(N(μ, σ²) ‖ N(0, I)) = -½ Σ (1 + log σ² - μ² - σ²)   (the VAE's, mean over the batch)
#pragma once
#include <string>

#include "tensor.h"

namespace ae {

enum class Penalty : uint8_t { None = 0, L1 = 1, KL = 2, Contractive = 3 };
const char* to_string(Penalty p);
Penalty parse_penalty(const std::string& name);  // none, l1, kl, contractive

// H: code (units x B). dH (same shape) gets the gradient added.
double l1_activity(float lambda, const Mat& H, Mat* dH);
double kl_sparsity(float beta, float rho, const Mat& H, Mat* dH);
// Mean over the batch of λ‖J‖²_F for one sigmoid layer H = sigmoid(W X + b); dW, db get the gradient added.
double contractive(float lambda, const Eigen::Ref<const Mat>& W, const Mat& X, const Mat& H,
                   Eigen::Ref<Mat> dW, Eigen::Ref<Vec> db);
// Mean over the batch of KL(N(mu, exp(logvar)) ‖ N(0, I)) times beta; gradients are written (not added).
double gaussian_kl(float beta, const Mat& mu, const Mat& logvar, Mat& dmu, Mat& dlogvar);

// Per-unit mean activation over a set of codes (ρ̂ for sparsity reports).
Vec mean_activation(const Mat& H);

}  // namespace ae
