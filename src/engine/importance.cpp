#include "importance.h"

#include <algorithm>
#include <cmath>

#include "error.h"

namespace ae {

std::string likelihood_refusal(const ModelSpec& spec) {
  if (spec.family != Family::Vae)
    return std::string("the ") + family_info(spec.family).label +
           " is not a generative model: a likelihood needs a VAE (train one with --preset vae-bernoulli)";
  if (spec.likelihood != Likelihood::Bernoulli)
    return std::string("this VAE has a continuous likelihood (loss ") + to_string(spec.loss) +
           " on grey levels), which is a training objective rather than a normalised density of the images; "
           "the published test NLLs are for a Bernoulli decoder on binarized MNIST: train one with --preset "
           "vae-bernoulli (or --likelihood bernoulli)";
  return {};
}

namespace {

void check_inputs(const Autoencoder& model, const Vec& x, int k) {
  const std::string why = likelihood_refusal(model.spec());
  if (!why.empty()) throw Error(why);
  if (k < 1 || k > kMaxImportanceSamples)
    throw Error("the number of importance samples K must be in 1.." + std::to_string(kMaxImportanceSamples) + ", got " +
                std::to_string(k));
  if (x.size() != model.spec().input_size())
    throw Error("the image has " + std::to_string(x.size()) + " pixels, the model expects " +
                std::to_string(model.spec().input_size()));
  for (Index i = 0; i < x.size(); ++i)
    if (x[i] != 0.0f && x[i] != 1.0f)
      throw Error("a Bernoulli likelihood needs binary images (pixels 0 or 1): binarize them first");
}

}  // namespace

ImageLikelihood importance_sampled(const Autoencoder& model, const Vec& x, int k, Rng& rng, Workspace& ws) {
  check_inputs(model, x, k);
  Mat mu, logvar;
  model.encode_distribution(x, mu, logvar);
  const Index L = model.latent_size();
  const Vec sigma = (0.5f * logvar.array()).exp().matrix();
  // The part of log p(z) - log q(z|x) that does not depend on z: ½ Σ log σ² (the 2π terms cancel).
  const double half_logvar = 0.5 * logvar.cast<double>().sum();
  std::vector<double> log_w(static_cast<size_t>(k));
  Mat eps, z;
  for (Index start = 0; start < k; start += kImportanceBlock) {
    const Index n = std::min<Index>(kImportanceBlock, k - start);
    eps.resize(L, n);
    for (Index j = 0; j < eps.size(); ++j) eps.data()[j] = rng.normal();
    z = (eps.array().colwise() * sigma.array()).colwise() + mu.col(0).array();
    model.decode_into(z, ws);
    const Mat& logits = ws.Z.back();
    // log p(x|z) = Σ_i x_i l_i - softplus(l_i), softplus(l) = max(l, 0) + log(1 + e^-|l|), stable for any l.
    const auto a = logits.array();
    const Eigen::RowVectorXf log_pxz =
        ((a.colwise() * x.array()) - (a.max(0.0f) + (-a.abs()).exp().log1p())).colwise().sum();
    const Eigen::RowVectorXf prior_ratio = 0.5f * (eps.array().square() - z.array().square()).colwise().sum();
    for (Index j = 0; j < n; ++j)
      log_w[static_cast<size_t>(start + j)] = double(log_pxz[j]) + double(prior_ratio[j]) + half_logvar;
  }
  const double top = *std::max_element(log_w.begin(), log_w.end());
  double sum = 0, mean = 0;
  for (double v : log_w) sum += std::exp(v - top), mean += v;
  return {top + std::log(sum / k), mean / k};
}

LikelihoodEstimate estimate_likelihood(const Autoencoder& model, const Mat& images, int k, uint64_t seed,
                                       const std::function<void(Index)>& progress) {
  LikelihoodEstimate e;
  e.k = k;
  e.images = images.cols();
  if (images.cols() == 0) throw Error("no images to estimate the likelihood of");
  Rng rng(seed, 11);
  Workspace ws;
  double s1 = 0, s2 = 0, e1 = 0, e2 = 0;
  for (Index i = 0; i < images.cols(); ++i) {
    const ImageLikelihood r = importance_sampled(model, images.col(i), k, rng, ws);
    s1 += r.log_px, s2 += r.log_px * r.log_px, e1 += r.elbo, e2 += r.elbo * r.elbo;
    if (progress) progress(i + 1);
  }
  const double n = static_cast<double>(images.cols());
  auto stderr_of = [n](double sum, double squares) {
    return n > 1 ? std::sqrt(std::max(0.0, (squares - sum * sum / n) / (n - 1)) / n) : 0.0;
  };
  e.nll = -s1 / n;
  e.nll_stderr = stderr_of(s1, s2);
  e.elbo = e1 / n;
  e.elbo_stderr = stderr_of(e1, e2);
  return e;
}

}  // namespace ae
