#include "metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

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

std::vector<double> squared_error_each(const Mat& X, const Mat& Y) {
  check_same_shape(X, Y);
  std::vector<double> out(static_cast<size_t>(X.cols()));
  for (Index j = 0; j < X.cols(); ++j) out[static_cast<size_t>(j)] = (X.col(j) - Y.col(j)).cast<double>().squaredNorm();
  return out;
}

double auroc(const std::vector<double>& negatives, const std::vector<double>& positives) {
  if (negatives.empty() || positives.empty()) throw Error("AUROC needs at least one score of each kind");
  std::vector<std::pair<double, bool>> all;  // (score, is positive)
  all.reserve(negatives.size() + positives.size());
  for (double v : negatives) all.emplace_back(v, false);
  for (double v : positives) all.emplace_back(v, true);
  for (const auto& p : all)
    if (std::isnan(p.first)) throw Error("AUROC of a NaN score");
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // Sum of the positives' ranks (1-based); a run of equal scores all get the run's mean rank.
  double rank_sum = 0;
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double mid_rank = 0.5 * static_cast<double>(i + 1 + j);
    for (size_t k = i; k < j; ++k)
      if (all[k].second) rank_sum += mid_rank;
    i = j;
  }
  const double n_pos = static_cast<double>(positives.size()), n_neg = static_cast<double>(negatives.size());
  return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg);
}

}  // namespace ae
