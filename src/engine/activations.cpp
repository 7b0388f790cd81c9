#include "activations.h"

#include "error.h"

namespace ae {

const char* to_string(Activation a) {
  switch (a) {
    case Activation::Identity: return "identity";
    case Activation::ReLU: return "relu";
    case Activation::LeakyReLU: return "leakyrelu";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Tanh: return "tanh";
  }
  return "?";
}

bool is_valid(Activation a) { return static_cast<uint8_t>(a) <= static_cast<uint8_t>(Activation::Tanh); }

Activation parse_activation(const std::string& name) {
  for (auto a : {Activation::Identity, Activation::ReLU, Activation::LeakyReLU, Activation::Sigmoid, Activation::Tanh})
    if (name == to_string(a)) return a;
  if (name == "linear") return Activation::Identity;
  if (name == "leaky") return Activation::LeakyReLU;
  throw Error("unknown activation '" + name + "' (choose identity, relu, leakyrelu, sigmoid, tanh)");
}

void activate(Activation a, const Mat& Z, Mat& A) {
  A.resize(Z.rows(), Z.cols());
  auto z = Z.array();
  switch (a) {
    case Activation::Identity: A = Z; break;
    case Activation::ReLU: A.array() = z.max(0.0f); break;
    case Activation::LeakyReLU: A.array() = (z > 0.0f).select(z, kLeakySlope * z); break;
    // exp(-z) overflows to inf for z < -88, and 1/(1+inf) = 0 is the right limit.
    case Activation::Sigmoid: A.array() = (1.0f + (-z).exp()).inverse(); break;
    case Activation::Tanh: A.array() = z.tanh(); break;
  }
}

void multiply_by_derivative(Activation a, const Mat& Z, const Mat& A, Mat& G) {
  auto g = G.array();
  switch (a) {
    case Activation::Identity: break;
    case Activation::ReLU: g = (Z.array() > 0.0f).select(g, 0.0f); break;
    case Activation::LeakyReLU: g = (Z.array() > 0.0f).select(g, kLeakySlope * g); break;
    case Activation::Sigmoid: g *= A.array() * (1.0f - A.array()); break;
    case Activation::Tanh: g *= 1.0f - A.array().square(); break;
  }
}

}  // namespace ae
