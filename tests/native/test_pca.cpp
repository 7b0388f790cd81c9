// PCA in closed form: recovery of a known subspace from synthetic data, orthonormal components,
// reconstruction error equal to the noise left outside the subspace, and the published PCA-30 figure
// on MNIST (Hinton & Salakhutdinov, Science 2006: 13.87 squared error per test image).
#include <gtest/gtest.h>

#include <Eigen/QR>
#include <Eigen/SVD>
#include <chrono>
#include <cmath>

#include "error.h"
#include "metrics.h"
#include "pca.h"
#include "test_util.h"

namespace {

using Eigen::MatrixXd;

// d-dimensional samples = mean + U·c + noise, with U an orthonormal d x k basis, c ~ N(0, diag(σ²)).
struct Synthetic {
  MatrixXd U;       // d x k
  Eigen::VectorXd mean;
  ae::Mat X;        // d x N
  double noise_sigma;
};

Synthetic make_synthetic(int d, int k, int n, double noise_sigma, uint64_t seed) {
  ae::Rng rng(seed);
  MatrixXd G(d, k);
  for (Eigen::Index i = 0; i < G.size(); ++i) G.data()[i] = rng.normal();
  Synthetic s;
  s.U = Eigen::HouseholderQR<MatrixXd>(G).householderQ() * MatrixXd::Identity(d, k);
  s.mean = Eigen::VectorXd::LinSpaced(d, -1.0, 2.0);
  s.noise_sigma = noise_sigma;
  MatrixXd X(d, n);
  for (int j = 0; j < n; ++j) {
    Eigen::VectorXd c(k);
    for (int i = 0; i < k; ++i) c(i) = (3.0 - i) * rng.normal();  // std 3, 2, 1: distinct variances 9, 4, 1
    Eigen::VectorXd noise(d);
    for (int i = 0; i < d; ++i) noise(i) = noise_sigma * rng.normal();
    X.col(j) = s.mean + s.U * c + noise;
  }
  s.X = X.cast<float>();
  return s;
}

// Sines of the principal angles between the column spaces of orthonormal A and B (d x k each):
// the singular values of AᵀB are the cosines.
Eigen::VectorXd principal_angle_sines(const MatrixXd& A, const MatrixXd& B) {
  Eigen::VectorXd cos = Eigen::JacobiSVD<MatrixXd>(A.transpose() * B).singularValues();
  return (1.0 - cos.array().min(1.0).square()).sqrt();
}

TEST(Pca, RecoversAKnownSubspace) {
  const Synthetic s = make_synthetic(20, 3, 4000, 0.01, 1);
  const ae::Pca pca = ae::Pca::fit(s.X, 3);
  ASSERT_EQ(pca.k(), 3);
  ASSERT_EQ(pca.components.rows(), 20);
  // Signal std ≥ 1 against noise 0.01 and 4000 samples: the angles are ~1e-4; allow 2e-3.
  const Eigen::VectorXd sines = principal_angle_sines(s.U, pca.components.cast<double>());
  EXPECT_LT(sines.maxCoeff(), 2e-3) << "principal angle sines: " << sines.transpose();
  EXPECT_LT((pca.mean.cast<double>() - s.mean).cwiseAbs().maxCoeff(), 0.1);
}

TEST(Pca, ComponentsAreOrthonormalAndOrderedByVariance) {
  const Synthetic s = make_synthetic(20, 3, 4000, 0.01, 2);
  const ae::Pca pca = ae::Pca::fit(s.X, 5);
  const ae::Mat gram = pca.components.transpose() * pca.components;
  EXPECT_TRUE(gram.isApprox(ae::Mat::Identity(5, 5), 1e-5f)) << gram;
  ASSERT_EQ(pca.variances.size(), 20);
  for (int i = 0; i + 1 < 20; ++i) EXPECT_GE(pca.variances(i), pca.variances(i + 1)) << "not decreasing at " << i;
  // Variances 9, 4, 1 along the subspace (sampling error ~ sqrt(2/4000) = 2%), noise σ² = 1e-4 elsewhere.
  EXPECT_NEAR(pca.variances(0), 9.0, 0.9);
  EXPECT_NEAR(pca.variances(1), 4.0, 0.4);
  EXPECT_NEAR(pca.variances(2), 1.0, 0.1);
  EXPECT_NEAR(pca.variances(3), 1e-4, 3e-5);
  // The first component is the top direction of the subspace: |cos| with U's first column ≈ 1.
  EXPECT_NEAR(std::abs(s.U.col(0).dot(pca.components.col(0).cast<double>())), 1.0, 1e-3);
}

TEST(Pca, ReconstructionErrorEqualsTheNoiseOutsideTheSubspace) {
  // The residual is the noise in the d - k = 17 directions outside the subspace: 17 σ² per sample.
  const double sigma = 0.01;
  const Synthetic s = make_synthetic(20, 3, 4000, sigma, 3);
  const ae::Pca pca = ae::Pca::fit(s.X, 3);
  const ae::Mat codes = pca.encode(s.X);
  ASSERT_EQ(codes.rows(), 3);
  ASSERT_EQ(codes.cols(), 4000);
  const double err = ae::squared_error_per_image(s.X, pca.decode(codes));
  EXPECT_NEAR(err, 17 * sigma * sigma, 0.1 * 17 * sigma * sigma);
  // With fewer components than the subspace the error jumps by the variance left out (the third: 1).
  const ae::Pca pca2 = ae::Pca::fit(s.X, 2);
  EXPECT_NEAR(ae::squared_error_per_image(s.X, pca2.reconstruct(s.X)), 1.0, 0.1);
  // All components: exact up to float rounding.
  const ae::Pca full = ae::Pca::fit(s.X, 20);
  EXPECT_LT(ae::squared_error_per_image(s.X, full.reconstruct(s.X)), 1e-8);
}

TEST(Pca, RejectsBadArguments) {
  const ae::Mat X = testutil::uniform_matrix(5, 10, 4);
  EXPECT_THROW(ae::Pca::fit(X, 0), ae::Error);
  EXPECT_THROW(ae::Pca::fit(X, 6), ae::Error);
  EXPECT_THROW(ae::Pca::fit(X.leftCols(1), 1), ae::Error);
}

TEST(Pca, Pca30OnMnistGivesThePublished13point87) {
  const ae::Dataset* train = testutil::mnist(ae::Split::Train);
  ASSERT_NE(train, nullptr) << testutil::mnist_error();
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  const auto start = std::chrono::steady_clock::now();
  const ae::Pca pca = ae::Pca::fit(train->images, 30);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double err = ae::squared_error_per_image(test->images, pca.reconstruct(test->images));
  std::printf("PCA-30: %.4f squared error per test image (fit on 60k in %.2f s)\n", err, seconds);
  EXPECT_NEAR(err, 13.87, 0.02);
  EXPECT_LT(seconds, 30.0) << "the closed-form fit must not take minutes";
}

}  // namespace
