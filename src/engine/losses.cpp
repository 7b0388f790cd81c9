#include "losses.h"

#include <cmath>

#include "error.h"

namespace ae {

const char* to_string(Loss l) {
  switch (l) {
    case Loss::MSE: return "mse";
    case Loss::BCE: return "bce";
    case Loss::L1: return "l1";
  }
  return "?";
}

bool is_valid(Loss l) { return static_cast<uint8_t>(l) <= static_cast<uint8_t>(Loss::L1); }

Loss parse_loss(const std::string& name) {
  for (auto l : {Loss::MSE, Loss::BCE, Loss::L1})
    if (name == to_string(l)) return l;
  throw Error("unknown loss '" + name + "' (choose mse, bce, l1)");
}

namespace {
void require_sigmoid_for_bce(Loss loss, Activation output) {
  if (loss == Loss::BCE && output != Activation::Sigmoid)
    throw Error("the bce loss needs a sigmoid output layer (it is computed from the logits)");
}

// Stable log(1 + e^-|z|) + max(z, 0) - z t, summed.
double bce_from_logits(const Mat& Z, const Mat& T) {
  auto z = Z.array();
  return ((-z.abs()).exp().log1p() + z.max(0.0f) - z * T.array()).template cast<double>().sum();
}
}  // namespace

double loss_value(Loss loss, Activation output, const Mat& Z, const Mat& A, const Mat& T) {
  require_sigmoid_for_bce(loss, output);
  const double per_image = 1.0 / static_cast<double>(A.cols());
  switch (loss) {
    case Loss::MSE: return (A - T).squaredNorm() * per_image;
    case Loss::L1: return (A - T).cwiseAbs().cast<double>().sum() * per_image;
    case Loss::BCE: return bce_from_logits(Z, T) * per_image;
  }
  return 0;
}

double loss_and_grad(Loss loss, Activation output, const Mat& Z, const Mat& A, const Mat& T, Mat& dZ) {
  require_sigmoid_for_bce(loss, output);
  const float per_image = 1.0f / static_cast<float>(A.cols());
  dZ.resize(Z.rows(), Z.cols());
  double value = 0;
  switch (loss) {
    case Loss::MSE:
      dZ.noalias() = (2.0f * per_image) * (A - T);
      value = (A - T).squaredNorm() * per_image;
      multiply_by_derivative(output, Z, A, dZ);
      break;
    case Loss::L1:
      dZ.array() = per_image * (A - T).array().sign();
      value = (A - T).cwiseAbs().cast<double>().sum() * per_image;
      multiply_by_derivative(output, Z, A, dZ);
      break;
    case Loss::BCE:  // d/dz of the logit form is sigmoid(z) - t = A - T
      dZ.noalias() = per_image * (A - T);
      value = bce_from_logits(Z, T) * per_image;
      break;
  }
  return value;
}

}  // namespace ae
