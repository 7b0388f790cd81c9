// Resampling of square grayscale images (row-major, side x side floats): the box filter that makes a
// low-resolution digit, and the upsamplers that bring it back (the super-resolution baselines).
// Upsampling maps output pixel centres onto the small grid: u = (x + 0.5) / f - 0.5, edges clamped,
// so every output pixel is a convex combination of inputs (bicubic excepted: it can overshoot, and is
// clipped to [0, 1]).
#pragma once
#include "tensor.h"

namespace ae {

enum class Upsample : uint8_t { Bilinear = 0, Nearest = 1, Bicubic = 2 };
const char* to_string(Upsample u);

// `side` must be divisible by `factor`: out is (side/factor)^2, each the mean of a factor x factor block.
void box_downsample(const float* in, int side, int factor, float* out);
// in is (side/factor)^2, out is side^2.
void upsample(const float* in, int side, int factor, Upsample how, float* out);

// Whole matrices of 28x28 images (one per column): down by `factor`, back up by `how`.
Mat low_resolution(const Mat& images, int factor, Upsample how);

}  // namespace ae
