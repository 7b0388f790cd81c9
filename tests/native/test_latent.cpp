// The latent-space tools: encode-all, the 2-D map, lerp/slerp, nearest neighbours, the classifier probes
// (k-NN and linear) on synthetic separable data and on MNIST codes of a shipped model, and the incremental
// CodeSpace / PcaBuilder against their one-shot versions.
#include <gtest/gtest.h>

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "latent.h"
#include "pca.h"
#include "serialize.h"
#include "test_util.h"

namespace {

using ae::Mat;
using ae::Vec;

Mat random_mat(int r, int c, uint64_t seed) {
  ae::Rng rng(seed);
  Mat m(r, c);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal();
  return m;
}

// `classes` Gaussian blobs in d dimensions with centres `spread` apart (unit noise), labels 0..classes-1
// interleaved so both halves of the probe split hold every class.
void blobs(int d, int classes, int n, float spread, uint64_t seed, Mat& X, std::vector<uint8_t>& labels) {
  const Mat centres = spread * random_mat(d, classes, seed);
  ae::Rng rng(seed + 1);
  X.resize(d, n);
  labels.resize(static_cast<size_t>(n));
  for (int j = 0; j < n; ++j) {
    const int c = j % classes;
    labels[static_cast<size_t>(j)] = static_cast<uint8_t>(c);
    for (int i = 0; i < d; ++i) X(i, j) = centres(i, c) + rng.normal();
  }
}

std::unique_ptr<ae::Autoencoder> shipped(const char* name) {
  return ae::instantiate(ae::load_model(std::string(AEPLAY_MODELS_DIR) + "/" + name));
}

TEST(Latent, EncodeAllMatchesOneBigEncodeInAnyBlockSize) {
  ae::ModelSpec spec;
  spec.sizes = {20, 12, 5};
  ae::Autoencoder model(spec, 3);
  const Mat X = random_mat(20, 77, 4).cwiseAbs();
  const Mat whole = model.encode(X);
  for (int block : {1, 10, 64, 500}) {
    const Mat codes = ae::encode_all(model, X, block);
    ASSERT_EQ(codes.rows(), 5);
    ASSERT_EQ(codes.cols(), 77);
    EXPECT_LT((codes - whole).cwiseAbs().maxCoeff(), 1e-5f) << "block " << block;
  }
}

TEST(Latent, VaeCodesAreTheMeans) {
  ae::ModelSpec spec;
  spec.family = ae::Family::Vae;
  spec.sizes = {16, 8, 2};
  spec.latent = ae::Activation::Identity;
  ae::Autoencoder vae(spec, 5);
  const Mat X = random_mat(16, 9, 6).cwiseAbs();
  Mat mu, logvar;
  vae.encode_distribution(X, mu, logvar);
  EXPECT_LT((ae::encode_all(vae, X, 4) - mu).cwiseAbs().maxCoeff(), 1e-5f);
}

TEST(Latent, ProjectionOfTwoDimensionalCodesIsTheCodesThemselves) {
  const Mat codes = random_mat(2, 50, 7);
  const ae::Projection2D p = ae::Projection2D::fit(codes);
  EXPECT_TRUE(p.direct);
  EXPECT_LT((p.project(codes) - codes).cwiseAbs().maxCoeff(), 1e-6f);
  const Vec c = p.unproject(0.25f, -1.5f);
  EXPECT_FLOAT_EQ(c(0), 0.25f);
  EXPECT_FLOAT_EQ(c(1), -1.5f);
}

TEST(Latent, ProjectionOfLargerCodesIsTheirTopTwoPrincipalPlane) {
  // Codes that vary mostly in a known plane: project() recovers the in-plane coordinates (up to rotation and
  // sign) and unproject() lands back on the plane.
  const int d = 10, n = 2000;
  const Mat basis = Eigen::HouseholderQR<Mat>(random_mat(d, 2, 8)).householderQ() * Mat::Identity(d, 2);
  Mat coords = random_mat(2, n, 9);
  coords.row(0) *= 5.0f;
  coords.row(1) *= 2.0f;
  Vec offset = Vec::LinSpaced(d, 1.0f, 3.0f);
  const Mat codes = ((basis * coords).colwise() + offset) + 0.01f * random_mat(d, n, 10);
  const ae::Projection2D p = ae::Projection2D::fit(codes);
  EXPECT_FALSE(p.direct);
  EXPECT_LT(((p.axes.transpose() * p.axes) - Mat::Identity(2, 2)).cwiseAbs().maxCoeff(), 1e-4f);
  const Mat pts = p.project(codes);
  // The first axis has the larger spread (5 vs 2).
  const float v0 = (pts.row(0).array() - pts.row(0).mean()).square().mean();
  const float v1 = (pts.row(1).array() - pts.row(1).mean()).square().mean();
  EXPECT_NEAR(v0, 25.0f, 2.5f);
  EXPECT_NEAR(v1, 4.0f, 0.5f);
  // A point of the map decodes to a code on the plane whose projection is that point.
  const Vec c = p.unproject(1.5f, -0.5f);
  const Vec back = p.project(c);
  EXPECT_NEAR(back(0), 1.5f, 1e-4f);
  EXPECT_NEAR(back(1), -0.5f, 1e-4f);
  const Vec off_plane = (c - offset) - basis * (basis.transpose() * (c - offset));
  EXPECT_LT(off_plane.norm(), 0.05f);
}

TEST(Latent, LerpIsAffine) {
  const Vec a = Vec::LinSpaced(6, -1, 1), b = Vec::LinSpaced(6, 3, 0);
  EXPECT_LT((ae::lerp(a, b, 0) - a).norm(), 1e-6f);
  EXPECT_LT((ae::lerp(a, b, 1) - b).norm(), 1e-6f);
  EXPECT_LT((ae::lerp(a, b, 0.25f) - (0.75f * a + 0.25f * b)).norm(), 1e-6f);
  const Mat path = ae::interpolate(a, b, 5, false);
  ASSERT_EQ(path.cols(), 5);
  EXPECT_LT((path.col(2) - 0.5f * (a + b)).norm(), 1e-6f);
}

TEST(Latent, SlerpOfUnitVectorsStaysOnTheSphereWithTheAngleLinearInT) {
  Vec a = random_mat(8, 1, 11).col(0), b = random_mat(8, 1, 12).col(0);
  a.normalize();
  b.normalize();
  const double omega = std::acos(static_cast<double>(a.dot(b)));
  ASSERT_GT(omega, 0.3);
  for (int i = 0; i <= 10; ++i) {
    const float t = i / 10.0f;
    const Vec s = ae::slerp(a, b, t);
    EXPECT_NEAR(s.norm(), 1.0f, 1e-5f) << "t " << t;
    EXPECT_NEAR(std::acos(std::clamp<double>(a.dot(s), -1, 1)), t * omega, 1e-3) << "t " << t;
    EXPECT_NEAR(std::acos(std::clamp<double>(b.dot(s), -1, 1)), (1 - t) * omega, 1e-3) << "t " << t;
  }
  EXPECT_LT((ae::slerp(a, b, 0) - a).norm(), 1e-5f);
  EXPECT_LT((ae::slerp(a, b, 1) - b).norm(), 1e-5f);
  // Endpoints of equal norm r: the path keeps norm r (a lerp would cut the corner).
  const Vec s = ae::slerp(3 * a, 3 * b, 0.5f);
  EXPECT_NEAR(s.norm(), 3.0f, 1e-4f);
  EXPECT_LT(ae::lerp(3 * a, 3 * b, 0.5f).norm(), 3.0f * std::cos(omega / 2) + 1e-4f);
  // The midpoint lies in the plane of a and b, on the bisector.
  EXPECT_NEAR(s.dot(a), s.dot(b), 1e-4f);
}

TEST(Latent, SlerpFallsBackToLerpForParallelOrZeroVectors) {
  const Vec a = Vec::LinSpaced(4, 1, 2);
  EXPECT_LT((ae::slerp(a, 2 * a, 0.5f) - 1.5f * a).norm(), 1e-5f);
  EXPECT_LT((ae::slerp(a, -a, 0.5f)).norm(), 1e-5f);
  EXPECT_LT((ae::slerp(Vec::Zero(4), a, 0.5f) - 0.5f * a).norm(), 1e-5f);
  EXPECT_THROW(ae::interpolate(a, a, 1, true), ae::Error);
}

TEST(Latent, NearestFindsTheClosestColumnsInOrder) {
  Mat codes(1, 6);
  codes << 5, 1, 9, 2, 7, 1.5;
  Vec q(1);
  q << 1.6f;
  EXPECT_EQ(ae::nearest(codes, q, 3), (std::vector<int>{5, 3, 1}));
  EXPECT_EQ(ae::nearest(codes, q, 2, 5), (std::vector<int>{3, 1}));
  EXPECT_EQ(ae::nearest(codes, q, 10).size(), 6u);
}

TEST(Latent, KnnVotesByMajorityAndBreaksTiesByTheNearest) {
  Mat ref(1, 5);
  ref << 0, 1, 2, 10, 11;
  const std::vector<uint8_t> labels{3, 3, 7, 7, 7};
  Mat q(1, 3);
  q << 0.4f, 10.5f, 1.9f;
  EXPECT_EQ(ae::knn_predict(ref, labels, q, 3), (std::vector<int>{3, 7, 3}));
  // k = 2 at x = 1.6: neighbours 2 (label 7, nearer) and 1 (label 3): a tie, won by the nearer.
  Mat q2(1, 1);
  q2 << 1.6f;
  EXPECT_EQ(ae::knn_predict(ref, labels, q2, 2), (std::vector<int>{7}));
}

TEST(Latent, ProbesSeparateSyntheticBlobs) {
  Mat X;
  std::vector<uint8_t> labels;
  blobs(6, 10, 2000, 6.0f, 13, X, labels);
  const ae::ProbeAccuracy a = ae::probe_accuracy(X, labels);
  EXPECT_GT(a.knn, 0.97);
  EXPECT_GT(a.linear, 0.97);
  // Unseparable data (labels unrelated to the points): both probes fall to chance (10%).
  std::vector<uint8_t> shuffled(labels.size());
  ae::Rng rng(14);
  for (auto& l : shuffled) l = static_cast<uint8_t>(rng.below(10));
  const ae::ProbeAccuracy c = ae::probe_accuracy(X, shuffled);
  EXPECT_LT(c.knn, 0.16);
  EXPECT_LT(c.linear, 0.16);
}

TEST(Latent, LinearProbeFitsALinearRuleThatKnnOnFewPointsMisses) {
  // Two classes split by the sign of x0 in 20 dimensions, the other 19 pure noise: linear ≈ 100%.
  const int n = 1000;
  Mat X = random_mat(20, n, 15);
  std::vector<uint8_t> labels(n);
  for (int j = 0; j < n; ++j) labels[static_cast<size_t>(j)] = X(0, j) > 0 ? 1 : 0;
  const ae::ProbeAccuracy a = ae::probe_accuracy(X, labels);
  EXPECT_GT(a.linear, 0.95);
  EXPECT_LT(a.knn, a.linear);
}

TEST(Latent, CodeSpaceInStepsGivesTheOneShotResults) {
  Mat X;
  std::vector<uint8_t> labels;
  blobs(12, 10, 1200, 3.0f, 16, X, labels);
  ae::ModelSpec spec;
  spec.sizes = {12, 10, 4};
  spec.latent = ae::Activation::Identity;
  ae::Autoencoder model(spec, 17);
  ae::CodeSpace space;
  space.start([&](const Mat& x) { return model.encode(x); }, &X, &labels, 600);
  int steps = 0;
  while (space.step(std::chrono::steady_clock::now())) ++steps;  // one unit per step
  EXPECT_GT(steps, 10);
  ASSERT_TRUE(space.done());
  const Mat codes = ae::encode_all(model, X);
  EXPECT_LT((space.codes() - codes).cwiseAbs().maxCoeff(), 1e-5f);
  const ae::ProbeAccuracy a = ae::probe_accuracy(codes, labels);
  EXPECT_DOUBLE_EQ(space.probe().knn, a.knn);
  EXPECT_NEAR(space.probe().linear, a.linear, 1e-9);
  EXPECT_EQ(space.points().rows(), 2);
  EXPECT_EQ(space.points().cols(), 1200);
  EXPECT_EQ(space.predict(codes.col(700)), ae::knn_predict(codes.leftCols(600), {labels.begin(), labels.begin() + 600},
                                                           codes.col(700))[0]);
}

TEST(Latent, PcaBuilderMatchesPcaFit) {
  const Mat X = random_mat(30, 900, 18).cwiseAbs() * Vec::LinSpaced(900, 0.5f, 2.0f).asDiagonal();
  ae::PcaBuilder b;
  b.start(&X, 700);
  while (b.step(std::chrono::steady_clock::now())) {
  }
  ASSERT_TRUE(b.done());
  const ae::Pca ref = ae::Pca::fit(X.leftCols(700), 5);
  EXPECT_LT((b.pca().mean - ref.mean).cwiseAbs().maxCoeff(), 1e-5f);
  for (int c = 0; c < 5; ++c)
    EXPECT_NEAR(std::abs(b.pca().components.col(c).dot(ref.components.col(c))), 1.0f, 1e-3f) << "component " << c;
}

TEST(Latent, MnistCodesOfTheShippedAutoencoderProbeWell) {
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  const auto model = shipped("ae-plain.aep");
  const Mat codes = ae::encode_all(*model, test->images);
  ASSERT_EQ(codes.rows(), 32);
  const ae::ProbeAccuracy a = ae::probe_accuracy(codes, test->labels);
  std::printf("ae-plain codes (32): k-NN %.4f, linear %.4f\n", a.knn, a.linear);
  EXPECT_GT(a.knn, 0.90);
  EXPECT_GT(a.linear, 0.85);
  // 2-D maps (printed for docs/playground.md; the 32-D codes projected to 2-D lose most of their structure).
  const Mat fit = test->images.leftCols(5000);
  const ae::Pca pca2 = ae::Pca::fit(fit, 2);
  const ae::ProbeAccuracy p2 = ae::probe_accuracy(pca2.encode(test->images), test->labels);
  const ae::Projection2D proj = ae::Projection2D::fit(codes);
  const ae::ProbeAccuracy m2 = ae::probe_accuracy(proj.project(codes), test->labels);
  std::printf("2-D maps, k-NN: PCA-2 of pixels %.4f, PCA-2 of ae-plain codes %.4f\n", p2.knn, m2.knn);
  EXPECT_GT(p2.knn, 0.3);
  EXPECT_LT(p2.knn, 0.6);
}

}  // namespace
