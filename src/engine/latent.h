// What an autoencoder learned, as plain functions on codes (latent_size x N, one sample per column):
//   encode_all        a whole data set through the encoder in blocks (VAE: μ)
//   Projection2D      the 2-D map of the codes: the codes themselves for a 2-D code, else PCA-2 of the codes;
//                     unproject() maps a point of the map back to a code on the plotted plane
//   lerp / slerp      interpolation between two codes (slerp: Shoemake's formula on the raw vectors)
//   nearest           indices of the codes nearest to a query (Euclidean)
//   probes            a k-NN classifier and a linear (softmax-regression) classifier trained on codes
//   CodeSpace         all of the above for one encoder over one labelled data set, computed incrementally
//                     (bounded work per step) so the playground's frame loop stays responsive
//
// The probe protocol (the page and `aeplay probe` use the same): the labelled set (the 10,000 MNIST test
// digits) is split in two halves; the classifiers are fitted on the codes of the first half and scored on the
// codes of the second half. k-NN: k = 5, Euclidean, majority vote (ties: the nearest of the tied labels).
// Linear: features standardised with the fit half's mean and standard deviation, softmax regression with L2
// weight 1e-4, 300 full-batch Adam steps (lr 0.05) from zero weights: deterministic everywhere.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "image_store.h"
#include "model.h"
#include "pca.h"
#include "tensor.h"

namespace ae {

// codes (latent x N) of every column of X (d x N), `block` columns at a time.
Mat encode_all(const Autoencoder& model, const Mat& X, Index block = 512);

struct Projection2D {
  Vec mean;   // d
  Mat axes;   // d x 2, orthonormal columns (identity for d == 2; for d == 1 the second column is 0)
  bool direct = false;  // the map shows the codes themselves (d <= 2)

  static Projection2D fit(const Mat& codes);  // codes: d x N
  Mat project(const Mat& codes) const;        // 2 x N
  Vec unproject(float x, float y) const;      // the code on the plotted plane at map point (x, y)
};

Vec lerp(const Vec& a, const Vec& b, float t);
// Spherical interpolation: sin((1-t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, Ω the angle between a and b. Endpoints of
// equal norm keep that norm along the path and the angle to `a` grows linearly in t. Falls back to lerp when
// Ω is (nearly) 0 or π, or either vector is 0.
Vec slerp(const Vec& a, const Vec& b, float t);
// steps >= 2 codes from a to b (inclusive), as columns.
Mat interpolate(const Vec& a, const Vec& b, int steps, bool spherical);

// Indices of the k columns of `codes` nearest to `query` (Euclidean), nearest first. `skip` (>= 0) is left out.
std::vector<int> nearest(const Mat& codes, const Vec& query, int k, int skip = -1);

// --- classifier probes -----------------------------------------------------------------------------------
constexpr int kProbeNeighbours = 5;
constexpr int kProbeClasses = 10;

// k-NN labels of the query columns given reference codes and labels.
std::vector<int> knn_predict(const Mat& ref, const std::vector<uint8_t>& ref_labels, const Mat& queries,
                             int k = kProbeNeighbours);

struct LinearProbe {
  Vec mean, inv_std;  // standardisation (d)
  Mat W;              // classes x d
  Vec b;              // classes
  int iterations = 0;
  // Adam state, so fitting can be spread over several calls.
  Mat mW, vW;
  Vec mb, vb;

  void init(const Mat& codes, int classes = kProbeClasses);
  // `iters` more full-batch Adam steps on (codes, labels); returns the mean cross-entropy before the last one.
  double train(const Mat& codes, const std::vector<uint8_t>& labels, int iters);
  std::vector<int> predict(const Mat& codes) const;
};
constexpr int kLinearProbeIterations = 300;

// How many classes the probes tell apart: as many as the labels use (10 for the digits and Fashion-MNIST, more
// or fewer for the user's own sets), at least 2.
int classes_of(const std::vector<uint8_t>& labels);
LinearProbe fit_linear_probe(const Mat& codes, const std::vector<uint8_t>& labels,
                             int iterations = kLinearProbeIterations);
double accuracy(const std::vector<int>& predicted, const std::vector<uint8_t>& labels, Index first = 0);

struct ProbeAccuracy {
  double knn = -1, linear = -1;  // fraction correct on the scoring half; -1 = not computed
};
// The whole protocol at once (the CLI's path; CodeSpace computes the same in steps).
ProbeAccuracy probe_accuracy(const Mat& codes, const std::vector<uint8_t>& labels);

// --- pixel PCA, fitted incrementally (model-independent baseline) --------------------------------------------
class PcaBuilder {
 public:
  void start(const Mat* X, Index count);         // fit on the first `count` columns of X (X must outlive the work)
  void start(const ImageStore& X, Index count);  // the same from a store (shared, so no lifetime rule)
  // Accumulates covariance blocks until the deadline; the eigen-decomposition runs in one go at the end
  // (~0.4 s in wasm), unless it is handed out: then step() stops with awaiting() true, the caller
  // decomposes covariance() elsewhere (the page's worker, with symmetric_eigen) and calls finish().
  bool step(std::chrono::steady_clock::time_point deadline);  // true while work remains here
  bool done() const { return done_; }
  const Pca& pca() const { return pca_; }  // all components, by decreasing variance
  void hand_out_decomposition(bool on) { hand_out_ = on; }
  bool awaiting() const { return awaiting_; }
  const Eigen::MatrixXd& covariance() const { return cov_; }  // centred, once awaiting()
  // The eigenvalues (ascending) and eigenvectors of covariance(), as symmetric_eigen gives them.
  void finish(const Eigen::VectorXd& values, const Eigen::MatrixXd& vectors);
  void decompose_here();  // when handing out failed: in one go, as without hand-out

 private:
  ImageStore X_;
  Index count_ = 0, next_ = 0;
  Mat block_;  // the unit's images as floats
  Eigen::MatrixXd cov_;
  Mat partial_;  // the float sum of the blocks since the last flush into cov_
  Eigen::VectorXd sum_;
  Pca pca_;
  bool done_ = false, hand_out_ = false, awaiting_ = false;
};

// Eigenvalues (ascending) and eigenvectors of a symmetric matrix: the one decomposition PcaBuilder and the
// page's worker both run, so a decomposition done there is the one done here. Throws ae::Error on failure.
void symmetric_eigen(const Eigen::MatrixXd& a, Eigen::VectorXd& values, Eigen::MatrixXd& vectors);

// --- one code space, computed step by step ---------------------------------------------------------------
using Encoder = std::function<Mat(const Mat&)>;

class CodeSpace {
 public:
  enum class Stage { Idle, Encoding, Projecting, Knn, Linear, Done };

  // Starts over: the codes of every column of X through `encode`, then the 2-D map, then both probes
  // (fitted on the first `fit_count` columns, scored on the rest). X and labels must outlive the work.
  void start(Encoder encode, const Mat* X, const std::vector<uint8_t>* labels, Index fit_count);
  void start(Encoder encode, const ImageStore& X, const std::vector<uint8_t>* labels, Index fit_count);
  void clear() { *this = CodeSpace(); }
  // Does work until `deadline` (at least one unit). Returns true while work remains.
  bool step(std::chrono::steady_clock::time_point deadline);
  void run_to_end();

  Stage stage() const { return stage_; }
  bool codes_ready() const { return stage_ >= Stage::Knn; }  // codes + map
  bool done() const { return stage_ == Stage::Done; }
  double progress() const;  // 0..1
  const Mat& codes() const { return codes_; }
  const Mat& points() const { return points_; }  // 2 x N map coordinates
  const Projection2D& projection() const { return projection_; }
  const ProbeAccuracy& probe() const { return probe_; }
  const LinearProbe& linear() const { return linear_; }
  // The k-NN probe's prediction for one code (reference: the fit half). -1 before the codes are ready.
  int predict(const Vec& code) const;
  Mat encode(const Mat& X) const { return encode_ ? encode_(X) : Mat(); }
  Index fit_count() const { return fit_count_; }

 private:
  Encoder encode_;
  ImageStore X_;
  const std::vector<uint8_t>* labels_ = nullptr;
  Index fit_count_ = 0, next_ = 0, knn_correct_ = 0;
  Stage stage_ = Stage::Idle;
  Mat codes_, points_;
  Projection2D projection_;
  ProbeAccuracy probe_;
  LinearProbe linear_;
  std::vector<uint8_t> fit_labels_;
};

}  // namespace ae
