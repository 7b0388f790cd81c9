// Input corruption for denoising autoencoders and for the playground's noise panel. Pure functions of
// (clean input, noise spec, rng): no training details, so the browser and the trainer share them.
// Every pixel is corrupted independently:
//   gaussian σ     x + σ·N(0,1), clipped to [0,1] unless clip is off
//   mask p         x set to 0 with probability p                       (Vincent et al. 2008)
//   saltpepper p   x set to 0 or 1 (equally likely) with probability p
//   dropout p      x set to 0 with probability p, survivors scaled by 1/(1-p) (inverted dropout)
#pragma once
#include <string>

#include "rng.h"
#include "tensor.h"

namespace ae {

enum class NoiseKind : uint8_t { None = 0, Gaussian = 1, Mask = 2, SaltPepper = 3, Dropout = 4 };

struct NoiseSpec {
  NoiseKind kind = NoiseKind::None;
  float level = 0.0f;  // σ for gaussian, probability for the others
  bool clip = true;    // gaussian only: clip the result to [0, 1]
};

const char* to_string(NoiseKind k);
// "none", "gaussian:0.5", "mask:0.3", "saltpepper:0.2", "dropout:0.3" (also "gaussian:0.5:noclip").
NoiseSpec parse_noise(const std::string& text);
std::string to_string(const NoiseSpec& spec);
void validate(const NoiseSpec& spec);  // σ in [0, 10], probabilities in [0, 1)

void corrupt(const NoiseSpec& spec, const float* clean, float* out, Index n, Rng& rng);
void corrupt(const NoiseSpec& spec, const Mat& clean, Mat& out, Rng& rng);

}  // namespace ae
