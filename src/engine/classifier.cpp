#include "classifier.h"

#include <algorithm>
#include <cmath>

#include "error.h"
#include "rng.h"

namespace ae {

double softmax_cross_entropy(const Mat& logits, const std::vector<uint8_t>& labels, Mat* dlogits) {
  const Index B = logits.cols();
  if (static_cast<Index>(labels.size()) != B) throw Error("cross-entropy: one label per column needed");
  if (B == 0) return 0;
  if (dlogits) dlogits->resize(logits.rows(), B);
  double loss = 0;
  for (Index j = 0; j < B; ++j) {
    const int y = labels[static_cast<size_t>(j)];
    if (y >= logits.rows()) throw Error("cross-entropy: label " + std::to_string(y) + " out of range");
    const float mx = logits.col(j).maxCoeff();
    const Eigen::ArrayXd e = (logits.col(j).array() - mx).cast<double>().exp();
    const double sum = e.sum();
    loss += std::log(sum) - (static_cast<double>(logits(y, j)) - mx);
    if (dlogits) {
      dlogits->col(j) = (e / sum).cast<float>().matrix();
      (*dlogits)(y, j) -= 1.0f;
    }
  }
  if (dlogits) *dlogits /= static_cast<float>(B);
  return loss / static_cast<double>(B);
}

std::vector<int> balanced_subset(const std::vector<uint8_t>& labels, int classes, int per_class, uint64_t seed) {
  if (classes < 1 || per_class < 1) throw Error("a labelled subset needs at least one class and one image per class");
  std::vector<std::vector<int>> by_class(static_cast<size_t>(classes));
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < classes) by_class[labels[i]].push_back(static_cast<int>(i));
  Rng rng(seed, /*stream=*/0xfe1ab);
  std::vector<int> out;
  out.reserve(static_cast<size_t>(classes) * static_cast<size_t>(per_class));
  for (int c = 0; c < classes; ++c) {
    std::vector<int>& pool = by_class[static_cast<size_t>(c)];
    if (static_cast<int>(pool.size()) < per_class)
      throw Error("class " + std::to_string(c) + " has " + std::to_string(pool.size()) + " images, " +
                  std::to_string(per_class) + " were asked for");
    for (int k = 0; k < per_class; ++k) {  // partial Fisher-Yates: the first per_class of a random order
      const int pick = k + static_cast<int>(rng.below(static_cast<uint32_t>(pool.size()) - static_cast<uint32_t>(k)));
      std::swap(pool[static_cast<size_t>(k)], pool[static_cast<size_t>(pick)]);
      out.push_back(pool[static_cast<size_t>(k)]);
    }
  }
  return out;
}

std::vector<int> confusion_matrix(const std::vector<int>& predicted, const std::vector<uint8_t>& labels, int classes) {
  if (predicted.size() != labels.size()) throw Error("confusion matrix: one prediction per label needed");
  std::vector<int> m(static_cast<size_t>(classes) * static_cast<size_t>(classes), 0);
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < classes && predicted[i] >= 0 && predicted[i] < classes)
      ++m[static_cast<size_t>(labels[i]) * static_cast<size_t>(classes) + static_cast<size_t>(predicted[i])];
  return m;
}

// --- the network ------------------------------------------------------------------------------------------

bool Classifier::supports(const ModelSpec& spec, std::string* why) {
  if (spec.family != Family::Conv) return true;
  if (why)
    *why =
        "a convolutional autoencoder (few-label classifiers are built on dense encoders: the plain, "
        "denoising, sparse, contractive and stacked autoencoders, or a VAE's mean)";
  return false;
}

Classifier::Classifier(const Autoencoder& model, int classes, uint64_t seed) {
  std::string why;
  if (!supports(model.spec(), &why)) throw Error("cannot fine-tune " + why);
  for (int l = 0; l < model.encoder_layers(); ++l) {
    Layer L{model.weights(l), Mat::Zero(model.weights(l).rows(), model.weights(l).cols()), model.bias(l),
            Vec::Zero(model.bias(l).size()), model.activation(l)};
    layers_.push_back(std::move(L));
  }
  code_rows_ = model.latent_size();
  mean_ = Vec::Zero(code_rows_);
  scale_ = Vec::Ones(code_rows_);
  init_head(classes, seed);
}

Classifier Classifier::from_scratch(const ModelSpec& spec, int classes, uint64_t seed) {
  return Classifier(Autoencoder(spec, seed), classes, seed);
}

void Classifier::init_head(int classes, uint64_t seed) {
  if (classes < 2) throw Error("a classifier needs at least 2 classes");
  Rng rng(seed, /*stream=*/0x4ead);
  const float range = std::sqrt(6.0f / static_cast<float>(code_rows_ + classes));
  V_.resize(classes, code_rows_);
  for (Index i = 0; i < V_.size(); ++i) V_.data()[i] = rng.uniform(-range, range);
  c_ = Vec::Zero(classes);
  dV_ = Mat::Zero(classes, code_rows_);
  dc_ = Vec::Zero(classes);
}

void Classifier::encoder_forward(const Mat& X, ClassifierWorkspace& ws) const {
  const size_t n = layers_.size();
  if (X.rows() != layers_.front().W.cols())
    throw Error("the images have " + std::to_string(X.rows()) + " pixels, the encoder expects " +
                std::to_string(layers_.front().W.cols()));
  ws.Z.resize(n), ws.A.resize(n), ws.dZ.resize(n);
  for (size_t l = 0; l < n; ++l) {
    const Layer& L = layers_[l];
    ws.Z[l].noalias() = L.W * (l == 0 ? X : ws.A[l - 1]);
    ws.Z[l].colwise() += L.b;
    activate(L.act, ws.Z[l], ws.A[l]);
  }
  ws.code = ws.A.back().topRows(code_rows_);
}

Mat Classifier::encode(const Mat& X) const {
  ClassifierWorkspace ws;
  encoder_forward(X, ws);
  return ws.code;
}

void Classifier::standardise(const Mat& X) { standardise_codes(encode(X)); }

void Classifier::standardise_codes(const Mat& codes) {
  const Index n = codes.cols();
  if (n < 1 || codes.rows() != code_rows_) throw Error("standardisation needs codes of the classifier's size");
  mean_ = codes.rowwise().mean();
  const Vec var = (codes.colwise() - mean_).array().square().rowwise().sum() / static_cast<float>(n);
  scale_ = var.unaryExpr([](float v) { return v > 1e-12f ? 1.0f / std::sqrt(v) : 0.0f; });
}

void Classifier::head_logits(const Mat& codes, ClassifierWorkspace& ws) const {
  ws.s = (codes.colwise() - mean_).array().colwise() * scale_.array();
  ws.logits.noalias() = V_ * ws.s;
  ws.logits.colwise() += c_;
}

const Mat& Classifier::logits(const Mat& X, ClassifierWorkspace& ws) const {
  encoder_forward(X, ws);
  head_logits(ws.code, ws);
  return ws.logits;
}

std::vector<int> Classifier::predict(const Mat& X, Index block) const {
  std::vector<int> out(static_cast<size_t>(X.cols()));
  ClassifierWorkspace ws;
  for (Index start = 0; start < X.cols(); start += block) {
    const Index m = std::min(block, X.cols() - start);
    logits(X.middleCols(start, m), ws);
    for (Index j = 0; j < m; ++j) {
      Index arg;
      ws.logits.col(j).maxCoeff(&arg);
      out[static_cast<size_t>(start + j)] = static_cast<int>(arg);
    }
  }
  return out;
}

double Classifier::head_loss_and_gradient(const Mat& codes, const std::vector<uint8_t>& labels,
                                          ClassifierWorkspace& ws) {
  head_logits(codes, ws);
  const double loss = softmax_cross_entropy(ws.logits, labels, &ws.dlogits);
  dV_.noalias() = ws.dlogits * ws.s.transpose();
  dc_ = ws.dlogits.rowwise().sum();
  return loss;
}

double Classifier::loss_and_gradient(const Mat& X, const std::vector<uint8_t>& labels, ClassifierWorkspace& ws) {
  encoder_forward(X, ws);
  const double loss = head_loss_and_gradient(ws.code, labels, ws);
  // ∂/∂code = rᵀ ⊙ Vᵀ·dlogits; a VAE's log σ² rows get no gradient.
  const int E = encoder_layers();
  Mat& g = ws.dZ[static_cast<size_t>(E - 1)];
  g.setZero(ws.A.back().rows(), X.cols());
  g.topRows(code_rows_).noalias() = V_.transpose() * ws.dlogits;
  g.topRows(code_rows_).array().colwise() *= scale_.array();
  for (int l = E - 1; l >= 0; --l) {
    const size_t i = static_cast<size_t>(l);
    Layer& L = layers_[i];
    multiply_by_derivative(L.act, ws.Z[i], ws.A[i], ws.dZ[i]);
    const Mat& in = l == 0 ? X : ws.A[i - 1];
    L.dW.noalias() = ws.dZ[i] * in.transpose();
    L.db = ws.dZ[i].rowwise().sum();
    if (l > 0) ws.dZ[i - 1].noalias() = L.W.transpose() * ws.dZ[i];
  }
  return loss;
}

std::vector<ParamRef> Classifier::encoder_refs() {
  std::vector<ParamRef> refs;
  for (Layer& L : layers_) {
    refs.push_back({L.W.data(), L.dW.data(), L.W.size(), true});
    refs.push_back({L.b.data(), L.db.data(), L.b.size(), false});
  }
  return refs;
}

std::vector<ParamRef> Classifier::head_refs() {
  return {{V_.data(), dV_.data(), V_.size(), true}, {c_.data(), dc_.data(), c_.size(), false}};
}

}  // namespace ae
