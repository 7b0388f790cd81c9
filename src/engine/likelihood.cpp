#include "likelihood.h"

#include "error.h"

namespace ae {

const char* to_string(Likelihood l) { return l == Likelihood::Bernoulli ? "bernoulli" : "continuous"; }

bool is_valid(Likelihood l) { return l == Likelihood::Continuous || l == Likelihood::Bernoulli; }

Likelihood parse_likelihood(const std::string& name) {
  if (name == "continuous") return Likelihood::Continuous;
  if (name == "bernoulli") return Likelihood::Bernoulli;
  throw Error("unknown likelihood '" + name + "' (choose continuous or bernoulli)");
}

void binarize(const Mat& in, Mat& out, Rng& rng) {
  out.resize(in.rows(), in.cols());
  const float* src = in.data();
  float* dst = out.data();
  for (Index k = 0; k < in.size(); ++k) dst[k] = rng.uniform() < src[k] ? 1.0f : 0.0f;
}

Rng binarize_rng(uint64_t seed) { return Rng(seed, 7); }

Mat binarized(const Mat& images, uint64_t seed) {
  Rng rng = binarize_rng(seed);
  Mat out;
  binarize(images, out, rng);
  return out;
}

}  // namespace ae
