// A softmax classifier on an autoencoder's encoder (issue 29, "few labels"): the encoder's dense layers,
// copied from a trained model (or freshly initialised, for training from scratch), then a fixed
// standardisation of the code and one softmax layer:
//
//   A[0] = X,  A[l+1] = f_l(W_l A[l] + b_l)            the encoder, l < E (a VAE's last layer: μ rows only)
//   s = (code − m) ⊙ r                                  m, r: mean and 1/std of the training codes, set once
//   logits = V s + c,   loss = mean over the batch of −log softmax(logits)[label]
//
// The standardisation is the latent-space probe's (latent.h) and stays fixed while the encoder trains, so it
// is part of the function and the gradient flows through it. Conv models are refused (their encoder is not a
// dense stack here). Parameters: the encoder's W, b per layer and the head's V, c, all as ParamRefs so the
// engine's Optimizer updates them; encoder_refs() and head_refs() let the two parts learn at different rates.
#pragma once
#include <cstdint>
#include <vector>

#include "model.h"
#include "tensor.h"

namespace ae {

// Mean over the columns of −log softmax(logits)[label]; when `dlogits` is given, fills it with
// (softmax − onehot) / B, the gradient of that mean. Numerically stable (max subtracted). Labels < rows.
double softmax_cross_entropy(const Mat& logits, const std::vector<uint8_t>& labels, Mat* dlogits);

// `per_class` indices of each class 0..classes-1 of `labels`, drawn without replacement by `seed`, in class
// order (all the 0s, then the 1s, ...). Throws ae::Error when a class has fewer images than asked for.
std::vector<int> balanced_subset(const std::vector<uint8_t>& labels, int classes, int per_class, uint64_t seed);

// confusion[true][predicted] counts, classes x classes (row-major in one vector).
std::vector<int> confusion_matrix(const std::vector<int>& predicted, const std::vector<uint8_t>& labels, int classes);

// Buffers of one forward/backward pass, kept by the caller so steps reuse them.
struct ClassifierWorkspace {
  std::vector<Mat> Z, A, dZ;
  Mat code, s, logits, dlogits, ds;
};

class Classifier {
 public:
  // The encoder of `model` (weights copied), a head drawn by `seed` (uniform ±sqrt(6/(in+out)), c = 0) for
  // `classes` classes. Throws ae::Error for a conv model.
  Classifier(const Autoencoder& model, int classes, uint64_t seed);
  // The same encoder shape as `spec`, freshly initialised as Autoencoder(spec, seed) would (He / Xavier).
  static Classifier from_scratch(const ModelSpec& spec, int classes, uint64_t seed);
  // Whether `spec`'s encoder can carry a classifier here (dense families); the reason when it cannot.
  static bool supports(const ModelSpec& spec, std::string* why = nullptr);

  int encoder_layers() const { return static_cast<int>(layers_.size()); }
  int classes() const { return static_cast<int>(c_.size()); }
  Index code_size() const { return mean_.size(); }

  // The code (code_size x B) of X through the encoder.
  Mat encode(const Mat& X) const;
  // m and r from the codes of X (usually the labelled training images); before that m = 0, r = 1.
  void standardise(const Mat& X);
  void standardise_codes(const Mat& codes);
  // Logits of the head on given codes (no encoder pass): the frozen path's forward.
  void head_logits(const Mat& codes, ClassifierWorkspace& ws) const;
  // Logits of X (classes x B), the whole network.
  const Mat& logits(const Mat& X, ClassifierWorkspace& ws) const;
  std::vector<int> predict(const Mat& X, Index block = 1000) const;

  // Mean cross-entropy of (X, labels); fills every gradient (encoder and head), overwriting the last ones.
  double loss_and_gradient(const Mat& X, const std::vector<uint8_t>& labels, ClassifierWorkspace& ws);
  // The head alone on precomputed codes: fills the head's gradients only.
  double head_loss_and_gradient(const Mat& codes, const std::vector<uint8_t>& labels, ClassifierWorkspace& ws);

  std::vector<ParamRef> encoder_refs();
  std::vector<ParamRef> head_refs();
  // Views for tests and the page: the parameters of encoder layer l, the head, the standardisation.
  const Mat& weights(int l) const { return layers_[static_cast<size_t>(l)].W; }
  const Vec& bias(int l) const { return layers_[static_cast<size_t>(l)].b; }
  Activation activation(int l) const { return layers_[static_cast<size_t>(l)].act; }
  const Mat& head_weights() const { return V_; }
  const Vec& head_bias() const { return c_; }
  const Vec& code_mean() const { return mean_; }
  const Vec& code_scale() const { return scale_; }

 private:
  struct Layer {
    Mat W, dW;
    Vec b, db;
    Activation act;
  };
  Classifier() = default;
  void init_head(int classes, uint64_t seed);
  void encoder_forward(const Mat& X, ClassifierWorkspace& ws) const;  // fills ws.A and ws.code

  std::vector<Layer> layers_;
  Index code_rows_ = 0;  // rows of the last layer that form the code (a VAE's μ: the top half)
  Vec mean_, scale_;
  Mat V_, dV_;
  Vec c_, dc_;
};

}  // namespace ae
