// Finite-difference gradient checks of Autoencoder::loss_and_gradient over EVERY parameter, for every
// activation (in hidden, code and output position), every loss, deep stacks and the tied-weight path.
//
// The engine computes in float, whose rounding (~1e-7 relative) swamps a difference quotient taken
// through the float forward pass. So, as llm.c compares against an independent reference, the check
// runs a reference forward pass in double, written here from the documented maths and reading the
// parameters through the model's public layer views (weights(l), bias(l), is_tied(l)):
//   Z[l] = W[l] A[l-1] + b[l]   (Wᵀ for a tied decoder layer),   A[l] = f(Z[l])
//   loss = Σ over pixels, mean over images, of (a-t)² | |a-t| | log(1+e^-|z|) + max(z,0) - z t
// It first asserts that this reference reproduces the engine's own forward pass and loss (so the
// gradient is checked against the function the engine really computes), then compares the engine's
// analytic (float) gradient with central differences (L(p+h) - L(p-h)) / 2h taken in double.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "model.h"
#include "test_util.h"

namespace {

using ae::Activation;
using ae::Loss;
using ae::Mat;
using Eigen::MatrixXd;

// The activations written out in double, from their definitions (test_util.h).
using testutil::activation_reference;

bool relu_like(Activation a) { return a == Activation::ReLU || a == Activation::LeakyReLU; }

// Reference forward pass in double with parameters `p` (same layout as model.parameters()).
// Fills Z (pre-activations of every layer) and returns the output A.
MatrixXd reference_forward(const ae::Autoencoder& model, const std::vector<double>& p, const MatrixXd& X,
                           std::vector<MatrixXd>& Z) {
  const float* base = model.parameters().data();
  Z.resize(static_cast<size_t>(model.num_layers()));
  MatrixXd A = X;
  for (int l = 0; l < model.num_layers(); ++l) {
    auto Wf = model.weights(l);
    auto bf = model.bias(l);
    Eigen::Map<const MatrixXd> W(p.data() + (Wf.data() - base), Wf.rows(), Wf.cols());
    Eigen::Map<const Eigen::VectorXd> b(p.data() + (bf.data() - base), bf.size());
    MatrixXd z = model.is_tied(l) ? MatrixXd(W.transpose() * A) : MatrixXd(W * A);
    z.colwise() += b;
    A = z.unaryExpr([&](double v) { return activation_reference(model.activation(l), v); });
    Z[static_cast<size_t>(l)] = std::move(z);
  }
  return A;
}

double reference_loss(Loss loss, const MatrixXd& Z, const MatrixXd& A, const MatrixXd& T) {
  double sum = 0;
  for (Eigen::Index i = 0; i < A.size(); ++i) {
    const double a = A.data()[i], t = T.data()[i], z = Z.data()[i];
    switch (loss) {
      case Loss::MSE: sum += (a - t) * (a - t); break;
      case Loss::L1: sum += std::abs(a - t); break;
      case Loss::BCE: sum += std::log1p(std::exp(-std::abs(z))) + std::max(z, 0.0) - z * t; break;
    }
  }
  return sum / static_cast<double>(A.cols());
}

// Sign pattern of the pre-activations of every ReLU/LeakyReLU layer: if a perturbation flips one, the
// difference quotient straddles a kink and means nothing.
std::vector<bool> kink_pattern(const ae::Autoencoder& model, const std::vector<MatrixXd>& Z) {
  std::vector<bool> signs;
  for (int l = 0; l < model.num_layers(); ++l)
    if (relu_like(model.activation(l)))
      for (Eigen::Index i = 0; i < Z[static_cast<size_t>(l)].size(); ++i)
        signs.push_back(Z[static_cast<size_t>(l)].data()[i] > 0.0);
  return signs;
}

struct GradCase {
  std::string name;
  std::vector<int> sizes;
  Activation hidden, latent, output;
  Loss loss;
  bool tied;
  int batch;
  uint64_t seed;
};

std::string case_name(const ::testing::TestParamInfo<GradCase>& info) { return info.param.name; }

class GradientCheck : public ::testing::TestWithParam<GradCase> {};

TEST_P(GradientCheck, MatchesCentralDifferences) {
  const GradCase& c = GetParam();
  ae::ModelSpec spec;
  spec.sizes = c.sizes;
  spec.hidden = c.hidden;
  spec.latent = c.latent;
  spec.output = c.output;
  spec.loss = c.loss;
  spec.tied = c.tied;
  ae::Autoencoder model(spec, c.seed);

  // Non-zero biases, so that the bias paths matter and ReLU units sit on both sides of the kink.
  ae::Rng rng(c.seed, 7);
  for (const ae::ParamRef& p : model.parameter_refs())
    if (!p.is_weight)
      for (ae::Index i = 0; i < p.size; ++i) p.value[i] = rng.uniform(-0.3f, 0.3f);

  // Input and target differ (the denoising path: loss of f(X) against a different target T).
  const int n_in = spec.input_size();
  const Mat X = testutil::uniform_matrix(n_in, c.batch, c.seed + 1);
  Mat T = testutil::uniform_matrix(n_in, c.batch, c.seed + 2);
  // 0/1 targets: sigmoid outputs never hit them (L1); the Bernoulli decoder's binarized images (bernoulli_*).
  if (c.loss == Loss::L1 || c.name.rfind("bernoulli", 0) == 0) T = (T.array() > 0.5f).cast<float>();

  ae::Workspace ws;
  const double engine_loss = model.loss_and_gradient(X, T, ws);
  const std::vector<float> analytic = model.gradients();
  ASSERT_EQ(analytic.size(), ae::parameter_count(spec));

  // The double reference reproduces the engine's forward pass and loss.
  std::vector<double> p(model.parameters().begin(), model.parameters().end());
  const MatrixXd Xd = X.cast<double>(), Td = T.cast<double>();
  std::vector<MatrixXd> Z;
  const MatrixXd A = reference_forward(model, p, Xd, Z);
  ASSERT_LT((A - ws.A.back().cast<double>()).cwiseAbs().maxCoeff(), 1e-5) << "reference forward != engine forward";
  const double base_loss = reference_loss(c.loss, Z.back(), A, Td);
  ASSERT_TRUE(std::isfinite(base_loss));
  EXPECT_NEAR(engine_loss, base_loss, 1e-5 * (1 + std::abs(base_loss))) << "engine loss != reference loss";
  const std::vector<bool> base_pattern = kink_pattern(model, Z);

  // Central differences in double over every parameter.
  auto loss_at = [&](std::vector<double>& params, bool& kinked) {
    std::vector<MatrixXd> Zh;
    const MatrixXd Ah = reference_forward(model, params, Xd, Zh);
    kinked = kinked || kink_pattern(model, Zh) != base_pattern;
    return reference_loss(c.loss, Zh.back(), Ah, Td);
  };
  const double h = 1e-5;
  std::vector<double> fd(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    const double saved = p[i];
    bool kinked = false;
    p[i] = saved + h;
    const double up = loss_at(p, kinked);
    p[i] = saved - h;
    const double down = loss_at(p, kinked);
    p[i] = saved;
    ASSERT_FALSE(kinked) << c.name << ": parameter " << i << " moves a ReLU pre-activation across 0, where "
                         << "the difference quotient means nothing; pick another seed for this case";
    fd[i] = (up - down) / (2 * h);
  }

  // Per element: 1e-4 relative, plus 1e-6 of the largest gradient (float rounding of the analytic side;
  // observed errors are ~10x below this bound).
  double scale = 0, diff_sq = 0, fd_sq = 0;
  for (double g : fd) scale = std::max(scale, std::abs(g));
  ASSERT_GT(scale, 1e-3) << "all gradients (nearly) vanish: the check would prove nothing";
  int failures = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const double an = analytic[i], err = std::abs(an - fd[i]);
    diff_sq += err * err;
    fd_sq += fd[i] * fd[i];
    if (err > 1e-4 * std::abs(fd[i]) + 1e-6 * scale && failures++ < 10)
      ADD_FAILURE() << c.name << ": parameter " << i << " of " << p.size() << ": analytic " << an
                    << " vs finite difference " << fd[i];
  }
  EXPECT_EQ(failures, 0) << "parameters whose gradient is wrong (first 10 listed above)";
  EXPECT_LT(std::sqrt(diff_sq / fd_sq), 1e-5) << c.name << ": relative error of the whole gradient vector";
}

std::vector<GradCase> all_cases() {
  const Activation acts[] = {Activation::Identity, Activation::ReLU, Activation::LeakyReLU, Activation::Sigmoid,
                             Activation::Tanh};
  std::vector<GradCase> cases;
  // Every activation in every position (hidden, code and output layer), MSE.
  for (Activation a : acts)
    cases.push_back({std::string("mse_everywhere_") + ae::to_string(a), {6, 5, 3}, a, a, a, Loss::MSE, false, 4, 11});
  // Every hidden/code activation with every loss (sigmoid output, as BCE requires).
  for (Loss loss : {Loss::MSE, Loss::BCE, Loss::L1})
    for (Activation a : acts)
      cases.push_back({std::string(ae::to_string(loss)) + "_hidden_" + ae::to_string(a), {6, 5, 3}, a, a,
                       Activation::Sigmoid, loss, false, 4, 21});
  // Deep stacks: four encoder layers, mixed activations.
  cases.push_back({"deep_tanh_identity_mse", {6, 5, 4, 3, 2}, Activation::Tanh, Activation::Identity,
                   Activation::Sigmoid, Loss::MSE, false, 5, 31});
  cases.push_back({"deep_leakyrelu_bce", {6, 5, 4, 3, 2}, Activation::LeakyReLU, Activation::Tanh,
                   Activation::Sigmoid, Loss::BCE, false, 5, 32});
  cases.push_back({"deep_relu_l1", {6, 5, 4, 3}, Activation::ReLU, Activation::ReLU, Activation::Sigmoid, Loss::L1,
                   false, 5, 33});
  // Tied weights: the decoder uses the encoder's Wᵀ, so each shared W gets gradient from two layers.
  cases.push_back({"tied_tanh_mse", {6, 5, 3}, Activation::Tanh, Activation::Tanh, Activation::Sigmoid, Loss::MSE,
                   true, 4, 41});
  cases.push_back({"tied_relu_bce", {6, 5, 3}, Activation::ReLU, Activation::ReLU, Activation::Sigmoid, Loss::BCE,
                   true, 4, 42});
  cases.push_back({"tied_identity_everywhere_mse", {6, 5, 3}, Activation::Identity, Activation::Identity,
                   Activation::Identity, Loss::MSE, true, 4, 43});
  cases.push_back({"tied_deep_sigmoid_l1", {6, 5, 4, 3}, Activation::Sigmoid, Activation::Identity,
                   Activation::Sigmoid, Loss::L1, true, 4, 44});
  cases.push_back({"tied_deep_leakyrelu_mse", {6, 5, 4, 3, 2}, Activation::LeakyReLU, Activation::LeakyReLU,
                   Activation::Tanh, Loss::MSE, true, 5, 45});
  // The Bernoulli VAE's decoder (likelihood.h): sigmoid + BCE against binary images, tanh layers as shipped.
  cases.push_back({"bernoulli_binary_targets", {6, 5, 4, 3}, Activation::Tanh, Activation::Identity,
                   Activation::Sigmoid, Loss::BCE, false, 5, 52});
  // A single sample (batch of one column).
  cases.push_back({"batch_of_one", {6, 5, 3}, Activation::Tanh, Activation::Sigmoid, Activation::Sigmoid,
                   Loss::BCE, false, 1, 51});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Autoencoder, GradientCheck, ::testing::ValuesIn(all_cases()), case_name);

// The gradient is a fresh computation each call, not accumulated across calls (tied layers accumulate
// into one buffer within a call, so the buffer must be cleared first).
TEST(Gradients, RepeatedCallsGiveTheSameGradientNotAnAccumulation) {
  ae::ModelSpec spec;
  spec.sizes = {6, 5, 3};
  spec.hidden = spec.latent = Activation::Tanh;
  spec.tied = true;
  ae::Autoencoder model(spec, 3);
  const Mat X = testutil::uniform_matrix(6, 4, 5);
  ae::Workspace ws;
  model.loss_and_gradient(X, X, ws);
  const std::vector<float> first = model.gradients();
  model.loss_and_gradient(X, X, ws);
  EXPECT_EQ(first, model.gradients());
}

}  // namespace
