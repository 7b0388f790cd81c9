// The VAE's likelihood (likelihood.h, importance.h): binarization, the Bernoulli spec and its file byte, the
// trainer's binarized test pass, and the importance-sampled log-likelihood against known answers:
//   - K = 1: the IWAE bound and the ELBO estimate are the same number (one weight);
//   - a tiny model (2-D latent): the estimate equals log p(x) = log ∫ p(x|z) N(z; 0, I) dz computed by
//     quadrature over a fine grid of the latent plane, within 0.02 nats;
//   - a small model trained on MNIST: the bound is at least the ELBO and rises with K (1 < 10 < 100 < 1000);
//   - bad inputs (K = 0, a non-VAE, a continuous VAE, grey pixels) are refused with clear messages.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "importance.h"
#include "likelihood.h"
#include "model.h"
#include "serialize.h"
#include "test_util.h"
#include "trainer.h"

namespace {

using ae::Mat;

ae::ModelSpec bernoulli_vae(std::vector<int> sizes) {
  ae::ModelSpec s;
  s.family = ae::Family::Vae;
  s.sizes = std::move(sizes);
  s.hidden = ae::Activation::Tanh;
  s.latent = ae::Activation::Identity;
  s.output = ae::Activation::Sigmoid;
  s.loss = ae::Loss::BCE;
  s.likelihood = ae::Likelihood::Bernoulli;
  return s;
}

TEST(Binarize, BitsFollowTheIntensitiesAndBlocksGiveTheSameBitsAsTheWhole) {
  const Mat grey = testutil::uniform_matrix(784, 300, 5);
  const Mat bits = ae::binarized(grey);
  EXPECT_TRUE((bits.array() == 0.0f || bits.array() == 1.0f).all());
  EXPECT_NEAR(bits.mean(), grey.mean(), 0.005);  // 235,200 Bernoulli draws: standard error ~0.001
  EXPECT_EQ(bits, ae::binarized(grey)) << "the fixed-seed binarization is not fixed";
  EXPECT_NE(bits, ae::binarized(grey, 7)) << "another seed gives the same bits";
  ae::Rng rng = ae::binarize_rng(ae::kBinarizeSeed);
  Mat first, second;
  ae::binarize(grey.leftCols(100), first, rng);
  ae::binarize(grey.rightCols(200), second, rng);
  EXPECT_EQ(first, bits.leftCols(100));
  EXPECT_EQ(second, bits.rightCols(200));
  Mat ends(2, 1);
  ends << 0.0f, 1.0f;
  for (int i = 0; i < 50; ++i) EXPECT_EQ(ae::binarized(ends, static_cast<uint64_t>(i)), ends);
}

TEST(BernoulliSpec, OnlyForTheVaeWithSigmoidAndBce) {
  ae::ModelSpec s = bernoulli_vae({784, 64, 8});
  EXPECT_NO_THROW(ae::validate(s));
  EXPECT_NE(s.describe().find("bernoulli"), std::string::npos);
  ae::ModelSpec mse = s;
  mse.loss = ae::Loss::MSE;
  EXPECT_NE(testutil::error_message([&] { ae::validate(mse); }).find("bernoulli likelihood is for the VAE"),
            std::string::npos);
  ae::ModelSpec ae_spec = s;
  ae_spec.family = ae::Family::Autoencoder;
  EXPECT_THROW(ae::validate(ae_spec), ae::Error);
  EXPECT_EQ(ae::parse_likelihood("bernoulli"), ae::Likelihood::Bernoulli);
  EXPECT_NE(testutil::error_message([] { ae::parse_likelihood("gauss"); }).find("continuous or bernoulli"),
            std::string::npos);
}

TEST(BernoulliSpec, TheFileRecordsTheLikelihoodAndOldFilesReadAsContinuous) {
  ae::Autoencoder model(bernoulli_vae({20, 8, 2}), 3);
  ae::ModelFile file = ae::make_model_file(model, {}, "test");
  std::vector<uint8_t> bytes = ae::serialize_model(file);
  EXPECT_EQ(ae::parse_model(bytes.data(), bytes.size(), "x").spec.likelihood, ae::Likelihood::Bernoulli);
  // The byte after the penalty (offset 4 magic + 4 version + 4 family + 4 count + 3 sizes x 4 + 7) is the
  // likelihood; earlier writers left it 0, which reads as continuous.
  const size_t at = 4 + 4 + 4 + 4 + 3 * 4 + 7;
  ASSERT_EQ(bytes[at], 1);
  auto with_byte = [&](uint8_t v) {
    std::vector<uint8_t> b = bytes;
    b[at] = v;
    const uint32_t crc = ae::crc32(b.data(), b.size() - 4);
    for (int i = 0; i < 4; ++i) b[b.size() - 4 + static_cast<size_t>(i)] = static_cast<uint8_t>(crc >> (8 * i));
    return b;
  };
  const std::vector<uint8_t> old = with_byte(0);
  EXPECT_EQ(ae::parse_model(old.data(), old.size(), "old").spec.likelihood, ae::Likelihood::Continuous);
  const std::vector<uint8_t> bad = with_byte(2);
  EXPECT_NE(
      testutil::error_message([&] { ae::parse_model(bad.data(), bad.size(), "bad"); }).find("unknown likelihood 2"),
      std::string::npos);
}

TEST(BernoulliTraining, TheTestPassScoresTheFixedBinarizationOfTheTestSet) {
  ae::Autoencoder model(bernoulli_vae({30, 10, 2}), 4);
  const Mat train = testutil::uniform_matrix(30, 64, 8), test = testutil::uniform_matrix(30, 40, 9);
  ae::TrainConfig cfg;
  cfg.batch_size = 16, cfg.epochs = 1;
  ae::Trainer trainer(model, train, test, cfg);
  while (!trainer.step(100).done) {
  }
  const Mat bits = ae::binarized(test);
  ae::Workspace ws;
  ws.rng = ae::Rng(cfg.seed, 10);
  double sum = 0;
  for (ae::Index pos = 0; pos < bits.cols(); pos += cfg.batch_size) {
    const ae::Index m = std::min<ae::Index>(cfg.batch_size, bits.cols() - pos);
    const Mat chunk = bits.middleCols(pos, m);
    sum += model.evaluate(chunk, chunk, ws).total() * static_cast<double>(m);
  }
  EXPECT_NEAR(trainer.history().back().test_loss, sum / 40.0, 1e-9);
}

TEST(ImportanceSampling, OneSampleGivesTheElboAndBadInputsAreRefused) {
  ae::Autoencoder model(bernoulli_vae({30, 10, 2}), 4);
  const Mat x = ae::binarized(testutil::uniform_matrix(30, 1, 2));
  ae::Rng rng(1);
  ae::Workspace ws;
  const ae::ImageLikelihood one = ae::importance_sampled(model, x.col(0), 1, rng, ws);
  EXPECT_NEAR(one.log_px, one.elbo, 1e-9);
  EXPECT_LT(one.log_px, 0);
  EXPECT_NE(testutil::error_message([&] {
              ae::importance_sampled(model, x.col(0), 0, rng, ws);
            }).find("importance samples K must be in 1.."),
            std::string::npos);
  const ae::Vec grey = testutil::uniform_matrix(30, 1, 2).col(0);
  EXPECT_NE(testutil::error_message([&] { ae::importance_sampled(model, grey, 10, rng, ws); }).find("binary images"),
            std::string::npos);
  ae::ModelSpec plain = bernoulli_vae({30, 10, 2});
  plain.family = ae::Family::Autoencoder, plain.likelihood = ae::Likelihood::Continuous;
  ae::Autoencoder autoencoder(plain, 4);
  EXPECT_NE(testutil::error_message([&] {
              ae::importance_sampled(autoencoder, x.col(0), 10, rng, ws);
            }).find("not a generative model"),
            std::string::npos);
  ae::ModelSpec continuous = bernoulli_vae({30, 10, 2});
  continuous.likelihood = ae::Likelihood::Continuous;
  ae::Autoencoder grey_vae(continuous, 4);
  EXPECT_NE(testutil::error_message([&] { ae::estimate_likelihood(grey_vae, x, 10, 1); }).find("continuous likelihood"),
            std::string::npos);
}

// log p(x) of a 2-D-latent model by quadrature: Σ over a grid of step h on [-r, r]² of p(x|z) N(z; 0, I) h².
double log_px_by_quadrature(const ae::Autoencoder& model, const ae::Vec& x, double r, int steps) {
  const double h = 2 * r / (steps - 1);
  Mat z(2, steps);
  ae::Workspace ws;
  std::vector<double> terms;
  for (int i = 0; i < steps; ++i) {
    for (int j = 0; j < steps; ++j) z(0, j) = static_cast<float>(-r + h * i), z(1, j) = static_cast<float>(-r + h * j);
    model.decode_into(z, ws);
    const Mat& logits = ws.Z.back();
    for (int j = 0; j < steps; ++j) {
      double log_pxz = 0;
      for (ae::Index p = 0; p < x.size(); ++p) {
        const double l = logits(p, j);
        log_pxz += x[p] * l - (std::max(l, 0.0) + std::log1p(std::exp(-std::abs(l))));
      }
      const double z0 = z(0, j), z1 = z(1, j);
      terms.push_back(log_pxz - 0.5 * (z0 * z0 + z1 * z1) - std::log(2 * M_PI) + 2 * std::log(h));
    }
  }
  const double top = *std::max_element(terms.begin(), terms.end());
  double sum = 0;
  for (double t : terms) sum += std::exp(t - top);
  return top + std::log(sum);
}

TEST(ImportanceSampling, EqualsTheExactLikelihoodOfATinyModelByQuadrature) {
  ae::Autoencoder model(bernoulli_vae({12, 6, 2}), 21);
  // Larger decoder weights, so p(x|z) varies over the latent plane and the posterior is not the prior.
  for (int l = model.encoder_layers(); l < model.num_layers(); ++l) model.mutable_weights(l) *= 2.5f;
  // An encoder whose q(z|x) = N(μ(x), σ²(x)) is near the prior (small weights, log σ² near 0): it covers the
  // posterior, so the importance weights have a finite variance and K = 50,000 samples settle to 0.02 nats.
  const int code_layer = model.encoder_layers() - 1;
  model.mutable_weights(code_layer) *= 0.3f;
  model.mutable_bias(code_layer).tail(2).setZero();
  const Mat x = ae::binarized(testutil::uniform_matrix(12, 4, 31));
  ae::Workspace ws;
  ae::Rng rng(3);
  for (ae::Index i = 0; i < x.cols(); ++i) {
    const double exact = log_px_by_quadrature(model, x.col(i), 8.0, 801);
    // The grid is converged: half the step changes nothing at this tolerance.
    ASSERT_NEAR(exact, log_px_by_quadrature(model, x.col(i), 8.0, 401), 1e-6);
    const ae::ImageLikelihood est = ae::importance_sampled(model, x.col(i), 50000, rng, ws);
    EXPECT_NEAR(est.log_px, exact, 0.02) << "image " << i;
    std::printf("image %d: exact log p(x) %.4f, IWAE K = 50000 %.4f, ELBO %.4f\n", static_cast<int>(i), exact,
                est.log_px, est.elbo);
    EXPECT_LT(est.elbo, exact) << "the ELBO is a lower bound";
  }
}

TEST(ImportanceSampling, OnATrainedModelTheBoundIsAboveTheElboAndRisesWithK) {
  const ae::Dataset* train = testutil::mnist(ae::Split::Train);
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(train, nullptr) << testutil::mnist_error();
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  ae::Autoencoder model(bernoulli_vae({784, 64, 8}), 1);
  ae::TrainConfig cfg;
  cfg.batch_size = 50, cfg.epochs = 4, cfg.optim.lr = 3e-3f;
  const Mat images = train->images.leftCols(5000), none;
  ae::Trainer trainer(model, images, none, cfg);
  while (!trainer.step(100).done) {
  }
  const Mat bits = ae::binarized(test->images.leftCols(100));
  double last = -1e300;
  for (int k : {1, 10, 100, 1000}) {
    const ae::LikelihoodEstimate e = ae::estimate_likelihood(model, bits, k, 5);
    EXPECT_GE(-e.nll, e.elbo - 1e-9) << "the IWAE bound is below the ELBO at K " << k;
    EXPECT_GT(-e.nll, last + 0.2) << "the bound did not rise by 0.2 nats at K " << k;
    std::printf("K %4d: NLL %.3f, -ELBO %.3f\n", k, e.nll, -e.elbo);
    last = -e.nll;
    EXPECT_GT(e.nll_stderr, 0);
  }
}

}  // namespace
