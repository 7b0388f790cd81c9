#include "pca.h"

#include <Eigen/Eigenvalues>

#include "error.h"

namespace ae {

Pca Pca::fit(const Mat& X, int k) {
  const Index d = X.rows(), n = X.cols();
  if (n < 2) throw Error("PCA needs at least 2 samples");
  if (k < 1 || k > d) throw Error("PCA k must be in 1.." + std::to_string(d) + ", got " + std::to_string(k));
  Pca p;
  p.mean = (X.cast<double>().rowwise().sum() / static_cast<double>(n)).cast<float>();

  // Float GEMMs are fast; summing the per-block results in double keeps 60k samples accurate.
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(d, d);
  const Index block = 4096;
  Mat centred(d, block), partial(d, d);
  for (Index start = 0; start < n; start += block) {
    const Index m = std::min(block, n - start);
    centred.resize(d, m);
    centred = X.middleCols(start, m).colwise() - p.mean;
    partial.noalias() = centred * centred.transpose();
    cov += partial.cast<double>();
  }
  cov /= static_cast<double>(n);

  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
  if (eig.info() != Eigen::Success) throw Error("PCA eigen-decomposition failed");
  // Eigen sorts eigenvalues ascending: reverse to get the principal directions first.
  p.variances = eig.eigenvalues().reverse();
  p.components = eig.eigenvectors().rightCols(k).rowwise().reverse().cast<float>();
  return p;
}

Mat Pca::encode(const Mat& X) const { return components.transpose() * (X.colwise() - mean); }

Mat Pca::decode(const Mat& codes) const { return (components * codes).colwise() + mean; }

}  // namespace ae
