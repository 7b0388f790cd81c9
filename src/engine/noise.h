// Input corruption for denoising autoencoders and for the playground's noise panel. Pure functions of
// (clean input, noise spec, rng): no training details, so the browser and the trainer share them.
// Noise corrupts every pixel independently:
//   gaussian σ     x + σ·N(0,1), clipped to [0,1] unless clip is off
//   mask p         x set to 0 with probability p                       (Vincent et al. 2008)
//   saltpepper p   x set to 0 or 1 (equally likely) with probability p
//   dropout p      x set to 0 with probability p, survivors scaled by 1/(1-p) (inverted dropout)
// Degradations act on whole 28x28 images (n must be a multiple of 784):
//   block S        a square of side S at a random place (uniform over the positions inside) set to 0
//   half SIDE      the top, bottom, left or right 14 rows/columns set to 0 (no randomness)
//   down F         box-filtered to (28/F)^2 and back up to 28x28, bilinear or nearest (no randomness)
#pragma once
#include <string>

#include "resample.h"
#include "rng.h"
#include "tensor.h"

namespace ae {

enum class NoiseKind : uint8_t {
  None = 0, Gaussian = 1, Mask = 2, SaltPepper = 3, Dropout = 4, Block = 5, Half = 6, Down = 7
};
enum class HalfSide : uint8_t { Top = 0, Bottom = 1, Left = 2, Right = 3 };

struct NoiseSpec {
  NoiseKind kind = NoiseKind::None;
  float level = 0.0f;  // σ for gaussian, probability for the pixel noises; block: side; half: HalfSide; down: factor
  bool clip = true;    // gaussian only: clip the result to [0, 1]
  Upsample upsample = Upsample::Bilinear;  // down only: bilinear or nearest
};

// The noise kinds' facts, written once: every front end (the ImGui panels, the URL parser, the CLI's usage,
// the page's JS through aeplay_facts()) reads its names, labels, ranges and defaults from here, and validate()
// enforces the same `min`/`max`. One row per NoiseKind, in its order (static_asserts in noise.cpp).
struct NoiseKindInfo {
  NoiseKind kind;
  const char* name;        // in specs, URLs and messages: "gaussian"
  const char* label;       // as the panels and the accessible strip show it: "Gaussian"
  const char* level_name;  // what the level is: "sigma", "fraction", "side", "half", "factor" ("" for none)
  float min, max;          // accepted levels (probabilities exclude max: [0, 1))
  bool max_exclusive;
  float slider_max;        // the sliders' upper end (larger values come only from the URL, API or CLI)
  float default_level;     // a new spec of this kind: URL without level=, the strip, the panels
  float step;              // the sliders' and the keyboard's step
  bool pixel_noise;        // corrupts each pixel independently (trainable as a DAE's noise)
};
inline constexpr NoiseKindInfo kNoiseKinds[] = {
    {NoiseKind::None, "none", "none", "", 0, 0, false, 0, 0, 0, true},
    {NoiseKind::Gaussian, "gaussian", "Gaussian", "sigma", 0, 10, false, 1.0f, 0.5f, 0.05f, true},
    {NoiseKind::Mask, "mask", "masking", "fraction", 0, 1, true, 0.9f, 0.3f, 0.05f, true},
    {NoiseKind::SaltPepper, "saltpepper", "salt & pepper", "fraction", 0, 1, true, 0.9f, 0.2f, 0.05f, true},
    {NoiseKind::Dropout, "dropout", "dropout", "fraction", 0, 1, true, 0.9f, 0.3f, 0.05f, true},
    {NoiseKind::Block, "block", "hole", "side", 1, 28, false, 28, 12, 1, false},
    {NoiseKind::Half, "half", "hidden half", "half", 0, 3, false, 3, 1, 1, false},
    {NoiseKind::Down, "down", "low resolution", "factor", 2, 7, false, 7, 2, 1, false},
};
constexpr int kNoiseKindCount = static_cast<int>(sizeof kNoiseKinds / sizeof kNoiseKinds[0]);
constexpr int kPixelNoiseKindCount = 5;  // None..Dropout: the first rows, the ones a DAE trains with
constexpr const NoiseKindInfo& noise_info(NoiseKind k) { return kNoiseKinds[static_cast<int>(k)]; }
// The row named `name` (the table's names and parse_noise's aliases "salt-pepper", "snp"), or nullptr.
const NoiseKindInfo* find_noise_kind(const std::string& name);
// The kinds' spec syntax, from the table: "none, gaussian:SIGMA, mask:P, ..., down:2|4|7[:nearest]"; the pixel
// noises (with none), the degradations, or both.
std::string noise_syntax(bool pixel_noises = true, bool degradations = true);
// A new spec of kind k at the table's default level (half: HalfSide::Bottom).
inline NoiseSpec default_spec(NoiseKind k) { return {k, noise_info(k).default_level, true, Upsample::Bilinear}; }

constexpr int kImageSide = 28;  // the degradations' image geometry (MNIST)
bool is_occlusion(NoiseKind k);  // block or half: corrupt() zeroes the pixels occlusion_mask() marks 0

const char* to_string(NoiseKind k);
// "none", "gaussian:0.5", "mask:0.3", "saltpepper:0.2", "dropout:0.3" (also "gaussian:0.5:noclip"),
// "block:10", "half:top|bottom|left|right", "down:2|4|7" (also "down:2:nearest", "down:2:bilinear").
NoiseSpec parse_noise(const std::string& text);
std::string to_string(const NoiseSpec& spec);
void validate(const NoiseSpec& spec);  // σ in [0, 10], probabilities in [0, 1), block 1..28, down 2|4|7

void corrupt(const NoiseSpec& spec, const float* clean, float* out, Index n, Rng& rng);
void corrupt(const NoiseSpec& spec, const Mat& clean, Mat& out, Rng& rng);
// Occlusions: 1 where the pixel stays, 0 where it is hidden, for n/784 images. Draws from rng exactly
// as corrupt() does, so the same seed gives the mask of the same corruption.
void occlusion_mask(const NoiseSpec& spec, float* mask, Index n, Rng& rng);

}  // namespace ae
