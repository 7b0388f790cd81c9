// How well the 2-D lab's views match a known curve: the measured numbers behind the tests and docs/results.md.
#pragma once
#include <vector>

#include "manifold_views.h"
#include "tensor.h"
#include "toy_data.h"

namespace ae {

// The denoising field r(x) - x at grid points against the direction to the nearest curve point.
struct FieldAlignment {
  int near_points = 0;         // grid points within `band` of the curve (and not on it: distance > 1e-6)
  float within_fraction = 0;   // of those, the fraction whose arrow is within `max_angle_deg` of the direction
  float median_angle_deg = 0;  // median angle between arrow and direction (degrees, 0..180)
  // Median of |r(x) - x| / d over the near points (d = the distance to the curve). Alain & Bengio (2014):
  // r(x) - x ≈ σ² ∇log p(x); for points spread s around the curve smoothed by training noise σ this is
  // d σ²/(σ² + s²) towards the curve, so a model trained on clean points (s ≈ 0) moves a point most of the way.
  float median_length_ratio = 0;
};
// grid: 2 x M points, recon: their reconstructions r (2 x M).
FieldAlignment field_alignment(const Mat& grid, const Mat& recon, const std::vector<Mat>& curves, float band = 0.3f,
                               float max_angle_deg = 30.0f);

// Angle (degrees, 0..90: a direction has no sign) between each summary's leading direction and the curve's
// tangent at the point nearest to the corresponding point.
std::vector<float> tangent_angles(const Mat& points, const std::vector<JacobianSummary>& jacobians,
                                  const std::vector<Mat>& curves);

// The largest distance from any of `polyline_points` (2 x N) to the curves (e.g. a decoder curve to the true line).
float max_distance_to_curves(const Mat& polyline_points, const std::vector<Mat>& curves);

}  // namespace ae
