#include "latent.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "error.h"
#include "kernels/gemm.h"

namespace ae {

Mat encode_all(const Autoencoder& model, const Mat& X, Index block) {
  Mat codes(model.latent_size(), X.cols());
  for (Index start = 0; start < X.cols(); start += block) {
    const Index m = std::min(block, X.cols() - start);
    codes.middleCols(start, m) = model.encode(X.middleCols(start, m));
  }
  return codes;
}

// --- 2-D map ----------------------------------------------------------------------------------------------

Projection2D Projection2D::fit(const Mat& codes) {
  const Index d = codes.rows();
  if (d < 1) throw Error("cannot map codes of size 0");
  Projection2D p;
  if (d <= 2) {
    p.direct = true;
    p.mean = Vec::Zero(d);
    p.axes = Mat::Zero(d, 2);
    for (Index i = 0; i < d; ++i) p.axes(i, i) = 1.0f;
    return p;
  }
  Pca pca = Pca::fit(codes, 2);
  p.mean = pca.mean;
  p.axes = pca.components;
  // Eigenvectors have no sign of their own: make each axis' largest entry positive, so maps are stable.
  for (Index c = 0; c < 2; ++c) {
    Index arg;
    p.axes.col(c).cwiseAbs().maxCoeff(&arg);
    if (p.axes(arg, c) < 0) p.axes.col(c) *= -1.0f;
  }
  return p;
}

Mat Projection2D::project(const Mat& codes) const { return axes.transpose() * (codes.colwise() - mean); }

Vec Projection2D::unproject(float x, float y) const { return mean + axes.col(0) * x + axes.col(1) * y; }

// --- interpolation ----------------------------------------------------------------------------------------

Vec lerp(const Vec& a, const Vec& b, float t) { return (1.0f - t) * a + t * b; }

Vec slerp(const Vec& a, const Vec& b, float t) {
  const double na = a.norm(), nb = b.norm();
  if (na < 1e-12 || nb < 1e-12) return lerp(a, b, t);
  const double cosine = std::clamp(static_cast<double>(a.dot(b)) / (na * nb), -1.0, 1.0);
  const double omega = std::acos(cosine), s = std::sin(omega);
  if (s < 1e-6) return lerp(a, b, t);  // (anti)parallel: the great circle is not defined
  const double wa = std::sin((1.0 - t) * omega) / s, wb = std::sin(t * omega) / s;
  return (static_cast<float>(wa) * a + static_cast<float>(wb) * b).eval();
}

Mat interpolate(const Vec& a, const Vec& b, int steps, bool spherical) {
  if (steps < 2) throw Error("interpolation needs at least 2 steps");
  if (a.size() != b.size()) throw Error("interpolation between codes of different sizes");
  Mat out(a.size(), steps);
  for (int i = 0; i < steps; ++i) {
    const float t = static_cast<float>(i) / static_cast<float>(steps - 1);
    out.col(i) = spherical ? slerp(a, b, t) : lerp(a, b, t);
  }
  return out;
}

// --- neighbours -------------------------------------------------------------------------------------------

namespace {

// The k smallest of `dist` (an array of n), as indices sorted by distance; `skip` is left out.
void top_k(const float* dist, Index n, int k, int skip, std::vector<int>& idx) {
  idx.clear();
  for (Index j = 0; j < n; ++j) {
    if (j == skip) continue;
    const float v = dist[j];
    if (static_cast<int>(idx.size()) == k && v >= dist[idx.back()]) continue;
    if (static_cast<int>(idx.size()) < k) idx.push_back(static_cast<int>(j));
    else idx.back() = static_cast<int>(j);
    for (size_t p = idx.size() - 1; p > 0 && dist[idx[p]] < dist[idx[p - 1]]; --p) std::swap(idx[p], idx[p - 1]);
  }
}

}  // namespace

std::vector<int> nearest(const Mat& codes, const Vec& query, int k, int skip) {
  if (query.size() != codes.rows()) throw Error("nearest: query and codes differ in size");
  const Vec dist = (codes.colwise() - query).colwise().squaredNorm().transpose();
  std::vector<int> idx;
  top_k(dist.data(), dist.size(), std::max(0, std::min<int>(k, static_cast<int>(codes.cols()))), skip, idx);
  return idx;
}

std::vector<int> knn_predict(const Mat& ref, const std::vector<uint8_t>& ref_labels, const Mat& queries, int k) {
  if (ref.cols() == 0 || static_cast<Index>(ref_labels.size()) != ref.cols())
    throw Error("k-NN needs labelled reference codes");
  if (queries.rows() != ref.rows()) throw Error("k-NN: query and reference codes differ in size");
  k = std::min<int>(k, static_cast<int>(ref.cols()));
  // ‖q − r‖² = ‖r‖² − 2 rᵀq + ‖q‖² (the last term is the same for every r and does not change the order).
  const Vec rn = ref.colwise().squaredNorm().transpose();
  std::vector<int> out(static_cast<size_t>(queries.cols()));
  std::vector<int> idx;
  const Index chunk = 256;
  Mat dist;
  for (Index start = 0; start < queries.cols(); start += chunk) {
    const Index m = std::min(chunk, queries.cols() - start);
    dist.noalias() = -2.0f * ref.transpose() * queries.middleCols(start, m);  // R x m
    dist.colwise() += rn;
    for (Index q = 0; q < m; ++q) {
      top_k(dist.col(q).data(), dist.rows(), k, -1, idx);
      int votes[256] = {};
      int best = -1, best_votes = 0;
      for (int i : idx) ++votes[ref_labels[static_cast<size_t>(i)]];
      // Majority; among tied labels the one whose first neighbour is nearest (idx is sorted by distance).
      for (int i : idx) {
        const int label = ref_labels[static_cast<size_t>(i)];
        if (votes[label] > best_votes) best = label, best_votes = votes[label];
      }
      out[static_cast<size_t>(start + q)] = best;
    }
  }
  return out;
}

// --- linear probe -----------------------------------------------------------------------------------------

namespace {
constexpr float kProbeL2 = 1e-4f, kProbeLr = 0.05f, kBeta1 = 0.9f, kBeta2 = 0.999f, kAdamEps = 1e-8f;
}

void LinearProbe::init(const Mat& codes, int classes) {
  const Index d = codes.rows(), n = codes.cols();
  if (n < 2) throw Error("the linear probe needs at least 2 samples");
  mean = codes.rowwise().mean();
  const Vec var = (codes.colwise() - mean).array().square().rowwise().sum() / static_cast<float>(n);
  inv_std = var.unaryExpr([](float v) { return v > 1e-12f ? 1.0f / std::sqrt(v) : 0.0f; });
  W = Mat::Zero(classes, d);
  b = Vec::Zero(classes);
  mW = vW = Mat::Zero(classes, d);
  mb = vb = Vec::Zero(classes);
  iterations = 0;
}

double LinearProbe::train(const Mat& codes, const std::vector<uint8_t>& labels, int iters) {
  const Index n = codes.cols();
  const Mat Xs = (codes.colwise() - mean).array().colwise() * inv_std.array();
  Mat P(W.rows(), n), gW;
  Vec gb;
  double loss = 0;
  for (int it = 0; it < iters; ++it) {
    P.noalias() = W * Xs;
    P.colwise() += b;
    loss = 0;
    for (Index j = 0; j < n; ++j) {  // softmax, then P − Y, divided by n
      auto col = P.col(j);
      const float mx = col.maxCoeff();
      col = (col.array() - mx).exp();
      const float s = col.sum();
      col /= s;
      const int y = labels[static_cast<size_t>(j)];
      loss -= std::log(std::max(col(y), 1e-30f));
      col(y) -= 1.0f;
    }
    loss /= static_cast<double>(n);
    P /= static_cast<float>(n);
    gW.noalias() = P * Xs.transpose();
    gW += kProbeL2 * W;
    gb = P.rowwise().sum();
    ++iterations;
    const float c1 = 1.0f - std::pow(kBeta1, static_cast<float>(iterations));
    const float c2 = 1.0f - std::pow(kBeta2, static_cast<float>(iterations));
    mW = kBeta1 * mW + (1 - kBeta1) * gW;
    vW = kBeta2 * vW + (1 - kBeta2) * gW.cwiseProduct(gW);
    mb = kBeta1 * mb + (1 - kBeta1) * gb;
    vb = kBeta2 * vb + (1 - kBeta2) * gb.cwiseProduct(gb);
    W.array() -= kProbeLr * (mW.array() / c1) / ((vW.array() / c2).sqrt() + kAdamEps);
    b.array() -= kProbeLr * (mb.array() / c1) / ((vb.array() / c2).sqrt() + kAdamEps);
  }
  return loss;
}

std::vector<int> LinearProbe::predict(const Mat& codes) const {
  const Mat logits = (W * ((codes.colwise() - mean).array().colwise() * inv_std.array()).matrix()).colwise() + b;
  std::vector<int> out(static_cast<size_t>(codes.cols()));
  for (Index j = 0; j < codes.cols(); ++j) {
    Index arg;
    logits.col(j).maxCoeff(&arg);
    out[static_cast<size_t>(j)] = static_cast<int>(arg);
  }
  return out;
}

int classes_of(const std::vector<uint8_t>& labels) {
  const int used = labels.empty() ? 0 : 1 + *std::max_element(labels.begin(), labels.end());
  return std::max(used, 2);
}

LinearProbe fit_linear_probe(const Mat& codes, const std::vector<uint8_t>& labels, int iterations) {
  if (static_cast<Index>(labels.size()) != codes.cols()) throw Error("linear probe: one label per code needed");
  LinearProbe p;
  p.init(codes, classes_of(labels));
  p.train(codes, labels, iterations);
  return p;
}

double accuracy(const std::vector<int>& predicted, const std::vector<uint8_t>& labels, Index first) {
  if (predicted.empty()) return 0;
  size_t correct = 0;
  for (size_t i = 0; i < predicted.size(); ++i)
    correct += predicted[i] == labels[static_cast<size_t>(first) + i];
  return static_cast<double>(correct) / static_cast<double>(predicted.size());
}

ProbeAccuracy probe_accuracy(const Mat& codes, const std::vector<uint8_t>& labels) {
  if (static_cast<Index>(labels.size()) != codes.cols() || codes.cols() < 4)
    throw Error("the probe needs at least 4 labelled codes");
  const Index fit = codes.cols() / 2, rest = codes.cols() - fit;
  const std::vector<uint8_t> fit_labels(labels.begin(), labels.begin() + fit);
  ProbeAccuracy a;
  a.knn = accuracy(knn_predict(codes.leftCols(fit), fit_labels, codes.rightCols(rest)), labels, fit);
  a.linear = accuracy(fit_linear_probe(codes.leftCols(fit), fit_labels).predict(codes.rightCols(rest)), labels, fit);
  return a;
}

// --- PcaBuilder -------------------------------------------------------------------------------------------

void PcaBuilder::start(const Mat* X, Index count) {
  if (!X || count < 2 || count > X->cols()) throw Error("PCA needs at least 2 samples");
  *this = PcaBuilder();
  X_ = X;
  count_ = count;
  cov_ = Eigen::MatrixXd::Zero(X->rows(), X->rows());
  sum_ = Eigen::VectorXd::Zero(X->rows());
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
  if (done_ || awaiting_ || !X_) return false;
  // Units of 32 images (about 40 MFLOP: a few ms in wasm, so a frame's slice overruns its deadline by little;
  // 128 at a time took ~25 ms there); their float products summed into double every 128 images.
  const Index block = 32, flush_every = 128;
  const int d = static_cast<int>(X_->rows());
  if (partial_.rows() != d) partial_.setZero(d, d);
  UnitClock clock(deadline);
  do {
    if (next_ < count_) {
      // Raw second moments, centred at the end: E[xxᵀ] − μμᵀ (in double, from float GEMM blocks).
      const Index m = std::min(block, count_ - next_);
      const float* B = X_->data() + next_ * d;
      kernels::gemm(false, true, d, d, static_cast<int>(m), B, d, B, d, next_ % flush_every != 0, partial_.data(), d);
      sum_ += X_->middleCols(next_, m).cast<double>().rowwise().sum();
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
  clear();
  if (!X || X->cols() < 4 || !labels || static_cast<Index>(labels->size()) != X->cols())
    throw Error("the latent map needs labelled data");
  encode_ = std::move(encode);
  X_ = X;
  labels_ = labels;
  fit_count_ = std::clamp<Index>(fit_count, 2, X->cols() - 2);
  stage_ = Stage::Encoding;
}

double CodeSpace::progress() const {
  if (!X_) return 0;
  const double n = static_cast<double>(X_->cols()), rest = n - static_cast<double>(fit_count_);
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
      case Stage::Done:
        return false;
      case Stage::Encoding: {
        const Index block = 128, n = X_->cols();
        const Index m = std::min(block, n - next_);
        const Mat c = encode_(X_->middleCols(next_, m));
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
        const Index m = std::min<Index>(64, X_->cols() - next_);  // ~10 ms of distances in wasm per unit
        const std::vector<int> pred = knn_predict(codes_.leftCols(fit_count_), fit_labels_, codes_.middleCols(next_, m));
        for (Index i = 0; i < m; ++i) knn_correct_ += pred[static_cast<size_t>(i)] == (*labels_)[static_cast<size_t>(next_ + i)];
        next_ += m;
        if (next_ == X_->cols()) {
          probe_.knn = static_cast<double>(knn_correct_) / static_cast<double>(X_->cols() - fit_count_);
          linear_.init(codes_.leftCols(fit_count_), classes_of(*labels_));
          stage_ = Stage::Linear;
        }
        break;
      }
      case Stage::Linear: {
        const int iters = std::min(2, kLinearProbeIterations - linear_.iterations);  // ~6 ms a unit in wasm
        linear_.train(codes_.leftCols(fit_count_), fit_labels_, iters);
        if (linear_.iterations >= kLinearProbeIterations) {
          const Index rest = X_->cols() - fit_count_;
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
