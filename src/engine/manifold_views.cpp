#include "manifold_views.h"

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>

#include "error.h"
#include "jacobian.h"

namespace ae {

namespace {

void require_points(const Mat& points, Index at_least, const char* what) {
  if (points.rows() != 2)
    throw Error(std::string(what) + ": the lab's points are 2-D (2 rows), got " + std::to_string(points.rows()) +
                " rows");
  if (points.cols() < at_least)
    throw Error(std::string(what) + " needs at least " + std::to_string(at_least) + " points, got " +
                std::to_string(points.cols()));
}

void require_2d_model(const Autoencoder& model) {
  if (model.spec().input_size() != 2)
    throw Error("the lab's views need a model of 2-D points, this one takes " +
                std::to_string(model.spec().input_size()) + " inputs");
}

// [lo, hi] widened by `margin` of its length on each side (a single value: by `margin` itself).
void widen(float& lo, float& hi, float margin) {
  const float pad = hi > lo ? margin * (hi - lo) : std::max(margin, 1e-3f);
  lo -= pad, hi += pad;
}

}  // namespace

PcaLine pca_line(const Mat& points) {
  require_points(points, 2, "PCA's line");
  const Eigen::Vector2d mean = points.cast<double>().rowwise().mean();
  const Eigen::Matrix2Xd centred = points.cast<double>().colwise() - mean;
  const Eigen::Matrix2d cov = centred * centred.transpose() / static_cast<double>(points.cols());
  // The leading eigenvector of a symmetric 2 x 2 matrix in closed form: angle ½ atan2(2 c_xy, c_xx - c_yy).
  const double angle = 0.5 * std::atan2(2 * cov(0, 1), cov(0, 0) - cov(1, 1));
  double dx = std::cos(angle), dy = std::sin(angle);
  if (dx < 0 || (dx == 0 && dy < 0)) dx = -dx, dy = -dy;
  return {static_cast<float>(mean(0)), static_cast<float>(mean(1)), static_cast<float>(dx), static_cast<float>(dy)};
}

Mat project_on_line(const PcaLine& line, const Mat& points) {
  require_points(points, 0, "a projection");
  Mat out(2, points.cols());
  for (Index i = 0; i < points.cols(); ++i) {
    const float t = (points(0, i) - line.mx) * line.dx + (points(1, i) - line.my) * line.dy;
    out(0, i) = line.mx + t * line.dx, out(1, i) = line.my + t * line.dy;
  }
  return out;
}

Mat reconstruct_points(const Autoencoder& model, const Mat& points) {
  require_2d_model(model);
  require_points(points, 0, "a reconstruction");
  if (points.cols() == 0) return Mat(2, 0);
  return model.reconstruct(points);
}

std::vector<Mat> decoder_curve(const Autoencoder& model, const Mat& points, int samples, int lines, float margin) {
  require_2d_model(model);
  require_points(points, 1, "the decoder's curve");
  const int k = model.latent_size();
  if (k > 2)
    throw Error("the decoder's curve needs a code of 1 or 2 units; this model's code has " + std::to_string(k) +
                " (cae and sparse are overcomplete: show their Jacobians instead)");
  if (samples < 2 || samples > 100000) throw Error("curve samples must be in 2..100000");
  if (lines < 1 || lines > 100) throw Error("grid lines must be in 1..100");
  if (!(margin >= 0 && margin <= 10)) throw Error("the curve's margin must be in [0, 10]");
  const Mat codes = model.encode(points);
  std::vector<float> lo(k), hi(k);
  for (int j = 0; j < k; ++j)
    lo[j] = codes.row(j).minCoeff(), hi[j] = codes.row(j).maxCoeff(), widen(lo[j], hi[j], margin);
  auto at = [&](int j, int i, int n) {
    return lo[j] + (hi[j] - lo[j]) * static_cast<float>(i) / static_cast<float>(n - 1);
  };
  std::vector<Mat> curves;
  if (k == 1) {
    Mat z(1, samples);
    for (int i = 0; i < samples; ++i) z(0, i) = at(0, i, samples);
    curves.push_back(model.decode(z));
    return curves;
  }
  for (int fixed = 0; fixed < 2; ++fixed)  // lines at fixed z1, then at fixed z2
    for (int l = 0; l < lines; ++l) {
      Mat z(2, samples);
      for (int i = 0; i < samples; ++i) {
        z(fixed, i) = lines == 1 ? 0.5f * (lo[fixed] + hi[fixed]) : at(fixed, l, lines);
        z(1 - fixed, i) = at(1 - fixed, i, samples);
      }
      curves.push_back(model.decode(z));
    }
  return curves;
}

Mat Grid::points() const {
  if (nx < 2 || ny < 2) throw Error("a grid needs at least 2 x 2 points");
  Mat P(2, static_cast<Index>(nx) * ny);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      P(0, j * nx + i) = x0 + (x1 - x0) * static_cast<float>(i) / static_cast<float>(nx - 1);
      P(1, j * nx + i) = y0 + (y1 - y0) * static_cast<float>(j) / static_cast<float>(ny - 1);
    }
  return P;
}

Grid field_grid(const Mat& points, int n) {
  require_points(points, 1, "the field's grid");
  if (n < 2 || n > 1000) throw Error("the field's grid must have 2..1000 points a side, got " + std::to_string(n));
  const float xmin = points.row(0).minCoeff(), xmax = points.row(0).maxCoeff();
  const float ymin = points.row(1).minCoeff(), ymax = points.row(1).maxCoeff();
  float ex = xmax - xmin, ey = ymax - ymin;
  if (ex <= 0) ex = ey > 0 ? ey : 1.0f;
  if (ey <= 0) ey = ex;
  const float cx = 0.5f * (xmin + xmax), cy = 0.5f * (ymin + ymax);
  return {cx - ex, cy - ey, cx + ex, cy + ey, n, n};  // each side twice the extent
}

JacobianSummary summarize_jacobian(const Mat& J) {
  if (J.rows() != 2 || J.cols() != 2) throw Error("a lab Jacobian is 2 x 2");
  const Eigen::JacobiSVD<Eigen::Matrix2f> svd(Eigen::Matrix2f(J), Eigen::ComputeFullU);
  float ux = svd.matrixU()(0, 0), uy = svd.matrixU()(1, 0);
  if (ux < 0 || (ux == 0 && uy < 0)) ux = -ux, uy = -uy;
  return {svd.singularValues()(0), svd.singularValues()(1), ux, uy};
}

std::vector<JacobianSummary> jacobian_summaries(const Autoencoder& model, const Mat& points) {
  require_2d_model(model);
  require_points(points, 0, "the Jacobians");
  const Mat all = reconstruction_jacobians(model, points);  // column j: the 2 x 2 at point j, column-major
  std::vector<JacobianSummary> out;
  out.reserve(static_cast<size_t>(points.cols()));
  for (Index j = 0; j < points.cols(); ++j)
    out.push_back(summarize_jacobian(Eigen::Map<const Mat>(all.col(j).data(), 2, 2)));
  return out;
}

Mat decoder_prior_samples(const Autoencoder& model, int n, uint64_t seed) {
  require_2d_model(model);
  if (n < 1 || n > 1000000) throw Error("prior samples must be in 1..1000000, got " + std::to_string(n));
  Rng rng(seed, 30);
  return model.sample(n, rng);
}

}  // namespace ae
