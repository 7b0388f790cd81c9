// The VAE's log-likelihood by importance sampling (Burda, Grosse & Salakhutdinov 2015, "Importance Weighted
// Autoencoders"): with z_1..z_K drawn from q(z|x),
//
//   log p(x) >= L_K(x) = log (1/K) Σ_k w_k,   w_k = p(x|z_k) p(z_k) / q(z_k|x)
//
// a lower bound that rises with K toward log p(x) (L_1 is the ELBO in expectation); -L_5000 is the "test NLL"
// of the published tables. Computed with log-sum-exp in double; the K samples of one image go through the
// decoder as one matrix (in blocks of kImportanceBlock columns, so memory stays bounded at any K).
// For a Bernoulli VAE (likelihood.h) on binary images: log p(x|z) = Σ_i x_i l_i - softplus(l_i), l the logits.
#pragma once
#include <functional>
#include <vector>

#include "model.h"
#include "rng.h"

namespace ae {

constexpr int kMaxImportanceSamples = 100000;
constexpr Index kImportanceBlock = 500;

// Per image: the IWAE bound L_K(x) and the ELBO estimate, the mean of log w_k over the same K samples (so
// L_K(x) >= elbo(x) always: the log of a mean is at least the mean of the logs). Nats.
struct ImageLikelihood {
  double log_px = 0, elbo = 0;
};

// Throws ae::Error unless `model` is a Bernoulli VAE, K is in 1..kMaxImportanceSamples and x is binary with
// the model's input size. `rng` draws the ε of q(z|x) = N(μ, σ²).
ImageLikelihood importance_sampled(const Autoencoder& model, const Vec& x, int k, Rng& rng, Workspace& ws);

struct LikelihoodEstimate {
  int k = 0;
  Index images = 0;
  double nll = 0, nll_stderr = 0;    // -mean L_K(x) over the images, and its standard error (std / sqrt(n))
  double elbo = 0, elbo_stderr = 0;  // mean ELBO estimate (negative: higher is better), its standard error
};

// Over the columns of `images` (binary; see binarized() in likelihood.h), seeded. `progress(done)` (optional)
// is called after each image.
LikelihoodEstimate estimate_likelihood(const Autoencoder& model, const Mat& images, int k, uint64_t seed,
                                       const std::function<void(Index)>& progress = {});

// Why `model` has no likelihood to estimate (not a VAE, or a continuous one); empty when it has one.
std::string likelihood_refusal(const ModelSpec& spec);

}  // namespace ae
