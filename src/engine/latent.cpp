#include "latent.h"

#include <algorithm>
#include <cmath>

#include "error.h"

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

}  // namespace ae
