// Exact Jacobians (src/engine/jacobian.h) against central finite differences, and the tangents built on them.
//
// A difference quotient taken through the float forward pass is swamped by float rounding, so (as in
// test_gradients.cpp) the differences are taken through a reference forward pass in double, written here from
// the documented maths and reading the parameters through the model's public layer views. The test first
// checks that this reference reproduces the engine's own float forward pass, so the Jacobians are checked
// against the function the engine really computes. Steps of 1e-6 in double leave a truncation error ~1e-12
// and a rounding error ~1e-10; the float Jacobians carry ~1e-6 relative error; the tolerance is 1e-4 of the
// Jacobian's largest entry (a wrong factor - a missing transpose, a missing derivative - is off by O(1)).
#include <gtest/gtest.h>

#include <Eigen/SVD>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "error.h"
#include "jacobian.h"
#include "model.h"
#include "pca.h"
#include "test_util.h"

namespace {

using ae::Activation;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// The activations written out in double, from their definitions (test_util.h).
using testutil::activation_reference;

// Layers [first, last) in double; `mu_at` = the layer after which the VAE keeps the top half (μ), or -1.
VectorXd reference(const ae::Autoencoder& m, int first, int last, VectorXd a, int mu_at = -1) {
  for (int l = first; l < last; ++l) {
    const MatrixXd W = m.weights(l).cast<double>();
    VectorXd z = (m.is_tied(l) ? VectorXd(W.transpose() * a) : VectorXd(W * a)) + m.bias(l).cast<double>();
    a = z.unaryExpr([&](double v) { return activation_reference(m.activation(l), v); });
    if (l == mu_at) a = VectorXd(a.head(m.latent_size()));
  }
  return a;
}

int mu_layer(const ae::Autoencoder& m) { return m.spec().family == ae::Family::Vae ? m.encoder_layers() - 1 : -1; }
VectorXd ref_encode(const ae::Autoencoder& m, const VectorXd& x) {
  return reference(m, 0, m.encoder_layers(), x, mu_layer(m));
}
VectorXd ref_decode(const ae::Autoencoder& m, const VectorXd& h) {
  return reference(m, m.encoder_layers(), m.num_layers(), h);
}
VectorXd ref_reconstruct(const ae::Autoencoder& m, const VectorXd& x) { return ref_decode(m, ref_encode(m, x)); }

template <class Fn>
MatrixXd central_differences(Fn fn, const VectorXd& at, double h = 1e-6) {
  const Eigen::Index out = fn(at).size();
  MatrixXd J(out, at.size());
  for (Eigen::Index j = 0; j < at.size(); ++j) {
    VectorXd up = at, down = at;
    up(j) += h, down(j) -= h;
    J.col(j) = (fn(up) - fn(down)) / (2 * h);
  }
  return J;
}

void expect_close(const ae::Mat& got, const MatrixXd& want, const std::string& what) {
  ASSERT_EQ(got.rows(), want.rows()) << what;
  ASSERT_EQ(got.cols(), want.cols()) << what;
  const double scale = std::max(1e-3, want.cwiseAbs().maxCoeff());
  const double err = (got.cast<double>() - want).cwiseAbs().maxCoeff();
  EXPECT_LE(err, 1e-4 * scale) << what << ": max |exact - finite differences| = " << err << " (scale " << scale << ")";
}

// Random weights (the engine's init) and random biases, so units are not all in the same regime.
ae::Autoencoder make_model(ae::ModelSpec spec, uint64_t seed) {
  ae::Autoencoder m(spec, seed);
  ae::Rng rng(seed + 7);
  for (int l = 0; l < m.num_layers(); ++l) {
    auto b = m.mutable_bias(l);
    for (Eigen::Index i = 0; i < b.size(); ++i) b(i) = 0.3f * rng.normal();
  }
  return m;
}

VectorXd random_input(Eigen::Index d, uint64_t seed) {
  ae::Rng rng(seed);
  VectorXd x(d);
  for (Eigen::Index i = 0; i < d; ++i) x(i) = rng.uniform(0.0f, 1.0f);
  return x;
}

// Every Jacobian of `m` at a random input against central differences of the double reference.
void check_all_jacobians(const ae::Autoencoder& m, uint64_t seed) {
  const VectorXd x = random_input(m.spec().input_size(), seed);
  const ae::Vec xf = x.cast<float>();
  // The reference is the engine's function: its reconstruction equals the float forward pass.
  const ae::Mat engine_r = m.reconstruct(ae::Mat(xf));
  ASSERT_LE((engine_r.col(0).cast<double>() - ref_reconstruct(m, xf.cast<double>())).cwiseAbs().maxCoeff(), 1e-5);
  const VectorXd xd = xf.cast<double>();
  const VectorXd code = ref_encode(m, xd);
  expect_close(ae::encoder_jacobian(m, xf),
               central_differences([&](const VectorXd& v) { return ref_encode(m, v); }, xd), "encoder");
  expect_close(
      ae::decoder_jacobian(m, code.cast<float>()),
      central_differences([&](const VectorXd& v) { return ref_decode(m, v); }, code.cast<float>().cast<double>()),
      "decoder");
  const MatrixXd r_fd = central_differences([&](const VectorXd& v) { return ref_reconstruct(m, v); }, xd);
  expect_close(ae::reconstruction_jacobian(m, xf), r_fd, "reconstruction");
}

struct Case {
  Activation act;
  bool tied;
  std::vector<int> sizes;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << ae::to_string(c.act) << (c.tied ? " tied" : " untied") << " sizes";
  for (int s : c.sizes) *os << " " << s;
}

class DenseJacobians : public ::testing::TestWithParam<Case> {};

TEST_P(DenseJacobians, MatchCentralDifferences) {
  const Case& c = GetParam();
  ae::ModelSpec s;
  s.sizes = c.sizes, s.hidden = c.act, s.latent = c.act, s.output = c.act, s.tied = c.tied;
  for (uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    check_all_jacobians(make_model(s, seed), seed * 11);
  }
}

std::vector<Case> cases() {
  std::vector<Case> out;
  for (Activation a :
       {Activation::ReLU, Activation::Sigmoid, Activation::Tanh, Activation::Identity, Activation::LeakyReLU})
    for (bool tied : {false, true})
      for (std::vector<int> sizes :
           {std::vector<int>{6, 3}, std::vector<int>{7, 5, 3}, std::vector<int>{9, 8, 6, 4, 2}})
        out.push_back({a, tied, sizes});
  return out;
}

INSTANTIATE_TEST_SUITE_P(AllActivations, DenseJacobians, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name =
                               std::string(ae::to_string(info.param.act)) + (info.param.tied ? "_tied" : "_untied");
                           for (int s : info.param.sizes) name += "_" + std::to_string(s);
                           return name;
                         });

TEST(Jacobian, VaeUsesTheMuPath) {
  ae::ModelSpec s;
  s.family = ae::Family::Vae, s.sizes = {8, 6, 3}, s.hidden = Activation::Tanh;
  const ae::Autoencoder m = make_model(s, 5);
  check_all_jacobians(m, 9);
  // The encoder's Jacobian is latent x input (μ only, not log σ²).
  EXPECT_EQ(ae::encoder_jacobian(m, ae::Vec::Constant(8, 0.5f)).rows(), 3);
}

TEST(Jacobian, DigitSizedModelAlongRandomDirections) {
  // 784 inputs: the reconstruction Jacobian (product of the decoder's and the encoder's) against directional
  // differences J·v ≈ (r(x + hv) - r(x - hv)) / 2h along a few random v.
  ae::ModelSpec s;
  s.sizes = {784, 64, 10};
  const ae::Autoencoder m = make_model(s, 21);
  const VectorXd x = random_input(784, 4).cast<float>().cast<double>();
  const ae::Mat J = ae::reconstruction_jacobian(m, x.cast<float>());
  ASSERT_EQ(J.rows(), 784);
  ASSERT_EQ(J.cols(), 784);
  for (uint64_t seed : {1u, 2u, 3u}) {
    const VectorXd v = random_input(784, 100 + seed).array() - 0.5;
    const double h = 1e-6;
    const VectorXd fd = (ref_reconstruct(m, x + h * v) - ref_reconstruct(m, x - h * v)) / (2 * h);
    const VectorXd exact = J.cast<double>() * v;
    EXPECT_LE((exact - fd).cwiseAbs().maxCoeff(), 1e-4 * std::max(1e-3, fd.cwiseAbs().maxCoeff()));
  }
}

TEST(Jacobian, BatchedSmallJacobiansEqualOnePointAtATime) {
  ae::ModelSpec s;
  s.sizes = {2, 16, 1}, s.hidden = Activation::Tanh, s.latent = Activation::Identity, s.output = Activation::Identity;
  for (ae::Family fam : {ae::Family::Autoencoder, ae::Family::Vae}) {
    s.family = fam;
    const ae::Autoencoder m = make_model(s, 3);
    ae::Mat X(2, 50);
    ae::Rng rng(8);
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal();
    const ae::Mat all = ae::reconstruction_jacobians(m, X);
    ASSERT_EQ(all.rows(), 4);
    ASSERT_EQ(all.cols(), 50);
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
      const ae::Mat one = ae::reconstruction_jacobian(m, X.col(j));
      const ae::Mat got = Eigen::Map<const ae::Mat>(all.col(j).data(), 2, 2);
      EXPECT_LE((got - one).cwiseAbs().maxCoeff(), 1e-5f * std::max(1.0f, one.cwiseAbs().maxCoeff()));
    }
  }
}

// Unit, orthogonal columns; descending singular values; each column u a left singular vector of J with its σ
// (Jᵀu has length σ and J·Jᵀu = σ²u).
void expect_tangents_of(const ae::Tangents& t, const MatrixXd& J, int k) {
  ASSERT_EQ(t.k(), k);
  ASSERT_EQ(t.singular_values.size(), k);
  const MatrixXd U = t.directions.cast<double>();
  EXPECT_LE((U.transpose() * U - MatrixXd::Identity(k, k)).cwiseAbs().maxCoeff(), 1e-5);
  for (int i = 0; i + 1 < k; ++i) EXPECT_GE(t.singular_values(i), t.singular_values(i + 1));
  const VectorXd sv = Eigen::JacobiSVD<MatrixXd>(J).singularValues();
  for (int i = 0; i < k; ++i) {
    const double sigma = t.singular_values(i);
    EXPECT_NEAR(sigma, sv(i), 1e-4 * sv(0)) << "singular value " << i;
    const VectorXd u = U.col(i);
    EXPECT_NEAR((J.transpose() * u).norm(), sigma, 1e-4 * sv(0));
    if (sv(i) - (i + 1 < sv.size() ? sv(i + 1) : 0.0) > 1e-2 * sv(0)) {  // a distinct σ fixes its direction
      EXPECT_LE((J * (J.transpose() * u) - sigma * sigma * u).norm(), 1e-3 * sv(0) * sv(0)) << "direction " << i;
    }
    Eigen::Index at = 0;
    u.cwiseAbs().maxCoeff(&at);
    EXPECT_GT(u(at), 0.0) << "sign convention";
  }
}

TEST(Tangents, DecoderAndMapTangentsAreSingularVectors) {
  ae::ModelSpec s;
  s.sizes = {30, 20, 5}, s.hidden = Activation::Sigmoid;
  const ae::Autoencoder m = make_model(s, 4);
  const ae::Vec x = random_input(30, 6).cast<float>();
  const ae::Vec code = m.encode(ae::Mat(x)).col(0);
  expect_tangents_of(ae::decoder_tangents(m, x, 4), ae::decoder_jacobian(m, code).cast<double>(), 4);
  expect_tangents_of(ae::map_tangents(m, x, 4), ae::reconstruction_jacobian(m, x).cast<double>(), 4);
  // k beyond the rank (the code has 5 values) is clipped.
  EXPECT_EQ(ae::map_tangents(m, x, 50).k(), 5);
  EXPECT_EQ(ae::decoder_tangents(m, x, 50).k(), 5);
}

TEST(Tangents, PcaTangentsAreItsComponents) {
  ae::Mat X(12, 400);
  ae::Rng rng(3);
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    for (Eigen::Index i = 0; i < X.rows(); ++i) X(i, j) = float(12 - i) * 0.1f * rng.normal();
  const ae::Pca pca = ae::Pca::fit(X, 4);
  const ae::Tangents t = ae::pca_tangents(pca, 3);
  ASSERT_EQ(t.k(), 3);
  EXPECT_EQ(t.directions, pca.components.leftCols(3));
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(t.singular_values(i), std::sqrt(pca.variances(i)), 1e-6);
  for (int i = 0; i < 2; ++i) EXPECT_GT(t.singular_values(i), t.singular_values(i + 1));
  EXPECT_EQ(ae::pca_tangents(pca, 10).k(), 4);
}

TEST(Jacobian, ConvModelsAndWrongSizesAreRejected) {
  ae::ModelSpec conv;
  conv.family = ae::Family::Conv, conv.sizes = {784, 8}, conv.conv = {{4, 3, 2, 1}};
  const ae::Autoencoder m(conv, 1);
  try {
    ae::encoder_jacobian(m, ae::Vec::Zero(784));
    FAIL() << "a conv model was accepted";
  } catch (const ae::Error& e) {
    EXPECT_NE(std::string(e.what()).find("dense"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ae::decoder_tangents(m, ae::Vec::Zero(784), 3), ae::Error);
  EXPECT_THROW(ae::reconstruction_jacobians(m, ae::Mat::Zero(784, 2)), ae::Error);
  ae::ModelSpec dense;
  dense.sizes = {6, 3};
  const ae::Autoencoder d(dense, 1);
  EXPECT_THROW(ae::encoder_jacobian(d, ae::Vec::Zero(5)), ae::Error);
  EXPECT_THROW(ae::decoder_jacobian(d, ae::Vec::Zero(6)), ae::Error);
}

// The contractive penalty of a deeper encoder (src/engine/contractive_jvp.h: forward mode for J, reverse mode
// through it for the gradient) against a double-precision reference: P = λ · mean over the points of ‖J‖²_F
// with J by central differences (step 1e-5) of the double reference encoder, and ∂P/∂θ by central differences
// of that P over every parameter θ (the actual step is the difference of the two float parameter values the
// model holds, ~1e-3). The engine's penalty gradient is the model's gradient with λ minus the same model's with
// λ = 0 (the reconstruction's part cancels). Error budget: the outer differences carry ~1e-7 absolute noise
// and ~1e-6 relative truncation, the float gradient ~1e-5 relative; tolerance 1e-3 of the largest entry.
double ref_contractive(const ae::Autoencoder& m, const ae::Mat& X, double lambda) {
  double sum = 0;
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    const VectorXd x = X.col(i).cast<double>();
    sum += central_differences([&](const VectorXd& v) { return ref_encode(m, v); }, x, 1e-5).squaredNorm();
  }
  return lambda * sum / static_cast<double>(X.cols());
}

std::vector<float> model_gradient(ae::ModelSpec spec, float lambda, const std::vector<float>& params, const ae::Mat& X,
                                  double* penalty) {
  spec.penalty_weight = lambda;
  ae::Autoencoder m(spec, 1);
  m.parameters() = params;
  ae::Workspace ws;
  m.loss_and_gradient(X, X, ws);
  *penalty = m.last_loss().penalty;
  return m.gradients();
}

TEST(ContractivePenalty, DeepEncoderGradientMatchesDoubleReference) {
  for (const auto& [sizes, latent, tied] : {std::tuple{std::vector<int>{3, 6, 4, 2}, Activation::Identity, false},
                                            std::tuple{std::vector<int>{2, 5, 3}, Activation::Tanh, true},
                                            std::tuple{std::vector<int>{2, 7, 2}, Activation::Sigmoid, false}}) {
    ae::ModelSpec spec;
    spec.sizes = sizes, spec.hidden = Activation::Tanh, spec.latent = latent, spec.tied = tied;
    spec.output = Activation::Identity, spec.loss = ae::Loss::MSE, spec.penalty = ae::Penalty::Contractive;
    ae::Autoencoder m = make_model(spec, 3);
    ae::Mat X(spec.input_size(), 5);
    ae::Rng rng(11);
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal();
    const double lambda = 0.7;
    double penalty = 0, none = 0;
    const std::vector<float> with = model_gradient(spec, 0.7f, m.parameters(), X, &penalty);
    const std::vector<float> without = model_gradient(spec, 0.0f, m.parameters(), X, &none);
    EXPECT_NEAR(penalty, ref_contractive(m, X, lambda), 1e-5 * std::max(1.0, penalty)) << spec.describe();
    EXPECT_EQ(none, 0.0);
    std::vector<float>& p = m.parameters();
    std::vector<double> numeric(p.size()), analytic(p.size());
    double scale = 1e-3;
    for (size_t i = 0; i < p.size(); ++i) {
      const float keep = p[i], up = keep + 1e-3f, down = keep - 1e-3f;
      p[i] = up;
      const double at_up = ref_contractive(m, X, lambda);
      p[i] = down;
      const double at_down = ref_contractive(m, X, lambda);
      p[i] = keep;
      numeric[i] = (at_up - at_down) / (double(up) - double(down));
      analytic[i] = double(with[i]) - double(without[i]);
      scale = std::max(scale, std::abs(numeric[i]));
    }
    for (size_t i = 0; i < p.size(); ++i)
      EXPECT_NEAR(analytic[i], numeric[i], 1e-3 * scale) << spec.describe() << ": parameter " << i;
  }
}

}  // namespace
