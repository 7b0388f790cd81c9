// What the 2-D lab draws, computed from a trained model and its points (all 2 x N, one point per column):
// PCA's line, the decoder's curve, reconstructions, the field on a grid, Jacobian summaries, the VAE's spread.
#pragma once
#include <cstdint>
#include <vector>

#include "model.h"
#include "tensor.h"

namespace ae {

// The first principal component of 2-D points in closed form: the line through the mean along the direction
// of largest variance (unit length, sign chosen so dx >= 0 — and dy > 0 when dx = 0).
struct PcaLine {
  float mx = 0, my = 0;
  float dx = 1, dy = 0;
};
PcaLine pca_line(const Mat& points);  // at least 2 points
// Each point's orthogonal projection onto the line (PCA with k = 1 reconstructing it). 2 x N.
Mat project_on_line(const PcaLine& line, const Mat& points);

// The model's reconstruction r(x) = g(f(x)) of every point (VAE: z = μ), batched. 2 x N.
Mat reconstruct_points(const Autoencoder& model, const Mat& points);

// The decoder's image g(z) over the range of the codes of `points` (VAE: of μ), widened by `margin` of the
// range on each side: code size 1 gives one polyline of `samples` points; code size 2 gives `lines` polylines
// at fixed z1 and `lines` at fixed z2, each of `samples` points. Throws ae::Error for a model whose code is
// wider than 2 (cae, sparse).
std::vector<Mat> decoder_curve(const Autoencoder& model, const Mat& points, int samples = 200, int lines = 5,
                               float margin = 0.05f);

// A regular grid of nx x ny points over [x0, x1] x [y0, y1] (row by row, x fastest).
struct Grid {
  float x0 = -1, y0 = -1, x1 = 1, y1 = 1;
  int nx = 2, ny = 2;
  Mat points() const;  // 2 x (nx * ny)
};
// An n x n grid over the points' bounding box with each side twice the box's extent (same centre); a degenerate
// extent (all points on a vertical or horizontal line) takes the other side's extent (or 1 if both are 0).
Grid field_grid(const Mat& points, int n);

// Singular values s1 >= s2 >= 0 of a 2 x 2 Jacobian J and its leading left singular vector (ux, uy): J maps a
// small circle around the point to an ellipse with semi-axes s1 (along u) and s2, so u is the direction the
// reconstruction moves most (for a contractive model: along the manifold). Sign: ux > 0, or uy >= 0 when ux = 0
// (as jacobian.h's leading_singular_vectors turns its columns, for 2-D the same up to that rule).
struct JacobianSummary {
  float s1 = 0, s2 = 0;
  float ux = 1, uy = 0;
};
JacobianSummary summarize_jacobian(const Mat& J);  // J: 2 x 2
// The summary of the exact Jacobian of r = g∘f (jacobian.h's reconstruction_jacobians) at every point.
std::vector<JacobianSummary> jacobian_summaries(const Autoencoder& model, const Mat& points);

// VAE: `n` samples of the decoder over the prior, g(z) with z ~ N(0, I) (seeded), 2 x n — the spread of what
// the model generates around its curve.
Mat decoder_prior_samples(const Autoencoder& model, int n, uint64_t seed);

}  // namespace ae
