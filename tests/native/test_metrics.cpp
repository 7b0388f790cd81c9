// Reconstruction metrics against closed forms on tiny matrices (one image per column).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "error.h"
#include "metrics.h"
#include "rng.h"

namespace {

using ae::Mat;

// X = [1 0; 0.5 0.5; 0 1] (3 pixels, 2 images), Y = [0.9 0; 0.5 0.3; 0.2 1]
//   image 1: 0.1² + 0² + 0.2² = 0.05     image 2: 0² + 0.2² + 0² = 0.04
//   squared error per image = (0.05 + 0.04) / 2 = 0.045;  MSE per pixel = 0.045 / 3 = 0.015
//   PSNR = 10 log10(1 / 0.015) = 18.2391 dB
struct Pair {
  Mat X{3, 2}, Y{3, 2};
  Pair() {
    X << 1.0f, 0.0f, 0.5f, 0.5f, 0.0f, 1.0f;
    Y << 0.9f, 0.0f, 0.5f, 0.3f, 0.2f, 1.0f;
  }
};

TEST(Metrics, SquaredErrorPerImageSumsPixelsAndAveragesImages) {
  Pair p;
  EXPECT_NEAR(ae::squared_error_per_image(p.X, p.Y), 0.045, 1e-7);
  EXPECT_NEAR(ae::squared_error_per_image(p.Y, p.X), 0.045, 1e-7);
  EXPECT_EQ(ae::squared_error_per_image(p.X, p.X), 0.0);
}

TEST(Metrics, MsePerPixelDividesByThePixelCount) {
  Pair p;
  EXPECT_NEAR(ae::mse_per_pixel(p.X, p.Y), 0.015, 1e-8);
}

TEST(Metrics, PsnrIsTenLog10OfOneOverMse) {
  Pair p;
  EXPECT_NEAR(ae::psnr(p.X, p.Y), 10.0 * std::log10(1.0 / 0.015), 1e-5);
  EXPECT_NEAR(ae::psnr(p.X, p.Y), 18.2391, 1e-4);
  const Mat half = Mat::Constant(4, 3, 0.5f), zero = Mat::Zero(4, 3);
  EXPECT_NEAR(ae::psnr(half, zero), 10.0 * std::log10(4.0), 1e-9);  // MSE 0.25 -> 6.0206 dB
  EXPECT_EQ(ae::psnr(p.X, p.X), std::numeric_limits<double>::infinity());
}

TEST(Metrics, BceOfProbabilitiesAgainstTargets) {
  // Targets X, probabilities Y: -Σ [x log y + (1-x) log(1-y)] per image.
  //   X = [1; 0], Y = [0.8; 0.25]: -(log 0.8 + log 0.75) = 0.2231 + 0.2877 = 0.5108 for the one image.
  Mat X(2, 1), Y(2, 1);
  X << 1.0f, 0.0f;
  Y << 0.8f, 0.25f;
  EXPECT_NEAR(ae::bce_per_image(X, Y), -(std::log(0.8) + std::log(0.75)), 1e-6);
  // Soft target 0.5 against 0.5: 2 pixels x log 2 each, averaged over 3 images.
  const Mat half = Mat::Constant(2, 3, 0.5f);
  EXPECT_NEAR(ae::bce_per_image(half, half), 2 * std::log(2.0), 1e-6);
}

TEST(Metrics, BceStaysFiniteForCertainWrongPredictions) {
  // y = 0 for x = 1 would be log 0 = -inf; the clamp to [1e-7, 1 - 1e-7] gives -log(1e-7) = 16.118.
  Mat X(1, 1), Y(1, 1);
  X << 1.0f;
  Y << 0.0f;
  const double v = ae::bce_per_image(X, Y);
  ASSERT_TRUE(std::isfinite(v));
  EXPECT_NEAR(v, -std::log(1e-7), 1e-3);
}

TEST(Metrics, ShapeMismatchOrEmptyInputThrows) {
  const Mat a = Mat::Zero(3, 2), b = Mat::Zero(3, 3), e(3, 0);
  EXPECT_THROW(ae::squared_error_per_image(a, b), ae::Error);
  EXPECT_THROW(ae::psnr(a, b), ae::Error);
  EXPECT_THROW(ae::bce_per_image(a, b), ae::Error);
  EXPECT_THROW(ae::squared_error_per_image(e, e), ae::Error);
  EXPECT_THROW(ae::mse_per_pixel(Mat::Zero(2, 2), Mat::Zero(3, 2)), ae::Error);
}

TEST(Metrics, SquaredErrorEachIsPerColumn) {
  Mat X = Mat::Zero(2, 3), Y(2, 3);
  Y << 1, 0, 0.5f,  //
      1, 2, 0.5f;
  const auto e = ae::squared_error_each(X, Y);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_DOUBLE_EQ(e[0], 2.0);
  EXPECT_DOUBLE_EQ(e[1], 4.0);
  EXPECT_DOUBLE_EQ(e[2], 0.5);
}

TEST(Metrics, AurocCountsTiesAsHalfByHand) {
  // Pairs (positive, negative) with negatives {1, 2, 2, 3}, positives {2, 3, 4}:
  //   2 beats 1, ties 2 and 2, loses to 3:   1 + 0.5 + 0.5 + 0 = 2
  //   3 beats 1, 2, 2, ties 3:               3 + 0.5           = 3.5
  //   4 beats all four:                                          4
  // AUROC = 9.5 / 12 = 19/24.
  EXPECT_DOUBLE_EQ(ae::auroc({1, 2, 2, 3}, {2, 3, 4}), 19.0 / 24.0);
  EXPECT_DOUBLE_EQ(ae::auroc({3, 1, 2, 2}, {4, 2, 3}), 19.0 / 24.0) << "order must not matter";
  EXPECT_DOUBLE_EQ(ae::auroc({5, 5}, {5, 5, 5}), 0.5);
  EXPECT_DOUBLE_EQ(ae::auroc({0, 1}, {2, 3}), 1.0);
  EXPECT_DOUBLE_EQ(ae::auroc({2, 3}, {0, 1}), 0.0);
}

TEST(Metrics, AurocMatchesThePairwiseDefinitionWithManyTies) {
  ae::Rng rng(3);
  std::vector<double> neg(300), pos(200);
  for (auto& v : neg) v = std::floor(rng.uniform() * 10);  // only 10 distinct values: ties everywhere
  for (auto& v : pos) v = std::floor(rng.uniform() * 10 + 2);
  double wins = 0;
  for (double p : pos)
    for (double n : neg) wins += p > n ? 1.0 : p == n ? 0.5 : 0.0;
  EXPECT_NEAR(ae::auroc(neg, pos), wins / (300.0 * 200.0), 1e-12);
}

TEST(Metrics, AurocRejectsEmptyOrNaN) {
  EXPECT_THROW(ae::auroc({}, {1}), ae::Error);
  EXPECT_THROW(ae::auroc({1}, {}), ae::Error);
  EXPECT_THROW(ae::auroc({1, std::nan("")}, {2}), ae::Error);
}

}  // namespace
