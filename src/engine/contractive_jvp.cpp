#include "contractive_jvp.h"

#include <string>

#include "error.h"

namespace ae {

namespace {

// f'(z) from a = f(z), for the smooth activations.
Mat first_derivative(Activation act, const Mat& A) {
  switch (act) {
    case Activation::Identity: return Mat::Ones(A.rows(), A.cols());
    case Activation::Sigmoid: return (A.array() * (1.0f - A.array())).matrix();
    case Activation::Tanh: return (1.0f - A.array().square()).matrix();
    default:
      throw Error(std::string("the contractive penalty's forward mode needs a smooth activation, got ") +
                  to_string(act));
  }
}

// f''(z) from a = f(z) and f'(z) (identity: none, returned empty).
Mat second_derivative(Activation act, const Mat& A, const Mat& F1) {
  if (act == Activation::Sigmoid) return (F1.array() * (1.0f - 2.0f * A.array())).matrix();
  if (act == Activation::Tanh) return (-2.0f * A.array() * F1.array()).matrix();
  return Mat();
}

// In place: each of the d blocks of B columns of M (units x d·B) times the per-point factor F (units x B).
void scale_blocks(Mat& M, const Mat& F) {
  const Index B = F.cols();
  for (Index c = 0; c < M.cols() / B; ++c) M.middleCols(c * B, B).array() *= F.array();
}

}  // namespace

// Notation: layer l has z = W·a_prev + b, a = f(z). The tangent along input direction c is ȧ (ȧ_prev of the
// first layer = e_c), ż = W·ȧ_prev, ȧ = f'(z)⊙ż; the d tangents of the B points sit side by side as d blocks
// of B columns, so J at point i is column i of each block of the last ȧ. P = λ/B Σ ‖ȧ_last‖².
double contractive_forward_mode(float lambda, const std::vector<ContractiveLayer>& layers, const Mat& X) {
  const Index d = X.rows(), B = X.cols();
  const size_t n = layers.size();
  if (n == 0 || B == 0) return 0;
  if (d > kMaxContractiveJvpInputs)
    throw Error("the contractive penalty's forward mode takes at most " + std::to_string(kMaxContractiveJvpInputs) +
                " inputs, got " + std::to_string(d));
  std::vector<Mat> F1(n), Zdot(n), Adot(n);
  for (size_t l = 0; l < n; ++l) {
    const ContractiveLayer& L = layers[l];
    F1[l] = first_derivative(L.act, L.A);
    if (l == 0) {
      Zdot[0].resize(L.W.rows(), d * B);  // ż = W·e_c: column c of W at every point
      for (Index c = 0; c < d; ++c) Zdot[0].middleCols(c * B, B) = L.W.col(c).replicate(1, B);
    } else {
      Zdot[l].noalias() = L.W * Adot[l - 1];
    }
    Adot[l] = Zdot[l];
    scale_blocks(Adot[l], F1[l]);
  }
  const float per_image = 1.0f / static_cast<float>(B);
  const double value = lambda * per_image * static_cast<double>(Adot.back().squaredNorm());
  if (!layers.back().dW) return value;

  Mat G = (2.0f * lambda * per_image) * Adot.back();  // ∂P/∂ȧ of the current layer
  Mat Pa;                                             // ∂P/∂a through the forward pass (none at the top)
  for (size_t l = n; l-- > 0;) {
    const ContractiveLayer& L = layers[l];
    Mat Gz = G;  // ∂P/∂ż = f'(z)⊙∂P/∂ȧ
    scale_blocks(Gz, F1[l]);
    Mat Dz = Mat::Zero(L.W.rows(), B);  // ∂P/∂z: ȧ depends on z through f'(z), and a on z through f
    const Mat F2 = second_derivative(L.act, L.A, F1[l]);
    if (F2.size())
      for (Index c = 0; c < d; ++c)
        Dz.array() += F2.array() * Zdot[l].middleCols(c * B, B).array() * G.middleCols(c * B, B).array();
    if (Pa.size()) Dz.array() += Pa.array() * F1[l].array();
    Eigen::Map<Mat> dW(L.dW, L.W.rows(), L.W.cols());
    if (l == 0) {
      for (Index c = 0; c < d; ++c) add_column_sums(Gz.middleCols(c * B, B), dW.col(c));
    } else {
      dW.noalias() += Gz * Adot[l - 1].transpose();
    }
    dW.noalias() += Dz * (l == 0 ? X : layers[l - 1].A).transpose();
    add_column_sums(Dz, Eigen::Map<Vec>(L.db, L.W.rows()));
    if (l > 0) {
      G.noalias() = L.W.transpose() * Gz;
      Pa.noalias() = L.W.transpose() * Dz;
    }
  }
  return value;
}

}  // namespace ae
