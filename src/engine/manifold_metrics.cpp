#include "manifold_metrics.h"

#include <algorithm>
#include <cmath>

#include "error.h"

namespace ae {

namespace {

constexpr double kDegrees = 57.29577951308232;

float median(std::vector<float> v) {
  if (v.empty()) return 0;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

}  // namespace

FieldAlignment field_alignment(const Mat& grid, const Mat& recon, const std::vector<Mat>& curves, float band,
                               float max_angle_deg) {
  if (grid.rows() != 2 || recon.rows() != 2 || grid.cols() != recon.cols())
    throw Error("the field's grid and its reconstructions must both be 2 x M");
  FieldAlignment out;
  std::vector<float> angles, ratios;
  int within = 0;
  for (Index i = 0; i < grid.cols(); ++i) {
    const float x = grid(0, i), y = grid(1, i);
    const NearestPoint p = nearest_on_curves(curves, x, y);
    if (p.distance > band || p.distance <= 1e-6f) continue;
    const double ax = recon(0, i) - x, ay = recon(1, i) - y, len = std::hypot(ax, ay);
    const double cosine = len > 0 ? ((p.x - x) * ax + (p.y - y) * ay) / (p.distance * len) : -1.0;
    const float angle = static_cast<float>(std::acos(std::clamp(cosine, -1.0, 1.0)) * kDegrees);
    angles.push_back(angle);
    ratios.push_back(static_cast<float>(len / p.distance));
    within += angle <= max_angle_deg;
  }
  out.near_points = static_cast<int>(angles.size());
  if (out.near_points == 0) return out;
  out.within_fraction = static_cast<float>(within) / static_cast<float>(out.near_points);
  out.median_angle_deg = median(angles);
  out.median_length_ratio = median(ratios);
  return out;
}

std::vector<float> tangent_angles(const Mat& points, const std::vector<JacobianSummary>& jacobians,
                                  const std::vector<Mat>& curves) {
  if (points.rows() != 2 || static_cast<size_t>(points.cols()) != jacobians.size())
    throw Error("one Jacobian summary per 2-D point");
  std::vector<float> out;
  out.reserve(jacobians.size());
  for (Index i = 0; i < points.cols(); ++i) {
    const NearestPoint p = nearest_on_curves(curves, points(0, i), points(1, i));
    const JacobianSummary& j = jacobians[static_cast<size_t>(i)];
    const double c = std::abs(static_cast<double>(j.ux) * p.tx + static_cast<double>(j.uy) * p.ty);
    out.push_back(static_cast<float>(std::acos(std::min(1.0, c)) * kDegrees));
  }
  return out;
}

float max_distance_to_curves(const Mat& polyline_points, const std::vector<Mat>& curves) {
  if (polyline_points.rows() != 2) throw Error("points must be 2 x N");
  float worst = 0;
  for (Index i = 0; i < polyline_points.cols(); ++i)
    worst = std::max(worst, nearest_on_curves(curves, polyline_points(0, i), polyline_points(1, i)).distance);
  return worst;
}

}  // namespace ae
