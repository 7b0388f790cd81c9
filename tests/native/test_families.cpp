// The autoencoder families: finite-difference gradient checks of every new layer and penalty (Conv2D,
// ConvTranspose2D, L1 activity, KL sparsity, contractive, the VAE's KL and reparameterised path), their
// closed forms, model-file round trips, and the linear-AE = PCA equivalence on real MNIST.
//
// Gradient checks run the engine's own float forward pass with central differences of step h and compare
// with a tolerance suited to float (the dense path is checked in double in test_gradients.cpp).
#include <gtest/gtest.h>

#include <Eigen/SVD>
#include <cmath>

#include "family_metrics.h"
#include "model.h"
#include "optim.h"
#include "pca.h"
#include "penalties.h"
#include "presets.h"
#include "serialize.h"
#include "stacked.h"
#include "test_util.h"
#include "trainer.h"

namespace {

using ae::Mat;

Mat random_images(ae::Index rows, ae::Index cols, uint64_t seed) {
  ae::Rng rng(seed);
  Mat m(rows, cols);
  for (ae::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(0.05f, 0.95f);
  return m;
}

// Compares analytic gradients with central differences over every parameter (or a stride of them).
void check_gradients(ae::ModelSpec spec, const Mat& X, const Mat& T, uint64_t seed, int stride = 1) {
  ae::Autoencoder model(spec, seed);
  ae::Workspace ws;
  auto loss_at = [&]() {
    ws.rng = ae::Rng(77, 9);  // the same ε every time: the VAE's sample is part of the function
    return model.evaluate(X, T, ws).total();
  };
  ws.rng = ae::Rng(77, 9);
  const double base = model.loss_and_gradient(X, T, ws);
  EXPECT_NEAR(base, loss_at(), 1e-4 * std::max(1.0, std::abs(base))) << "training and evaluation passes differ";
  const std::vector<float> grad = model.gradients();
  std::vector<float>& p = model.parameters();
  const float h = 1e-2f;
  int checked = 0;
  double worst = 0;
  for (size_t i = 0; i < p.size(); i += static_cast<size_t>(stride)) {
    const float keep = p[i];
    p[i] = keep + h;
    const double up = loss_at();
    p[i] = keep - h;
    const double down = loss_at();
    p[i] = keep;
    const double numeric = (up - down) / (2.0 * h);
    const double err = std::abs(numeric - grad[i]) / (std::abs(numeric) + std::abs(grad[i]) + 1e-2);
    worst = std::max(worst, err);
    EXPECT_LT(err, 2e-2) << spec.describe() << ": parameter " << i << " analytic " << grad[i] << " numeric " << numeric;
    ++checked;
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_GT(checked, 10);
  ::testing::Test::RecordProperty("worst_relative_error", std::to_string(worst));
}

ae::ModelSpec dense(std::vector<int> sizes, ae::Activation act = ae::Activation::Tanh) {
  ae::ModelSpec s;
  s.sizes = std::move(sizes);
  s.hidden = act;
  s.latent = act;
  s.output = ae::Activation::Sigmoid;
  return s;
}

TEST(FamilyGradients, L1ActivityPenalty) {
  auto s = dense({10, 7, 4});
  s.penalty = ae::Penalty::L1;
  s.penalty_weight = 0.3f;
  check_gradients(s, random_images(10, 5, 1), random_images(10, 5, 2), 3);
}

TEST(FamilyGradients, KlSparsityPenalty) {
  auto s = dense({10, 7, 4});
  s.latent = ae::Activation::Sigmoid;
  s.penalty = ae::Penalty::KL;
  s.penalty_weight = 2.0f;
  s.sparsity_target = 0.1f;
  check_gradients(s, random_images(10, 6, 4), random_images(10, 6, 4), 5);
}

TEST(FamilyGradients, ContractivePenaltyUntiedAndTied) {
  for (bool tied : {false, true}) {
    auto s = dense({9, 5}, ae::Activation::Sigmoid);
    s.tied = tied;
    s.penalty = ae::Penalty::Contractive;
    s.penalty_weight = 0.5f;
    check_gradients(s, random_images(9, 4, 6), random_images(9, 4, 6), 7);
  }
}

TEST(FamilyGradients, VaeKlAndReparameterisedPath) {
  for (ae::Loss loss : {ae::Loss::BCE, ae::Loss::MSE}) {
    ae::ModelSpec s = dense({10, 6, 3});
    s.family = ae::Family::Vae;
    s.loss = loss;
    s.beta = 0.7f;
    check_gradients(s, random_images(10, 5, 8), random_images(10, 5, 8), 9);
  }
  // The Bernoulli likelihood (likelihood.h): the same objective against binary images, input = target.
  ae::ModelSpec s = dense({10, 6, 3});
  s.family = ae::Family::Vae;
  s.loss = ae::Loss::BCE;
  s.likelihood = ae::Likelihood::Bernoulli;
  const Mat bits = ae::binarized(random_images(10, 5, 8));
  check_gradients(s, bits, bits, 9);
}

ae::ModelSpec conv_spec(int side, std::vector<ae::ConvLayerSpec> conv, int code) {
  ae::ModelSpec s;
  s.family = ae::Family::Conv;
  s.sizes = {side * side, code};
  s.image_side = side;
  s.conv = std::move(conv);
  s.hidden = s.latent = ae::Activation::Tanh;
  return s;
}

TEST(FamilyGradients, Conv2DAndConvTranspose2D) {
  // stride 2 with padding, then stride 1 without: both index paths of im2col/col2im.
  auto s = conv_spec(7, {{3, 3, 2, 1}, {2, 2, 1, 0}}, 4);
  check_gradients(s, random_images(49, 3, 10), random_images(49, 3, 10), 11);
}

TEST(FamilyGradients, ConvWithOtherChannelsOutThanIn) {
  // Colour: 2 planes in, 3 out (the colorizer is 1 in, 2 out): the first conv reads every input plane and the
  // last transposed conv writes every output plane, each with its own bias.
  auto s = conv_spec(6, {{3, 3, 2, 1}}, 4);
  s.in_channels = 2, s.out_channels = 3, s.sizes = {2 * 36, 4};
  check_gradients(s, random_images(72, 3, 14), random_images(108, 3, 15), 16);
}

TEST(FamilyGradients, ConvWithSparsityPenalty) {
  auto s = conv_spec(6, {{2, 3, 2, 1}}, 5);
  s.latent = ae::Activation::Sigmoid;
  s.penalty = ae::Penalty::KL;
  s.penalty_weight = 1.0f;
  s.sparsity_target = 0.2f;
  check_gradients(s, random_images(36, 4, 12), random_images(36, 4, 12), 13);
}

TEST(Conv, MatchesADirectConvolution) {
  // One 5x5 image, one 3x3 filter, stride 2, pad 1, identity: compare with the textbook sum.
  auto s = conv_spec(5, {{1, 3, 2, 1}}, 2);
  s.hidden = s.latent = s.output = ae::Activation::Identity;
  ae::Autoencoder m(s, 1);
  Mat x = random_images(25, 1, 14);
  ae::Workspace ws;
  m.forward(x, ws);
  auto W = m.weights(0);  // 1 x 9
  const float bias = m.bias(0)[0];
  ASSERT_EQ(ws.A[0].rows(), 9);  // 3x3 output
  for (int oy = 0; oy < 3; ++oy)
    for (int ox = 0; ox < 3; ++ox) {
      double sum = bias;
      for (int ki = 0; ki < 3; ++ki)
        for (int kj = 0; kj < 3; ++kj) {
          const int y = oy * 2 - 1 + ki, xx = ox * 2 - 1 + kj;
          if (y >= 0 && y < 5 && xx >= 0 && xx < 5) sum += W(0, ki * 3 + kj) * x(y * 5 + xx, 0);
        }
      EXPECT_NEAR(ws.A[0](oy * 3 + ox, 0), sum, 1e-5);
    }
}

TEST(Conv, TransposeIsTheAdjointOfTheConvolution) {
  // <conv(x), y> == <x, convT(y)> for the same weights: checks im2col/col2im are adjoint.
  ae::ConvGeometry g{2, 7, 7, 3, 2, 1};
  Mat x = random_images(2 * 49, 3, 15), y = random_images(g.out_height() * g.out_width() * 3, 3, 16), cx, back;
  ae::im2col(g, x, cx);
  Mat ycols = random_images(cx.rows(), cx.cols(), 17);
  ae::col2im(g, ycols, back);
  EXPECT_NEAR(cx.cwiseProduct(ycols).sum(), x.cwiseProduct(back).sum(), 1e-3);
}

TEST(Penalties, ClosedForms) {
  Mat H(2, 2);
  H << 0.1f, 0.3f, 0.5f, 0.7f;  // ρ̂ = (0.2, 0.6)
  const double kl = ae::kl_sparsity(1.0f, 0.2f, H, nullptr);
  EXPECT_NEAR(kl, 0.2 * std::log(0.2 / 0.6) + 0.8 * std::log(0.8 / 0.4), 1e-6);  // unit 0 is on target: 0
  EXPECT_NEAR(ae::l1_activity(2.0f, H, nullptr), 2.0 * (0.1 + 0.3 + 0.5 + 0.7) / 2, 1e-6);
  Mat mu = Mat::Zero(3, 4), logvar = Mat::Zero(3, 4), dmu, dlv;
  EXPECT_NEAR(ae::gaussian_kl(1.0f, mu, logvar, dmu, dlv), 0.0, 1e-9);  // q = prior
  mu.setConstant(1.0f);
  EXPECT_NEAR(ae::gaussian_kl(1.0f, mu, logvar, dmu, dlv), 0.5 * 3, 1e-6);  // ½ Σ μ² per image
  // Contractive: for W = [[1, 2]], h = 0.5 everywhere: ‖J‖² = (0.25)² · 5
  Mat W(1, 2);
  W << 1, 2;
  Mat X = Mat::Zero(2, 3), Hh = Mat::Constant(1, 3, 0.5f), dW = Mat::Zero(1, 2);
  ae::Vec db = ae::Vec::Zero(1);
  EXPECT_NEAR(ae::contractive(1.0f, W, X, Hh, dW, db), 0.0625 * 5, 1e-6);
}

TEST(Families, ValidationRejectsUnsupportedCombinations) {
  auto kl = dense({784, 32}, ae::Activation::ReLU);
  kl.penalty = ae::Penalty::KL;
  EXPECT_THROW(ae::validate(kl), ae::Error);  // KL sparsity needs sigmoid codes
  auto cae = dense({784, 256, 32}, ae::Activation::Sigmoid);
  cae.penalty = ae::Penalty::Contractive;
  EXPECT_THROW(ae::validate(cae), ae::Error);  // only one sigmoid encoder layer
  auto vae = dense({784, 64, 8});
  vae.family = ae::Family::Vae;
  vae.tied = true;
  EXPECT_THROW(ae::validate(vae), ae::Error);
  auto conv = conv_spec(28, {{16, 3, 2, 1}}, 32);
  conv.sizes = {700, 32};
  EXPECT_THROW(ae::validate(conv), ae::Error);  // not a square image
  conv = conv_spec(28, {{16, 3, 2, 5}}, 32);
  EXPECT_THROW(ae::validate(conv), ae::Error);  // padding >= kernel
}

// The family table (families.h): names round-trip, each family has a preset that validates, and validate()
// accepts exactly what each row says the family takes.
TEST(FamilyTable, NamesRoundTripAndEveryFamilyHasAPreset) {
  for (const ae::FamilyInfo& f : ae::kFamilies) {
    EXPECT_EQ(ae::parse_family(ae::to_string(f.family)), f.family) << f.name;
    EXPECT_NE(ae::family_names().find(f.name), std::string::npos) << f.name;
    int presets = 0;
    for (const ae::Preset& p : ae::presets())
      if (p.spec.family == f.family) ++presets;
    EXPECT_GT(presets, 0) << f.name << " has no preset";
  }
  EXPECT_EQ(ae::parse_family("dense"), ae::Family::Autoencoder);
  EXPECT_THROW(ae::parse_family("gan"), ae::Error);
  for (const ae::Preset& p : ae::presets()) {
    EXPECT_NO_THROW(ae::validate(p.spec)) << p.name;
    EXPECT_EQ(&ae::find_preset(p.name), &p);
    if (p.stacked) {
      EXPECT_TRUE(ae::family_info(p.spec.family).has(ae::kStackedPretraining)) << p.name;
    }
  }
}

TEST(FamilyTable, ValidateAcceptsWhatEachRowTakes) {
  for (const ae::FamilyInfo& f : ae::kFamilies) {
    ae::ModelSpec base;
    for (const ae::Preset& p : ae::presets())
      if (p.spec.family == f.family) base = p.spec;
    base.sizes = {784, 16};
    base.penalty = ae::Penalty::None;
    ASSERT_NO_THROW(ae::validate(base)) << f.name;
    const auto valid = [](const ae::ModelSpec& s) {
      try {
        ae::validate(s);
        return true;
      } catch (const ae::Error&) {
        return false;
      }
    };
    auto s = base;
    s.tied = true;
    EXPECT_EQ(valid(s), f.has(ae::kTiedWeights)) << f.name << " tied";
    s = base;
    s.penalty = ae::Penalty::L1, s.penalty_weight = 0.1f;
    EXPECT_EQ(valid(s), f.has(ae::kCodePenalty)) << f.name << " l1";
    s = base;
    s.penalty = ae::Penalty::Contractive, s.penalty_weight = 0.1f, s.latent = ae::Activation::Sigmoid;
    EXPECT_EQ(valid(s), f.has(ae::kContractive)) << f.name << " contractive";
    s = base;
    s.sizes = {784, 64, 16};
    EXPECT_EQ(valid(s), f.has(ae::kHiddenLayers)) << f.name << " hidden layers";
    s = base;
    s.beta = -1;
    EXPECT_EQ(valid(s), !f.has(ae::kKlBeta)) << f.name << " a negative beta is refused where beta counts";
    if (!f.has(ae::kStackedPretraining)) {
      ae::Autoencoder m(base, 1);
      EXPECT_THROW(ae::pretrain_stacked(m, random_images(784, 4, 1), ae::TrainConfig{}, {}), ae::Error) << f.name;
    }
    ae::Autoencoder m(base, 1);
    const ae::FamilyReport r = ae::family_report(m, random_images(784, 8, 2));
    EXPECT_EQ(r.has_elbo, f.variational) << f.name;
  }
}

TEST(Families, ModelFilesRoundTripEveryFamily) {
  std::vector<ae::ModelSpec> specs;
  auto sparse = dense({784, 64}, ae::Activation::Sigmoid);
  sparse.penalty = ae::Penalty::KL, sparse.penalty_weight = 3, sparse.sparsity_target = 0.05f;
  specs.push_back(sparse);
  auto vae = dense({784, 64, 2});
  vae.family = ae::Family::Vae, vae.loss = ae::Loss::BCE, vae.beta = 0.5f;
  specs.push_back(vae);
  specs.push_back(conv_spec(28, {{8, 3, 2, 1}, {16, 3, 2, 1}}, 16));
  for (const auto& s : specs) {
    ae::Autoencoder m(s, 3);
    const auto bytes = ae::serialize_model(ae::make_model_file(m, ae::parse_noise("mask:0.3"), "round trip"));
    const ae::ModelFile f = ae::parse_model(bytes.data(), bytes.size(), "mem");
    EXPECT_EQ(f.spec.describe(), s.describe());
    EXPECT_EQ(f.params, m.parameters());
    const Mat x = random_images(784, 2, 4);
    EXPECT_TRUE(ae::instantiate(f)->reconstruct(x).isApprox(m.reconstruct(x)));
  }
}

TEST(Families, VaeSamplesAndDeterministicReconstruction) {
  auto s = dense({784, 32, 4});
  s.family = ae::Family::Vae;
  s.loss = ae::Loss::BCE;
  ae::Autoencoder m(s, 1);
  const Mat x = random_images(784, 3, 5);
  EXPECT_TRUE(m.reconstruct(x).isApprox(m.reconstruct(x)));  // z = μ: no sampling
  EXPECT_EQ(m.encode(x).rows(), 4);
  ae::Rng rng(3);
  const Mat samples = m.sample(5, rng);
  EXPECT_EQ(samples.cols(), 5);
  EXPECT_GE(samples.minCoeff(), 0.0f);
  EXPECT_LE(samples.maxCoeff(), 1.0f);
}

// Largest principal angle (degrees) between the column spaces of A and B (both d x k).
double largest_principal_angle(const Mat& A, const Mat& B) {
  Eigen::HouseholderQR<Eigen::MatrixXd> qa(A.cast<double>()), qb(B.cast<double>());
  const Eigen::MatrixXd Qa = qa.householderQ() * Eigen::MatrixXd::Identity(A.rows(), A.cols());
  const Eigen::MatrixXd Qb = qb.householderQ() * Eigen::MatrixXd::Identity(B.rows(), B.cols());
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(Qa.transpose() * Qb);
  const double smallest_cos = std::min(1.0, svd.singularValues().minCoeff());
  return std::acos(smallest_cos) * 180.0 / M_PI;
}

TEST(LinearAutoencoder, SpansThePcaSubspaceOnMnist) {
  // A linear AE trained with MSE reaches the PCA subspace (Baldi & Hornik 1989). On 10k real MNIST
  // images, k = 8, 20 epochs of Adam (lr 5e-3): the decoder's column space comes within 8 degrees of the
  // top-8 principal subspace untied (measured 4.8) and within 15 tied (measured 9.3; the tied model
  // converges more slowly), where a random 8-D subspace of R^784 is at ~89 degrees.
  const ae::Dataset* train = testutil::mnist(ae::Split::Train);
  ASSERT_NE(train, nullptr) << testutil::mnist_error();
  const Mat data = train->images.leftCols(10000);
  const int k = 8;
  const ae::Pca pca = ae::Pca::fit(data, k);
  for (bool tied : {false, true}) {
    auto s = dense({784, k}, ae::Activation::Identity);
    s.output = ae::Activation::Identity;
    s.tied = tied;
    ae::Autoencoder m(s, 1);
    ae::TrainConfig cfg;
    cfg.epochs = 20;
    cfg.batch_size = 100;
    cfg.optim.lr = 5e-3f;
    Mat none;
    ae::Trainer t(m, data, none, cfg);
    while (!t.step(1000).done) {
    }
    // Decoder W: for the untied model layer 1 is 784 x k; a tied decoder uses the encoder's Wᵀ.
    const Mat decoder = tied ? Mat(m.weights(0).transpose()) : Mat(m.weights(1));
    const double angle = largest_principal_angle(decoder, pca.components);
    const double random_angle = largest_principal_angle(random_images(784, k, 9).array() - 0.5f, pca.components);
    RecordProperty(tied ? "tied_angle_degrees" : "untied_angle_degrees", std::to_string(angle));
    std::printf("linear AE (%s): largest principal angle to PCA-%d = %.2f deg (random subspace: %.1f deg)\n",
                tied ? "tied" : "untied", k, angle, random_angle);
    EXPECT_LT(angle, tied ? 15.0 : 8.0) << (tied ? "tied" : "untied");
    EXPECT_GT(random_angle, 60.0);
  }
}

}  // namespace
