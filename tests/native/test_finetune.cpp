// Classifiers from a few labels (src/engine/classifier.h, finetune.h): the cross-entropy on a hand-computed
// case, the gradient of the whole classifier (encoder layers, standardisation, softmax head) against central
// differences of a double reference written from the documented maths, the balanced subset, the confusion
// matrix, the known answer "fine-tuning with an encoder learning rate of 0 is the frozen path", and that each
// way learns a separable problem.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "classifier.h"
#include "error.h"
#include "finetune.h"
#include "test_util.h"

namespace {

using ae::Activation;
using ae::Mat;
using Eigen::MatrixXd;

TEST(CrossEntropy, HandComputedCase) {
  Mat logits(3, 2);
  logits << 1, 0, 2, 0, 3, 0;  // columns (1, 2, 3) and (0, 0, 0)
  const std::vector<uint8_t> labels{2, 0};
  Mat d;
  const double loss = ae::softmax_cross_entropy(logits, labels, &d);
  // −log softmax: log(e + e² + e³) − 3 = 0.40760596 and log 3 = 1.09861229; the mean of the two.
  EXPECT_NEAR(loss, (0.40760596 + 1.09861229) / 2, 1e-6);
  // (softmax − onehot) / 2: softmax(1, 2, 3) = (0.09003057, 0.24472847, 0.66524096).
  EXPECT_NEAR(d(0, 0), 0.09003057 / 2, 1e-6);
  EXPECT_NEAR(d(1, 0), 0.24472847 / 2, 1e-6);
  EXPECT_NEAR(d(2, 0), (0.66524096 - 1) / 2, 1e-6);
  EXPECT_NEAR(d(0, 1), (1.0 / 3 - 1) / 2, 1e-6);
  EXPECT_NEAR(d(1, 1), 1.0 / 6, 1e-6);
  // Large logits stay finite: the wrong class by 1000 costs 1000.
  Mat big(2, 1);
  big << 1000, 0;
  EXPECT_NEAR(ae::softmax_cross_entropy(big, {1}, nullptr), 1000.0, 1e-3);
  EXPECT_THROW(ae::softmax_cross_entropy(big, {2}, nullptr), ae::Error);
}

// --- gradient -----------------------------------------------------------------------------------------------

// The parameters in the order of encoder_refs() then head_refs(), as double matrices.
std::vector<MatrixXd> params_of(const ae::Classifier& c) {
  std::vector<MatrixXd> p;
  for (int l = 0; l < c.encoder_layers(); ++l) {
    p.push_back(c.weights(l).cast<double>());
    p.push_back(c.bias(l).cast<double>());
  }
  p.push_back(c.head_weights().cast<double>());
  p.push_back(c.head_bias().cast<double>());
  return p;
}

// Mean cross-entropy in double: A[l+1] = f(W A[l] + b); s = (code − m) ⊙ r; logits = V s + c.
double reference_loss(const ae::Classifier& c, const std::vector<MatrixXd>& p, const MatrixXd& X,
                      const std::vector<uint8_t>& y) {
  MatrixXd A = X;
  const int E = c.encoder_layers();
  for (int l = 0; l < E; ++l) {
    MatrixXd z = p[2 * size_t(l)] * A;
    z.colwise() += p[2 * size_t(l) + 1].col(0);
    A = z.unaryExpr([&](double v) { return testutil::activation_reference(c.activation(l), v); });
  }
  const Eigen::Index code = c.code_size();
  MatrixXd s = A.topRows(code);
  s.colwise() -= c.code_mean().cast<double>();
  s = s.array().colwise() * c.code_scale().cast<double>().array();
  MatrixXd logits = p[2 * size_t(E)] * s;
  logits.colwise() += p[2 * size_t(E) + 1].col(0);
  double loss = 0;
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    const double mx = logits.col(j).maxCoeff();
    loss += std::log((logits.col(j).array() - mx).exp().sum()) + mx - logits(y[size_t(j)], j);
  }
  return loss / double(logits.cols());
}

struct Case {
  const char* name;
  ae::Family family;
  std::vector<int> sizes;
  Activation hidden, latent;
  bool tied;
};

class ClassifierGradient : public ::testing::TestWithParam<Case> {};

TEST_P(ClassifierGradient, MatchesCentralDifferences) {
  const Case& k = GetParam();
  ae::ModelSpec spec;
  spec.family = k.family;
  spec.sizes = k.sizes;
  spec.hidden = k.hidden;
  spec.latent = k.latent;
  spec.tied = k.tied;
  ae::Autoencoder model(spec, 5);
  ae::Classifier c(model, 4, 9);
  const Mat X = testutil::uniform_matrix(spec.input_size(), 6, 3);
  const std::vector<uint8_t> y{0, 1, 2, 3, 1, 2};
  c.standardise(testutil::uniform_matrix(spec.input_size(), 10, 4));  // m, r not 0 and 1
  ae::ClassifierWorkspace ws;
  const double loss = c.loss_and_gradient(X, y, ws);
  std::vector<ae::ParamRef> refs = c.encoder_refs();
  for (const ae::ParamRef& r : c.head_refs()) refs.push_back(r);

  std::vector<MatrixXd> p = params_of(c);
  const MatrixXd Xd = X.cast<double>();
  ASSERT_NEAR(loss, reference_loss(c, p, Xd, y), 1e-5) << "the reference is not the engine's function";
  ASSERT_EQ(refs.size(), p.size());
  const double h = 1e-5;
  double diff_sq = 0, fd_sq = 0;
  int failures = 0;
  for (size_t t = 0; t < p.size(); ++t) {
    ASSERT_EQ(refs[t].size, p[t].size());
    for (Eigen::Index i = 0; i < p[t].size(); ++i) {
      const double saved = p[t].data()[i];
      p[t].data()[i] = saved + h;
      const double up = reference_loss(c, p, Xd, y);
      p[t].data()[i] = saved - h;
      const double down = reference_loss(c, p, Xd, y);
      p[t].data()[i] = saved;
      const double fd = (up - down) / (2 * h), an = refs[t].grad[i];
      diff_sq += (fd - an) * (fd - an);
      fd_sq += fd * fd;
      if (std::abs(fd - an) > 1e-4 * std::abs(fd) + 1e-6 && failures++ < 10)
        ADD_FAILURE() << k.name << ": tensor " << t << " element " << i << ": analytic " << an << " vs " << fd;
    }
  }
  ASSERT_GT(fd_sq, 1e-6) << "the gradient vanishes: the check would prove nothing";
  EXPECT_LT(std::sqrt(diff_sq / fd_sq), 1e-5);
}

INSTANTIATE_TEST_SUITE_P(
    Encoders, ClassifierGradient,
    ::testing::Values(
        Case{"one_sigmoid_layer", ae::Family::Autoencoder, {7, 5}, Activation::Sigmoid, Activation::Sigmoid, false},
        Case{
            "deep_tanh_identity", ae::Family::Autoencoder, {7, 6, 5, 3}, Activation::Tanh, Activation::Identity, false},
        Case{"leaky_relu_tied", ae::Family::Autoencoder, {7, 6, 4}, Activation::LeakyReLU, Activation::Tanh, true},
        Case{"vae_mean", ae::Family::Vae, {7, 6, 3}, Activation::Tanh, Activation::Identity, false}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

// --- subsets, confusion, validation -------------------------------------------------------------------------

TEST(BalancedSubset, SameCountPerClassDistinctAndSeeded) {
  std::vector<uint8_t> labels;
  for (int i = 0; i < 300; ++i) labels.push_back(static_cast<uint8_t>((i * 7) % 3));
  const std::vector<int> a = ae::balanced_subset(labels, 3, 20, 1);
  ASSERT_EQ(a.size(), 60u);
  int count[3] = {};
  for (int i : a) ++count[labels[size_t(i)]];
  EXPECT_EQ(count[0], 20);
  EXPECT_EQ(count[1], 20);
  EXPECT_EQ(count[2], 20);
  EXPECT_EQ(std::set<int>(a.begin(), a.end()).size(), a.size());
  EXPECT_EQ(a, ae::balanced_subset(labels, 3, 20, 1));
  EXPECT_NE(a, ae::balanced_subset(labels, 3, 20, 2));
  EXPECT_THROW(ae::balanced_subset(labels, 3, 101, 1), ae::Error);
}

TEST(Confusion, CountsTruthAgainstPrediction) {
  const std::vector<int> m = ae::confusion_matrix({0, 1, 1, 2, 0}, {0, 1, 2, 2, 1}, 3);
  EXPECT_EQ(m, (std::vector<int>{1, 0, 0, 1, 1, 0, 0, 1, 1}));
}

TEST(FewLabelConfig, BadInputsAreRefusedWithAReason) {
  ae::FewLabelConfig c;
  c.labels = 105;
  EXPECT_THROW(ae::validate(c, 60000), ae::Error);
  c.labels = 60010;
  EXPECT_THROW(ae::validate(c, 60000), ae::Error);
  c.labels = 0;
  EXPECT_THROW(ae::validate(c, 60000), ae::Error);
  c.labels = 100;
  EXPECT_NO_THROW(ae::validate(c, 60000));
  c.encoder_lr = -1;
  EXPECT_THROW(ae::validate(c, 60000), ae::Error);
  c.encoder_lr = 0;
  c.frozen_lr = 0;
  EXPECT_THROW(ae::validate(c, 60000), ae::Error);
  ae::ModelSpec conv;
  conv.family = ae::Family::Conv;
  conv.sizes = {784, 16};
  conv.conv = {{4, 3, 2, 1}};
  std::string why;
  EXPECT_FALSE(ae::Classifier::supports(conv, &why));
  EXPECT_NE(why.find("convolutional"), std::string::npos);
  EXPECT_THROW(ae::Classifier(ae::Autoencoder(conv, 1), 10, 1), ae::Error);
}

// --- training -----------------------------------------------------------------------------------------------

// Three Gaussian clusters in 12 dimensions: class k around a random centre.
void clusters(int n, uint64_t seed, Mat& X, std::vector<uint8_t>& y) {
  const Mat centres = testutil::uniform_matrix(12, 3, 99);
  ae::Rng rng(seed, 3);
  X.resize(12, n);
  y.resize(size_t(n));
  for (int j = 0; j < n; ++j) {
    y[size_t(j)] = static_cast<uint8_t>(j % 3);
    for (int i = 0; i < 12; ++i) X(i, j) = centres(i, j % 3) + 0.08f * rng.normal();
  }
}

ae::Autoencoder small_model() {
  ae::ModelSpec spec;
  spec.sizes = {12, 10, 6};
  spec.hidden = Activation::Tanh;
  spec.latent = Activation::Sigmoid;
  return ae::Autoencoder(spec, 3);
}

TEST(FewLabels, FinetuningWithEncoderRateZeroIsTheFrozenPath) {
  const ae::Autoencoder model = small_model();
  Mat X;
  std::vector<uint8_t> y;
  clusters(30, 1, X, y);
  ae::FewLabelConfig config;
  config.classes = 3;
  config.labels = 30;
  config.batch = 8;
  config.steps = 60;
  config.encoder_lr = 0;
  config.frozen_lr = config.head_lr;  // the frozen head at the fine-tuned head's rate
  ae::FewLabelTrainer frozen(model, ae::FewLabelWay::Frozen, X, y, config);
  ae::FewLabelTrainer tuned(model, ae::FewLabelWay::Finetuned, X, y, config);
  while (frozen.step(7)) {
  }
  while (tuned.step(5)) {
  }
  const ae::Classifier &a = frozen.classifier(), &b = tuned.classifier();
  EXPECT_LT((a.head_weights() - b.head_weights()).cwiseAbs().maxCoeff(), 1e-5);
  EXPECT_LT((a.head_bias() - b.head_bias()).cwiseAbs().maxCoeff(), 1e-5);
  for (int l = 0; l < b.encoder_layers(); ++l) EXPECT_EQ(b.weights(l), model.weights(l)) << "layer " << l;
  Mat test;
  std::vector<uint8_t> test_y;
  clusters(90, 2, test, test_y);
  EXPECT_EQ(a.predict(test), b.predict(test));
  EXPECT_NEAR(frozen.last_loss(), tuned.last_loss(), 1e-5);

  // And the test can fail: a rate above 0 moves the encoder and the head away from the frozen ones.
  config.encoder_lr = 0.01f;
  ae::FewLabelTrainer moving(model, ae::FewLabelWay::Finetuned, X, y, config);
  while (moving.step(100)) {
  }
  EXPECT_GT((moving.classifier().weights(0) - model.weights(0)).cwiseAbs().maxCoeff(), 1e-3);
  EXPECT_GT((moving.classifier().head_weights() - a.head_weights()).cwiseAbs().maxCoeff(), 1e-4);
}

TEST(FewLabels, EveryWayLearnsSeparableClusters) {
  const ae::Autoencoder model = small_model();
  Mat train, test;
  std::vector<uint8_t> train_y, test_y;
  clusters(300, 1, train, train_y);
  clusters(300, 2, test, test_y);
  ae::FewLabelConfig config;
  config.classes = 3;
  config.labels = 30;
  config.batch = 10;
  config.steps = 300;
  config.head_lr = 1e-2f;  // a toy problem: larger steps than MNIST's defaults
  config.encoder_lr = 3e-3f;
  for (ae::FewLabelWay way : ae::kFewLabelWays) {
    const ae::FewLabelScore s = ae::run_few_labels(model, way, train, train_y, test, test_y, config);
    EXPECT_GT(s.accuracy, 0.95) << ae::to_string(way);
    int total = 0;
    for (int v : s.confusion) total += v;
    EXPECT_EQ(total, 300);
  }
}

}  // namespace
