// Element-wise activations and their derivatives, applied to whole matrices (Eigen vectorises them).
#pragma once
#include <string>

#include "tensor.h"

namespace ae {

enum class Activation : uint8_t { Identity = 0, ReLU = 1, LeakyReLU = 2, Sigmoid = 3, Tanh = 4 };
constexpr float kLeakySlope = 0.01f;

const char* to_string(Activation a);
Activation parse_activation(const std::string& name);  // throws ae::Error naming the valid choices
bool is_valid(Activation a);

// A = f(Z).
void activate(Activation a, const Mat& Z, Mat& A);
// In place: G <- G ⊙ f'(Z), using A = f(Z) where that is cheaper (sigmoid, tanh).
void multiply_by_derivative(Activation a, const Mat& Z, const Mat& A, Mat& G);

}  // namespace ae
