// Reconstruction quality between clean images X and reconstructions Y (one image per column).
#pragma once
#include "tensor.h"

namespace ae {

// Σ over pixels of (x - y)², averaged over images: the metric of Hinton & Salakhutdinov (2006).
double squared_error_per_image(const Mat& X, const Mat& Y);
double mse_per_pixel(const Mat& X, const Mat& Y);
// 10 log10(1 / MSE) for pixels in [0, 1]; +inf for a perfect reconstruction.
double psnr(const Mat& X, const Mat& Y);
// Binary cross-entropy of probabilities Y (clamped away from 0 and 1) for targets X, nats per image.
double bce_per_image(const Mat& X, const Mat& Y);

}  // namespace ae
