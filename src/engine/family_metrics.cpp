#include "family_metrics.h"

#include <cmath>

#include "losses.h"

namespace ae {

FamilyReport family_report(const Autoencoder& model, const Mat& data, uint64_t seed) {
  FamilyReport r;
  const ModelSpec& s = model.spec();
  const Index chunk = 500;
  Vec sum = Vec::Zero(model.latent_size());
  double zeros = 0, contractive = 0, kl = 0, nll = 0;
  Workspace ws;
  ws.rng = Rng(seed, 10);
  // A Bernoulli VAE is scored on the fixed binarization of the data (likelihood.h), chunk by chunk.
  const bool binary = s.likelihood == Likelihood::Bernoulli;
  Rng bits = binarize_rng(kBinarizeSeed);
  const FamilyInfo& family = family_info(s.family);
  const bool contractive_closed_form =
      family.has(kContractive) && s.sizes.size() == 2 && s.latent == Activation::Sigmoid;
  for (Index pos = 0; pos < data.cols(); pos += chunk) {
    const Index m = std::min(chunk, data.cols() - pos);
    Mat x = data.middleCols(pos, m);
    if (binary) {
      Mat b;
      binarize(x, b, bits);
      x.swap(b);
    }
    const Mat h = model.encode(x);
    sum += h.rowwise().sum();
    zeros += static_cast<double>((h.array().abs() < 1e-3f).count());
    if (contractive_closed_form) {
      const Mat g = (h.array() * (1.0f - h.array())).square().matrix();
      contractive += (g.transpose() * model.weights(0).rowwise().squaredNorm()).cast<double>().sum();
    }
    if (family.variational) {
      Mat mu, logvar, dmu, dlv;
      model.encode_distribution(x, mu, logvar);
      kl += gaussian_kl(1.0f, mu, logvar, dmu, dlv) * static_cast<double>(m);
      Mat z = mu;
      for (Index k = 0; k < z.size(); ++k) z.data()[k] += std::exp(0.5f * logvar.data()[k]) * ws.rng.normal();
      const Mat out = model.decode(z);
      // log p(x|z): Bernoulli likelihood of the pixels (BCE), as in Kingma & Welling's MNIST experiments.
      const auto p = out.array().max(1e-7f).min(1.0f - 1e-7f).cast<double>();
      const auto t = x.array().cast<double>();
      nll += -(t * p.log() + (1 - t) * (1 - p).log()).sum();
    }
  }
  const double n = static_cast<double>(data.cols());
  r.rho_hat = sum / static_cast<float>(n);
  r.mean_activation = r.rho_hat.mean();
  r.zero_fraction = zeros / (n * model.latent_size());
  if (contractive_closed_form) r.has_contractive = true, r.contractive_norm = contractive / n;
  if (family.variational) {
    r.has_elbo = true;
    r.kl = kl / n;
    r.reconstruction_nll = nll / n;
    r.elbo = -(r.kl + r.reconstruction_nll);
  }
  return r;
}

}  // namespace ae
