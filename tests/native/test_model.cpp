// The autoencoder's architecture: layer shapes, parameter counts (tied and untied), the forward pass
// against a hand-written one, spec validation, and the statistics and determinism of initialisation.
#include <gtest/gtest.h>

#include <cmath>

#include "error.h"
#include "model.h"
#include "test_util.h"

namespace {

using ae::Activation;
using ae::Mat;

ae::ModelSpec spec_of(std::vector<int> sizes, bool tied = false) {
  ae::ModelSpec s;
  s.sizes = std::move(sizes);
  s.tied = tied;
  return s;
}

TEST(Model, LayerShapesMirrorTheEncoder) {
  ae::ModelSpec s = spec_of({10, 6, 3});
  s.hidden = Activation::Tanh;
  s.latent = Activation::Identity;
  ae::Autoencoder m(s, 1);
  ASSERT_EQ(m.num_layers(), 4);
  EXPECT_EQ(m.encoder_layers(), 2);
  const int in[] = {10, 6, 3, 6}, out[] = {6, 3, 6, 10};
  const Activation act[] = {Activation::Tanh, Activation::Identity, Activation::Tanh, Activation::Sigmoid};
  for (int l = 0; l < 4; ++l) {
    EXPECT_EQ(m.layer_inputs(l), in[l]) << l;
    EXPECT_EQ(m.layer_outputs(l), out[l]) << l;
    EXPECT_EQ(m.activation(l), act[l]) << l;
    EXPECT_EQ(m.bias(l).size(), out[l]) << l;
  }
  const Mat X = testutil::uniform_matrix(10, 5, 2);
  const Mat codes = m.encode(X);
  EXPECT_EQ(codes.rows(), 3);
  EXPECT_EQ(codes.cols(), 5);
  const Mat back = m.decode(codes);
  EXPECT_EQ(back.rows(), 10);
  EXPECT_EQ(back.cols(), 5);
  EXPECT_TRUE(back.isApprox(m.reconstruct(X))) << "decode(encode(x)) must be the reconstruction";
  EXPECT_EQ(s.describe(), "10-6-3-6-10 tanh/identity/sigmoid mse");
}

TEST(Model, ParameterCountForTiedAndUntied) {
  // Untied 10-6-3: W 6x10 + b 6, W 3x6 + b 3, W 6x3 + b 6, W 10x6 + b 10 = 60+6+18+3+18+6+60+10 = 181.
  // Tied: the decoder reuses the encoder's W: 181 - 18 - 60 = 103.
  EXPECT_EQ(ae::parameter_count(spec_of({10, 6, 3})), 181u);
  EXPECT_EQ(ae::parameter_count(spec_of({10, 6, 3}, true)), 103u);
  EXPECT_EQ(ae::Autoencoder(spec_of({10, 6, 3}), 1).parameters().size(), 181u);
  EXPECT_EQ(ae::Autoencoder(spec_of({10, 6, 3}, true), 1).parameters().size(), 103u);
  // 784-256-32: 2·(784·256 + 256·32) = 417,792 weights + 256 + 32 + 256 + 784 biases = 419,120.
  EXPECT_EQ(ae::parameter_count(spec_of({784, 256, 32})), 419120u);
  EXPECT_EQ(ae::Autoencoder(spec_of({10, 6, 3}), 1).gradients().size(), 181u);
}

// Z = W a + b with W stored out x in (or the encoder's W, transposed, for a tied decoder layer).
Mat manual_forward(const ae::Autoencoder& m, const Mat& X) {
  Mat A = X;
  for (int l = 0; l < m.num_layers(); ++l) {
    Mat Z = (m.is_tied(l) ? Mat(m.weights(l).transpose() * A) : Mat(m.weights(l) * A)).colwise() + m.bias(l);
    switch (m.activation(l)) {
      case Activation::ReLU: A = Z.cwiseMax(0.0f); break;
      case Activation::Sigmoid: A = (1.0f + (-Z.array()).exp()).inverse().matrix(); break;
      case Activation::Tanh: A = Z.array().tanh().matrix(); break;
      default: A = Z;
    }
  }
  return A;
}

TEST(Model, ForwardPassIsTheTextbookComposition) {
  for (bool tied : {false, true}) {
    ae::ModelSpec s = spec_of({12, 8, 4}, tied);
    s.latent = Activation::Tanh;
    ae::Autoencoder m(s, 3);
    for (const ae::ParamRef& p : m.parameter_refs())  // non-zero biases
      if (!p.is_weight)
        for (ae::Index i = 0; i < p.size; ++i) p.value[i] = 0.01f * static_cast<float>(i % 7) - 0.03f;
    const Mat X = testutil::uniform_matrix(12, 6, 4);
    EXPECT_TRUE(m.reconstruct(X).isApprox(manual_forward(m, X), 1e-5f)) << (tied ? "tied" : "untied");
  }
}

TEST(Model, TiedDecoderSharesTheEncoderWeights) {
  ae::Autoencoder m(spec_of({10, 6, 3}, true), 1);
  // Decoder layer 2 mirrors encoder layer 1, decoder layer 3 mirrors encoder layer 0.
  EXPECT_FALSE(m.is_tied(0));
  EXPECT_FALSE(m.is_tied(1));
  EXPECT_TRUE(m.is_tied(2));
  EXPECT_TRUE(m.is_tied(3));
  EXPECT_EQ(m.weights(3).data(), m.weights(0).data());
  EXPECT_EQ(m.weights(2).data(), m.weights(1).data());
  EXPECT_NE(m.bias(3).data(), m.bias(0).data()) << "biases stay separate";
  // Only the untied W tensors are handed to the optimizer (no double update of a shared W).
  int weights = 0;
  for (const ae::ParamRef& p : m.parameter_refs()) weights += p.is_weight;
  EXPECT_EQ(weights, 2);
  ae::Index total = 0;
  for (const ae::ParamRef& p : m.parameter_refs()) total += p.size;
  EXPECT_EQ(static_cast<uint64_t>(total), ae::parameter_count(m.spec()));
}

TEST(Model, ValidateRejectsBadSpecs) {
  EXPECT_NO_THROW(ae::validate(spec_of({784, 256, 32})));
  const std::vector<std::pair<const char*, ae::ModelSpec>> bad = {
      {"size 0", spec_of({784, 0})},
      {"negative size", spec_of({784, -3})},
      {"size 70000", spec_of({784, 70000})},
      {"single size", spec_of({784})},
      {"no sizes", spec_of({})},
      {"17 encoder layers", spec_of(std::vector<int>(18, 8))},
      {"2^33 parameters", spec_of({65536, 65536})},
  };
  for (const auto& [what, s] : bad) {
    EXPECT_THROW(ae::validate(s), ae::Error) << what;
    EXPECT_THROW(ae::Autoencoder(s, 1), ae::Error) << what;
  }
  ae::ModelSpec bce_relu = spec_of({784, 32});
  bce_relu.loss = ae::Loss::BCE;
  bce_relu.output = Activation::ReLU;
  EXPECT_THROW(ae::validate(bce_relu), ae::Error);
  ae::ModelSpec bad_enum = spec_of({784, 32});
  bad_enum.hidden = static_cast<Activation>(17);
  EXPECT_THROW(ae::validate(bad_enum), ae::Error);
}

TEST(Model, ForwardRejectsInputOfTheWrongSize) {
  ae::Autoencoder m(spec_of({10, 4}), 1);
  EXPECT_THROW(m.reconstruct(Mat::Zero(9, 2)), ae::Error);
  EXPECT_THROW(m.decode(Mat::Zero(5, 2)), ae::Error);
}

double stddev(const Eigen::Map<const Mat>& W) {
  const double mean = W.cast<double>().mean();
  return std::sqrt((W.cast<double>().array() - mean).square().mean());
}

TEST(Model, HeInitialisationForReluLayers) {
  // He: W ~ N(0, 2/in). Layer 0 of 784-256-32 has 200k weights: the sample std is within 1%.
  ae::Autoencoder m(spec_of({784, 256, 32}), 7);
  ASSERT_EQ(m.activation(0), Activation::ReLU);
  const auto W0 = m.weights(0);
  EXPECT_NEAR(stddev(W0), std::sqrt(2.0 / 784), 0.02 * std::sqrt(2.0 / 784));
  EXPECT_NEAR(W0.cast<double>().mean(), 0.0, 0.001);
  EXPECT_NEAR(stddev(m.weights(1)), std::sqrt(2.0 / 256), 0.05 * std::sqrt(2.0 / 256));
  EXPECT_EQ(m.bias(0).cwiseAbs().maxCoeff(), 0.0f) << "biases start at zero";
  // Leaky ReLU layers get He too.
  ae::ModelSpec leaky = spec_of({784, 256, 32});
  leaky.hidden = leaky.latent = Activation::LeakyReLU;
  EXPECT_NEAR(stddev(ae::Autoencoder(leaky, 7).weights(0)), std::sqrt(2.0 / 784), 0.02 * std::sqrt(2.0 / 784));
}

TEST(Model, XavierInitialisationForOtherLayers) {
  // Xavier/Glorot uniform: U(-a, a), a = sqrt(6 / (in + out)), std a / sqrt(3). The sigmoid output
  // layer of 784-256-32 (256 -> 784) and tanh hidden layers use it.
  ae::ModelSpec s = spec_of({784, 256, 32});
  s.hidden = Activation::Tanh;
  ae::Autoencoder m(s, 7);
  for (int l : {0, 3}) {
    const auto W = m.weights(l);
    const double a = std::sqrt(6.0 / (m.layer_inputs(l) + m.layer_outputs(l)));
    EXPECT_LE(W.cwiseAbs().maxCoeff(), a) << "layer " << l;
    EXPECT_GT(W.cwiseAbs().maxCoeff(), 0.99 * a) << "layer " << l;
    EXPECT_NEAR(stddev(W), a / std::sqrt(3.0), 0.02 * a / std::sqrt(3.0)) << "layer " << l;
  }
}

TEST(Model, HiddenSigmoidLayersGetFourTimesTheXavierRange) {
  // Glorot & Bengio (2010): sigmoid's slope at 0 is 1/4 of tanh's, so its range is 4x.
  ae::ModelSpec s = spec_of({784, 256, 32});
  s.hidden = s.latent = Activation::Sigmoid;
  ae::Autoencoder m(s, 7);
  const double a = 4 * std::sqrt(6.0 / (784 + 256));
  EXPECT_LE(m.weights(0).cwiseAbs().maxCoeff(), a);
  EXPECT_GT(m.weights(0).cwiseAbs().maxCoeff(), 0.99 * a);
  const double out = std::sqrt(6.0 / (256 + 784));  // the sigmoid output layer keeps the plain range
  EXPECT_LE(m.weights(3).cwiseAbs().maxCoeff(), out);
}

TEST(Model, SameSeedSameParametersDifferentSeedDifferent) {
  const ae::ModelSpec s = spec_of({50, 20, 5});
  ae::Autoencoder a(s, 11), b(s, 11), c(s, 12);
  EXPECT_EQ(a.parameters(), b.parameters());
  EXPECT_NE(a.parameters(), c.parameters());
}

TEST(Model, ActivationNamesParse) {
  for (Activation a : {Activation::Identity, Activation::ReLU, Activation::LeakyReLU, Activation::Sigmoid,
                       Activation::Tanh})
    EXPECT_EQ(ae::parse_activation(ae::to_string(a)), a);
  EXPECT_EQ(ae::parse_activation("linear"), Activation::Identity);
  EXPECT_THROW(ae::parse_activation("softmax"), ae::Error);
}

}  // namespace
