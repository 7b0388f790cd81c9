// Principal component analysis in closed form: covariance accumulated in double from float GEMMs of
// centred column blocks, then Eigen's SelfAdjointEigenSolver. A linear autoencoder's optimum.
#pragma once
#include "tensor.h"

namespace ae {

struct Pca {
  Vec mean;            // d
  Mat components;      // d x k, orthonormal columns, by decreasing variance
  Eigen::VectorXd variances;  // all d eigenvalues of the covariance, decreasing

  static Pca fit(const Mat& X, int k);  // X: d x N, one sample per column
  int k() const { return static_cast<int>(components.cols()); }
  Mat encode(const Mat& X) const;          // k x N
  Mat decode(const Mat& codes) const;      // d x N
  Mat reconstruct(const Mat& X) const { return decode(encode(X)); }
};

}  // namespace ae
