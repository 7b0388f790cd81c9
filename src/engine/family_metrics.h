// Each family's own figures on a data set, for `aeplay eval` and the playground:
//   sparsity      ρ̂_j = mean activation of code unit j (sigmoid codes: against the target ρ);
//                 for other codes the fraction of (near-)zero activations
//   contractive   mean ‖∂h/∂x‖²_F (closed form: one sigmoid encoder layer)
//   VAE           ELBO = E_q[log p(x|z)] - KL(q(z|x) ‖ N(0,I)), nats per image (one sample of z, seeded)
#pragma once
#include "model.h"

namespace ae {

struct FamilyReport {
  Vec rho_hat;                         // mean activation per code unit
  double mean_activation = 0;          // mean of rho_hat
  double zero_fraction = 0;            // fraction of code activations with |h| < 1e-3
  bool has_contractive = false;
  double contractive_norm = 0;         // mean ‖J‖²_F
  bool has_elbo = false;
  double elbo = 0, kl = 0, reconstruction_nll = 0;  // nats per image (VAE)
};

FamilyReport family_report(const Autoencoder& model, const Mat& data, uint64_t seed = 12345);

}  // namespace ae
