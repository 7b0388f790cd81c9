// Reconstruction losses: values against numbers worked out by hand on tiny matrices, their gradients
// with respect to the pre-activations, the numerical stability of BCE from logits, and the rule that
// BCE needs a sigmoid output.
// Convention (losses.h): summed over the pixels of an image, averaged over the images (columns).
#include <gtest/gtest.h>

#include <cmath>

#include "activations.h"
#include "error.h"
#include "losses.h"
#include "model.h"

namespace {

using ae::Activation;
using ae::Loss;
using ae::Mat;

Mat mat2x2(float a, float b, float c, float d) {  // row-major listing: [a b; c d], columns are images
  Mat m(2, 2);
  m << a, b, c, d;
  return m;
}

TEST(Losses, MseIsSumOfSquaresPerImageAveragedOverImages) {
  // A = [0.5 1; 0 0.25], T = [0 1; 1 0.75]
  // image 1 (column 0): (0.5-0)² + (0-1)² = 0.25 + 1 = 1.25
  // image 2 (column 1): (1-1)² + (0.25-0.75)² = 0 + 0.25 = 0.25      mean = 0.75
  const Mat A = mat2x2(0.5f, 1.0f, 0.0f, 0.25f), T = mat2x2(0.0f, 1.0f, 1.0f, 0.75f);
  EXPECT_NEAR(ae::loss_value(Loss::MSE, Activation::Identity, A, A, T), 0.75, 1e-7);
  // Gradient w.r.t. Z for an identity output: 2 (A - T) / batch = (A - T).
  Mat dZ;
  const double v = ae::loss_and_grad(Loss::MSE, Activation::Identity, A, A, T, dZ);
  EXPECT_NEAR(v, 0.75, 1e-7);
  EXPECT_TRUE(dZ.isApprox(mat2x2(0.5f, 0.0f, -1.0f, -0.5f))) << dZ;
}

TEST(Losses, L1IsSumOfAbsoluteErrorsPerImage) {
  // Same A and T: image 1: 0.5 + 1 = 1.5; image 2: 0 + 0.5 = 0.5; mean = 1.0
  const Mat A = mat2x2(0.5f, 1.0f, 0.0f, 0.25f), T = mat2x2(0.0f, 1.0f, 1.0f, 0.75f);
  Mat dZ;
  EXPECT_NEAR(ae::loss_and_grad(Loss::L1, Activation::Identity, A, A, T, dZ), 1.0, 1e-7);
  // Gradient: sign(A - T) / batch (0 where A == T).
  EXPECT_TRUE(dZ.isApprox(mat2x2(0.5f, 0.0f, -0.5f, -0.5f))) << dZ;
}

TEST(Losses, MseGradientIncludesTheOutputActivationDerivative) {
  // Sigmoid output, one pixel, one image: z = 0 -> a = 0.5, t = 1.
  // L = (a - t)² = 0.25; dL/dz = 2 (a - t) a (1 - a) = 2 (-0.5)(0.25) = -0.25
  Mat Z(1, 1), A, T(1, 1), dZ;
  Z << 0.0f;
  T << 1.0f;
  ae::activate(Activation::Sigmoid, Z, A);
  EXPECT_NEAR(ae::loss_and_grad(Loss::MSE, Activation::Sigmoid, Z, A, T, dZ), 0.25, 1e-7);
  EXPECT_NEAR(dZ(0, 0), -0.25, 1e-7);
}

TEST(Losses, BceMatchesTheTextbookFormulaForModerateLogits) {
  // -t log σ(z) - (1 - t) log(1 - σ(z)), computed naively in double, for a 3 x 2 batch.
  Mat Z(3, 2), T(3, 2), A;
  Z << -2.0f, 0.5f, 0.0f, 3.0f, 1.25f, -0.75f;
  T << 0.0f, 1.0f, 0.3f, 0.9f, 1.0f, 0.0f;
  ae::activate(Activation::Sigmoid, Z, A);
  double expected = 0;
  for (int i = 0; i < Z.size(); ++i) {
    const double s = 1.0 / (1.0 + std::exp(-static_cast<double>(Z.data()[i]))), t = T.data()[i];
    expected += -t * std::log(s) - (1 - t) * std::log(1 - s);
  }
  expected /= 2;  // two images
  Mat dZ;
  EXPECT_NEAR(ae::loss_and_grad(Loss::BCE, Activation::Sigmoid, Z, A, T, dZ), expected, 1e-5);
  EXPECT_NEAR(ae::loss_value(Loss::BCE, Activation::Sigmoid, Z, A, T), expected, 1e-5);
  // dL/dz = (σ(z) - t) / batch
  EXPECT_TRUE(dZ.isApprox(((A - T) / 2.0f).eval(), 1e-6f));
}

TEST(Losses, BceFromLogitsIsStableForHugeLogits) {
  // |z| = 100: σ(z) rounds to exactly 0 or 1 in float, so a naive log(σ) would give -inf or NaN.
  // Closed form per pixel: log(1 + e^-|z|) + max(z, 0) - z t
  //   z = +100, t = 1:  e^-100 + 100 - 100 ≈ 3.7e-44   (confident and right: ~0)
  //   z = -100, t = 0:  e^-100 + 0 - 0     ≈ 3.7e-44
  //   z = +100, t = 0:  100                             (confident and wrong: 100 nats)
  //   z = -100, t = 1:  0 + 0 + 100 = 100
  // Two images [z=100,t=1; z=-100,t=0] and [z=100,t=0; z=-100,t=1]: (0 + 200) / 2 = 100.
  Mat Z = mat2x2(100.0f, 100.0f, -100.0f, -100.0f), T = mat2x2(1.0f, 0.0f, 0.0f, 1.0f), A, dZ;
  ae::activate(Activation::Sigmoid, Z, A);
  const double v = ae::loss_and_grad(Loss::BCE, Activation::Sigmoid, Z, A, T, dZ);
  ASSERT_TRUE(std::isfinite(v));
  EXPECT_NEAR(v, 100.0, 1e-4);
  EXPECT_TRUE(dZ.allFinite());
  // Gradient (σ(z) - t) / 2: 0 where right, +0.5 / -0.5 where confidently wrong.
  EXPECT_TRUE(dZ.isApprox(mat2x2(0.0f, 0.5f, 0.0f, -0.5f))) << dZ;
  // Each confident-and-right pixel alone costs ~0, not NaN.
  Mat Z1(1, 1), T1(1, 1), A1;
  Z1 << 100.0f;
  T1 << 1.0f;
  ae::activate(Activation::Sigmoid, Z1, A1);
  const double right = ae::loss_value(Loss::BCE, Activation::Sigmoid, Z1, A1, T1);
  EXPECT_TRUE(std::isfinite(right));
  EXPECT_NEAR(right, 0.0, 1e-12);
}

TEST(Losses, BceRejectsANonSigmoidOutput) {
  const Mat Z = mat2x2(0.1f, 0.2f, 0.3f, 0.4f), T = Z;
  Mat dZ;
  for (Activation out : {Activation::Identity, Activation::ReLU, Activation::LeakyReLU, Activation::Tanh}) {
    EXPECT_THROW(ae::loss_and_grad(Loss::BCE, out, Z, Z, T, dZ), ae::Error) << ae::to_string(out);
    EXPECT_THROW(ae::loss_value(Loss::BCE, out, Z, Z, T), ae::Error) << ae::to_string(out);
  }
  ae::ModelSpec spec;
  spec.sizes = {4, 2};
  spec.loss = Loss::BCE;
  spec.output = Activation::ReLU;
  EXPECT_THROW(ae::validate(spec), ae::Error);
  spec.output = Activation::Sigmoid;
  EXPECT_NO_THROW(ae::validate(spec));
}

TEST(Losses, ValueAndGradientAgreeOnTheValue) {  // to float precision: both sum in float
  Mat Z(4, 3), T(4, 3), A, dZ;
  Z << 0.3f, -1.0f, 2.0f, 0.0f, 0.7f, -0.2f, 1.5f, -2.5f, 0.9f, -0.4f, 0.1f, 1.1f;
  T.setConstant(0.25f);
  ae::activate(Activation::Sigmoid, Z, A);
  for (Loss l : {Loss::MSE, Loss::BCE, Loss::L1})
    EXPECT_NEAR(ae::loss_value(l, Activation::Sigmoid, Z, A, T), ae::loss_and_grad(l, Activation::Sigmoid, Z, A, T, dZ),
                1e-6)
        << ae::to_string(l);
}

TEST(Losses, ParseAndNameRoundTrip) {
  for (Loss l : {Loss::MSE, Loss::BCE, Loss::L1}) EXPECT_EQ(ae::parse_loss(ae::to_string(l)), l);
  EXPECT_THROW(ae::parse_loss("cross-entropy"), ae::Error);
  EXPECT_THROW(ae::parse_loss(""), ae::Error);
  EXPECT_FALSE(ae::is_valid(static_cast<Loss>(3)));
}

}  // namespace
