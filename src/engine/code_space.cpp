// The incremental half of latent.h: PcaBuilder and CodeSpace, which split their work into units and stop at a
// frame's deadline (the plain functions on codes they call are in latent.cpp).
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "error.h"
#include "kernels/gemm.h"
#include "latent.h"

namespace ae {

// --- PcaBuilder -------------------------------------------------------------------------------------------

void PcaBuilder::start(const Mat* X, Index count) {
  if (!X) throw Error("PCA needs at least 2 samples");
  start(ImageStore::view(*X), count);
}

void PcaBuilder::start(const ImageStore& X, Index count) {
  if (count < 2 || count > X.cols()) throw Error("PCA needs at least 2 samples");
  *this = PcaBuilder();
  X_ = X;
  count_ = count;
  cov_ = Eigen::MatrixXd::Zero(X.rows(), X.rows());
  sum_ = Eigen::VectorXd::Zero(X.rows());
}

void symmetric_eigen(const Eigen::MatrixXd& a, Eigen::VectorXd& values, Eigen::MatrixXd& vectors) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(a);
  if (eig.info() != Eigen::Success) throw Error("PCA eigen-decomposition failed");
  values = eig.eigenvalues();
  vectors = eig.eigenvectors();
}

void PcaBuilder::finish(const Eigen::VectorXd& values, const Eigen::MatrixXd& vectors) {
  if (!awaiting_ || values.size() != cov_.rows() || vectors.rows() != cov_.rows() || vectors.cols() != cov_.cols())
    throw Error("PCA: the decomposition does not fit the covariance");
  pca_.variances = values.reverse();
  pca_.components = vectors.rowwise().reverse().cast<float>();
  cov_.resize(0, 0);
  awaiting_ = false;
  done_ = true;
}

void PcaBuilder::decompose_here() {
  if (!awaiting_) return;
  Eigen::VectorXd values;
  Eigen::MatrixXd vectors;
  symmetric_eigen(cov_, values, vectors);
  finish(values, vectors);
}

namespace {
// Whether another unit of work fits before a frame's deadline, forecast by the longest unit so far: checking
// only "before the deadline?" let a unit that started just before it run 10-20 ms past (a task over 50 ms
// with the frame around it). The first unit always runs, so every call makes progress.
class UnitClock {
 public:
  using Clock = std::chrono::steady_clock;
  explicit UnitClock(Clock::time_point deadline) : deadline_(deadline), last_(Clock::now()) {}
  bool another_fits() {
    const Clock::time_point now = Clock::now();
    longest_ = std::max(longest_, now - last_);
    last_ = now;
    return now < deadline_ && deadline_ - now > longest_;
  }

 private:
  Clock::time_point deadline_, last_;
  Clock::duration longest_{0};
};
}  // namespace

bool PcaBuilder::step(std::chrono::steady_clock::time_point deadline) {
  if (done_ || awaiting_ || X_.cols() == 0) return false;
  // Units of 32 images (about 40 MFLOP: a few ms in wasm, so a frame's slice overruns its deadline by little;
  // 128 at a time took ~25 ms there); their float products summed into double every 128 images.
  const Index block = 32, flush_every = 128;
  const int d = static_cast<int>(X_.rows());
  if (partial_.rows() != d) partial_.setZero(d, d);
  UnitClock clock(deadline);
  do {
    if (next_ < count_) {
      // Raw second moments, centred at the end: E[xxᵀ] − μμᵀ (in double, from float GEMM blocks).
      const Index m = std::min(block, count_ - next_);
      X_.columns(next_, m, block_);  // floats for this unit only (the store may hold bytes)
      const float* B = block_.data();
      kernels::gemm(false, true, d, d, static_cast<int>(m), B, d, B, d, next_ % flush_every != 0, partial_.data(), d);
      sum_ += block_.cast<double>().rowwise().sum();
      next_ += m;
      if (next_ % flush_every == 0 || next_ == count_) cov_ += partial_.cast<double>();
    } else {
      const double n = static_cast<double>(count_);
      const Eigen::VectorXd mu = sum_ / n;
      cov_ = cov_ / n - mu * mu.transpose();
      pca_.mean = mu.cast<float>();
      awaiting_ = true;
      if (!hand_out_) decompose_here();
      return false;
    }
  } while (clock.another_fits());
  return true;
}

// --- CodeSpace --------------------------------------------------------------------------------------------

void CodeSpace::start(Encoder encode, const Mat* X, const std::vector<uint8_t>* labels, Index fit_count) {
  if (!X) throw Error("the latent map needs labelled data");
  start(std::move(encode), ImageStore::view(*X), labels, fit_count);
}

void CodeSpace::start(Encoder encode, const ImageStore& X, const std::vector<uint8_t>* labels, Index fit_count) {
  clear();
  if (X.cols() < 4 || !labels || static_cast<Index>(labels->size()) != X.cols())
    throw Error("the latent map needs labelled data");
  encode_ = std::move(encode);
  X_ = X;
  labels_ = labels;
  fit_count_ = std::clamp<Index>(fit_count, 2, X.cols() - 2);
  stage_ = Stage::Encoding;
}

double CodeSpace::progress() const {
  if (X_.cols() == 0) return 0;
  const double n = static_cast<double>(X_.cols()), rest = n - static_cast<double>(fit_count_);
  switch (stage_) {
    case Stage::Idle: return 0;
    case Stage::Encoding: return 0.5 * static_cast<double>(next_) / n;
    case Stage::Projecting: return 0.5;
    case Stage::Knn: return 0.5 + 0.25 * static_cast<double>(next_) / rest;
    case Stage::Linear: return 0.75 + 0.25 * linear_.iterations / kLinearProbeIterations;
    case Stage::Done: return 1;
  }
  return 0;
}

bool CodeSpace::step(std::chrono::steady_clock::time_point deadline) {
  UnitClock clock(deadline);
  do {
    switch (stage_) {
      case Stage::Idle:
      case Stage::Done: return false;
      case Stage::Encoding: {
        const Index block = 128, n = X_.cols();
        const Index m = std::min(block, n - next_);
        const Mat c = encode_(X_.columns(next_, m));
        if (codes_.size() == 0) codes_.resize(c.rows(), n);
        codes_.middleCols(next_, m) = c;
        next_ += m;
        if (next_ == n) stage_ = Stage::Projecting, next_ = 0;
        break;
      }
      case Stage::Projecting:
        projection_ = Projection2D::fit(codes_);
        points_ = projection_.project(codes_);
        fit_labels_.assign(labels_->begin(), labels_->begin() + fit_count_);
        stage_ = Stage::Knn;
        next_ = fit_count_;
        knn_correct_ = 0;
        break;
      case Stage::Knn: {
        const Index m = std::min<Index>(64, X_.cols() - next_);  // ~10 ms of distances in wasm per unit
        const std::vector<int> pred =
            knn_predict(codes_.leftCols(fit_count_), fit_labels_, codes_.middleCols(next_, m));
        for (Index i = 0; i < m; ++i)
          knn_correct_ += pred[static_cast<size_t>(i)] == (*labels_)[static_cast<size_t>(next_ + i)];
        next_ += m;
        if (next_ == X_.cols()) {
          probe_.knn = static_cast<double>(knn_correct_) / static_cast<double>(X_.cols() - fit_count_);
          linear_.init(codes_.leftCols(fit_count_), classes_of(*labels_));
          stage_ = Stage::Linear;
        }
        break;
      }
      case Stage::Linear: {
        const int iters = std::min(2, kLinearProbeIterations - linear_.iterations);  // ~6 ms a unit in wasm
        linear_.train(codes_.leftCols(fit_count_), fit_labels_, iters);
        if (linear_.iterations >= kLinearProbeIterations) {
          const Index rest = X_.cols() - fit_count_;
          probe_.linear = accuracy(linear_.predict(codes_.rightCols(rest)), *labels_, fit_count_);
          stage_ = Stage::Done;
          return false;
        }
        break;
      }
    }
  } while (clock.another_fits());
  return stage_ != Stage::Done;
}

void CodeSpace::run_to_end() {
  while (step(std::chrono::steady_clock::time_point::max())) {
  }
}

int CodeSpace::predict(const Vec& code) const {
  if (!codes_ready() || code.size() != codes_.rows()) return -1;
  return knn_predict(codes_.leftCols(fit_count_), fit_labels_, code)[0];
}

}  // namespace ae
