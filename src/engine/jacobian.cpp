#include "jacobian.h"

#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>
#include <string>
#include <vector>

#include "error.h"

namespace ae {

namespace {

// One sample through layers [first, last): the activation's derivative f'(z) of every layer, and the output.
struct Pass {
  std::vector<Vec> slopes;  // slopes[i] = f'(z) of layer first + i
  Vec output;
};

Pass forward_one(const Autoencoder& m, int first, int last, const Vec& in) {
  Pass p;
  Mat a = in;
  for (int l = first; l < last; ++l) {
    if (a.rows() != m.layer_inputs(l))
      throw Error("the input has " + std::to_string(a.rows()) + " values, the model's layer " + std::to_string(l) +
                  " expects " + std::to_string(m.layer_inputs(l)));
    Mat z = m.is_tied(l) ? Mat(m.weights(l).transpose() * a) : Mat(m.weights(l) * a);
    z.col(0) += m.bias(l);
    Mat next, slope = Mat::Ones(z.rows(), 1);
    activate(m.activation(l), z, next);
    multiply_by_derivative(m.activation(l), z, next, slope);
    p.slopes.push_back(slope.col(0));
    a.swap(next);
  }
  p.output = a.col(0);
  return p;
}

// W of layer l as the forward pass applies it (tied: the encoder's W transposed), times M, or M times it.
Mat times_w(const Autoencoder& m, int l, const Mat& M) {
  return m.is_tied(l) ? Mat(m.weights(l).transpose() * M) : Mat(m.weights(l) * M);
}
Mat w_times(const Autoencoder& m, int l, const Mat& M) {
  return m.is_tied(l) ? Mat(M * m.weights(l).transpose()) : Mat(M * m.weights(l));
}

// Forward mode: J ← diag(f'(z_l))·W_l·J for l = first .. last-1, starting from J = I (so layer `first`'s
// factor is its W itself, no identity product).
Mat forward_mode(const Autoencoder& m, int first, int last, const Pass& p) {
  Mat J = m.is_tied(first) ? Mat(m.weights(first).transpose()) : Mat(m.weights(first));
  J = p.slopes[0].asDiagonal() * J;
  for (int l = first + 1; l < last; ++l) J = p.slopes[size_t(l - first)].asDiagonal() * times_w(m, l, J);
  return J;
}

// Reverse mode: G ← G·diag(f'(z_l))·W_l for l = last-1 .. first, starting from the first `rows` output rows
// (the VAE's μ: the top half of the last encoder layer).
Mat reverse_mode(const Autoencoder& m, int first, int last, const Pass& p, Index rows) {
  const Vec& top = p.slopes.back();
  Mat G = top.head(rows).asDiagonal() * Mat::Identity(rows, top.size());
  for (int l = last - 1; l >= first; --l) {
    if (l < last - 1) G = G * p.slopes[size_t(l - first)].asDiagonal();
    G = w_times(m, l, G);
  }
  return G;
}

bool is_vae(const Autoencoder& m) { return m.spec().family == Family::Vae; }

void check_input(const Vec& v, Index expected, const char* what) {
  if (v.size() != expected)
    throw Error(std::string(what) + " has " + std::to_string(v.size()) + " values, the model expects " +
                std::to_string(expected));
}

// Turns each column so that its largest-magnitude entry is positive (a singular vector's sign is arbitrary).
void fix_signs(Mat& directions) {
  for (Index c = 0; c < directions.cols(); ++c) {
    Index at = 0;
    directions.col(c).cwiseAbs().maxCoeff(&at);
    if (directions(at, c) < 0) directions.col(c) *= -1.0f;
  }
}

}  // namespace

void require_dense(const Autoencoder& model) {
  for (int l = 0; l < model.num_layers(); ++l)
    if (model.kind(l) != LayerKind::Dense)
      throw Error(
          "Jacobians and tangents are computed for dense models (families autoencoder and vae); this model "
          "is " +
          std::string(to_string(model.spec().family)) + ", whose layer " + std::to_string(l) + " is a convolution");
}

Mat encoder_jacobian(const Autoencoder& model, const Vec& x) {
  require_dense(model);
  check_input(x, model.spec().input_size(), "the input");
  const int E = model.encoder_layers();
  const Pass p = forward_one(model, 0, E, x);
  return reverse_mode(model, 0, E, p, model.latent_size());
}

Mat decoder_jacobian(const Autoencoder& model, const Vec& code) {
  require_dense(model);
  check_input(code, model.latent_size(), "the code");
  const int E = model.encoder_layers(), n = model.num_layers();
  return forward_mode(model, E, n, forward_one(model, E, n, code));
}

Mat reconstruction_jacobian(const Autoencoder& model, const Vec& x) {
  require_dense(model);
  check_input(x, model.spec().input_size(), "the input");
  const int E = model.encoder_layers(), n = model.num_layers();
  const Pass enc = forward_one(model, 0, E, x);
  const Index L = model.latent_size();
  const Vec code = enc.output.head(L);  // VAE: μ
  const Mat D = forward_mode(model, E, n, forward_one(model, E, n, code));
  return D * reverse_mode(model, 0, E, enc, L);
}

Mat reconstruction_jacobians(const Autoencoder& model, const Mat& X) {
  require_dense(model);
  const Index d = model.spec().input_size(), B = X.cols(), L = model.latent_size();
  if (X.rows() != d)
    throw Error("the points have " + std::to_string(X.rows()) + " values, the model expects " + std::to_string(d));
  Mat A = X;
  std::vector<Mat> T(static_cast<size_t>(d));  // T[j] = d(activations)/d(x_j) at every point
  for (Index j = 0; j < d; ++j) T[size_t(j)] = Mat::Zero(d, B), T[size_t(j)].row(j).setOnes();
  for (int l = 0; l < model.num_layers(); ++l) {
    if (is_vae(model) && l == model.encoder_layers()) {  // the decoder starts from μ, the top half of the code
      A = Mat(A.topRows(L));
      for (auto& t : T) t = Mat(t.topRows(L));
    }
    Mat Z = times_w(model, l, A);
    Z.colwise() += model.bias(l);
    Mat slope = Mat::Ones(Z.rows(), Z.cols());
    activate(model.activation(l), Z, A);
    multiply_by_derivative(model.activation(l), Z, A, slope);
    for (auto& t : T) t = slope.cwiseProduct(times_w(model, l, t));
  }
  Mat out(d * d, B);
  for (Index j = 0; j < d; ++j) out.middleRows(j * d, d) = T[size_t(j)];
  return out;
}

namespace {

// The k leading singular values and left singular vectors of A (double), through a QR first so that the
// SVD is of a small square matrix (JacobiSVD of a 784 x 32 matrix directly took ~10 ms):
//   tall A = Q·R:        A's left singular vectors are Q times R's;
//   wide A = (Q·R)ᵀ = Rᵀ·Qᵀ: they are Rᵀ's (Qᵀ has orthonormal rows).
Tangents left_singular(const Eigen::MatrixXd& A, int k) {
  const Index r = std::min(A.rows(), A.cols());
  k = static_cast<int>(std::clamp<Index>(k, 0, r));
  const bool tall = A.rows() > A.cols();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(tall ? A : Eigen::MatrixXd(A.transpose()));
  const Eigen::MatrixXd R = qr.matrixQR().topRows(r).triangularView<Eigen::Upper>();
  // JacobiSVD sorts the singular values in decreasing order.
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(tall ? R : Eigen::MatrixXd(R.transpose()), Eigen::ComputeFullU);
  Tangents t;
  t.singular_values = svd.singularValues().head(k).cast<float>();
  const Eigen::MatrixXd U = svd.matrixU().leftCols(k);
  t.directions = (tall ? Eigen::MatrixXd(qr.householderQ() * (Eigen::MatrixXd::Identity(A.rows(), r) * U)) : U)
                     .cast<float>();
  fix_signs(t.directions);
  return t;
}

}  // namespace

Tangents leading_singular_vectors(const Mat& jacobian, int k) { return left_singular(jacobian.cast<double>(), k); }

Tangents decoder_tangents(const Autoencoder& model, const Vec& x, int k) {
  require_dense(model);
  check_input(x, model.spec().input_size(), "the input");
  const Vec code = model.encode(Mat(x)).col(0);
  return leading_singular_vectors(decoder_jacobian(model, code), k);
}

Tangents map_tangents(const Autoencoder& model, const Vec& x, int k) {
  require_dense(model);
  check_input(x, model.spec().input_size(), "the input");
  const Vec code = model.encode(Mat(x)).col(0);
  const Eigen::MatrixXd D = decoder_jacobian(model, code).cast<double>();  // d x L
  const Eigen::MatrixXd E = encoder_jacobian(model, x).cast<double>();     // L x d
  // D·E = Q·(R·E): the left singular vectors of D·E are Q times those of the small R·E.
  const Index r = std::min(D.rows(), D.cols());
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(D);
  const Eigen::MatrixXd R = qr.matrixQR().topRows(r).triangularView<Eigen::Upper>();
  Tangents small = left_singular(R * E, k);
  small.directions =
      (qr.householderQ() * (Eigen::MatrixXd::Identity(D.rows(), r) * small.directions.cast<double>())).cast<float>();
  fix_signs(small.directions);
  return small;
}

Tangents pca_tangents(const Pca& pca, int k) {
  k = std::clamp(k, 0, pca.k());
  Tangents t;
  t.directions = pca.components.leftCols(k);
  t.singular_values = pca.variances.head(k).cwiseMax(0.0).cwiseSqrt().cast<float>();
  return t;
}

}  // namespace ae
