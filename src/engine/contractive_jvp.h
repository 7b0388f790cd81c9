// The contractive penalty λ‖∂f/∂x‖²_F for a dense encoder f of any depth whose input is small (the 2-D lab's
// points), with its exact gradient. penalties.h's closed form covers one sigmoid layer only; a deeper encoder
// has no such formula, but with d inputs its Jacobian is only (code x d), so it is computed exactly by forward
// mode: d tangent passes ż = W·ȧ, ȧ = f'(z)⊙ż beside the forward pass (one per input direction e_c). The
// gradient w.r.t. every W and b is reverse mode through those tangent passes and the forward pass they depend
// on (forward-over-reverse, written out for a dense stack): the tangent's adjoint flows down through Wᵀ, and
// each layer's f''(z) turns it into an adjoint of z that flows down the ordinary forward pass. Cost: about
// 2(d + 1) passes of the encoder per batch, so it is refused for inputs above kMaxContractiveJvpInputs.
#pragma once
#include <vector>

#include "activations.h"
#include "tensor.h"

namespace ae {

constexpr int kMaxContractiveJvpInputs = 16;

// One encoder layer a = f(W·in + b) of the forward pass: its weights, activation, pre-activations Z and
// outputs A (units x B, the forward pass's), and where its gradient goes (added; null = value only).
struct ContractiveLayer {
  Eigen::Map<const Mat> W;
  Activation act;
  const Mat& Z;
  const Mat& A;
  float* dW = nullptr;  // W's shape, column-major like W
  float* db = nullptr;
};

// Mean over the batch of λ‖J‖²_F, J = ∂a_last/∂x at each column of X (inputs x B), for the layers in order.
// Activations: identity, sigmoid, tanh (smooth: the gradient needs f''); others throw ae::Error.
double contractive_forward_mode(float lambda, const std::vector<ContractiveLayer>& layers, const Mat& X);

}  // namespace ae
