// The VAE's likelihood p(x|z): what its reconstruction term means and which data it is a probability of.
//
//   continuous  today's VAE: the reconstruction loss (BCE or MSE) on grey-level intensities in [0, 1]. A
//               training objective, not the log-probability of the images (BCE on grey levels is not a
//               normalised density), so `aeplay nll` refuses it.
//   bernoulli   p(x|z) = Π_i p_i^x_i (1 - p_i)^(1 - x_i), p = sigmoid(decoder logits), on binary images:
//               -log p(x|z) is the BCE. Trained on dynamically binarized MNIST (every batch draws each pixel
//               as Bernoulli(intensity), afresh each epoch), tested on one fixed-seed stochastic binarization
//               of the test set (Burda et al. 2015), the setting of the published likelihood tables.
#pragma once
#include <cstdint>
#include <string>

#include "rng.h"
#include "tensor.h"

namespace ae {

enum class Likelihood : uint8_t { Continuous = 0, Bernoulli = 1 };

const char* to_string(Likelihood l);                   // "continuous", "bernoulli"
Likelihood parse_likelihood(const std::string& name);  // throws ae::Error naming the choices
bool is_valid(Likelihood l);

// The seed of the fixed binarization of a test set (aeplay nll, the test loss of a Bernoulli VAE, eval).
constexpr uint64_t kBinarizeSeed = 2015;

// out(i, j) = 1 with probability in(i, j) (0 at or below 0, 1 at or above 1), else 0; draws one uniform per value,
// column by column, so binarizing a matrix in consecutive column blocks with one Rng gives the same bits as all at
// once.
void binarize(const Mat& in, Mat& out, Rng& rng);
// The fixed-seed stochastic binarization of `images` (kBinarizeSeed unless told).
Mat binarized(const Mat& images, uint64_t seed = kBinarizeSeed);
// An Rng for binarizing: stream 7 of `seed`, used by the trainer's test pass and by binarized().
Rng binarize_rng(uint64_t seed);

}  // namespace ae
