#include "metrics.h"

#include <cmath>
#include <limits>

#include "error.h"

namespace ae {

namespace {
void check_same_shape(const Mat& X, const Mat& Y) {
  if (X.rows() != Y.rows() || X.cols() != Y.cols() || X.cols() == 0)
    throw Error("metric needs two non-empty matrices of the same shape");
}
}  // namespace

double squared_error_per_image(const Mat& X, const Mat& Y) {
  check_same_shape(X, Y);
  return (X - Y).cast<double>().squaredNorm() / static_cast<double>(X.cols());
}

double mse_per_pixel(const Mat& X, const Mat& Y) {
  return squared_error_per_image(X, Y) / static_cast<double>(X.rows());
}

double psnr(const Mat& X, const Mat& Y) {
  double mse = mse_per_pixel(X, Y);
  return mse > 0 ? 10.0 * std::log10(1.0 / mse) : std::numeric_limits<double>::infinity();
}

double bce_per_image(const Mat& X, const Mat& Y) {
  check_same_shape(X, Y);
  const double eps = 1e-7;
  auto y = Y.cast<double>().array().max(eps).min(1 - eps);
  auto x = X.cast<double>().array();
  return -(x * y.log() + (1 - x) * (1 - y).log()).sum() / static_cast<double>(X.cols());
}

}  // namespace ae
