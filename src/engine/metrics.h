// Reconstruction quality between clean images X and reconstructions Y (one image per column).
#pragma once
#include <vector>

#include "tensor.h"

namespace ae {

// Σ over pixels of (x - y)², averaged over images: the metric of Hinton & Salakhutdinov (2006).
double squared_error_per_image(const Mat& X, const Mat& Y);
double mse_per_pixel(const Mat& X, const Mat& Y);
// 10 log10(1 / MSE) for pixels in [0, 1]; +inf for a perfect reconstruction.
double psnr(const Mat& X, const Mat& Y);
// Binary cross-entropy of probabilities Y (clamped away from 0 and 1) for targets X, nats per image.
double bce_per_image(const Mat& X, const Mat& Y);
// Σ over pixels of (x - y)² for each image (column) on its own: the anomaly score of reconstruction error.
std::vector<double> squared_error_each(const Mat& X, const Mat& Y);

// Area under the ROC curve of a score meant to be higher for `positives` than for `negatives`: the
// probability that a random positive outscores a random negative, ties counted one half (the
// Mann–Whitney U statistic over n_pos·n_neg, from mid-ranks: O(n log n)). 0.5 is chance, 1 perfect.
double auroc(const std::vector<double>& negatives, const std::vector<double>& positives);

}  // namespace ae
