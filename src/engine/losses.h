// Reconstruction losses. Convention: summed over the pixels of an image, averaged over the images of the
// batch, so an MSE loss is directly the "squared error per image" of Hinton & Salakhutdinov (2006)
// and a BCE loss is in nats per image.
#pragma once
#include <string>

#include "activations.h"
#include "tensor.h"

namespace ae {

enum class Loss : uint8_t { MSE = 0, BCE = 1, L1 = 2 };

const char* to_string(Loss l);
Loss parse_loss(const std::string& name);
bool is_valid(Loss l);

// Loss value for output activations A (and their pre-activations Z) against targets T, and its
// gradient with respect to Z in dZ (shape of Z). BCE is computed from the logits Z, which must
// belong to a sigmoid output: log(1 + e^-|z|) + max(z, 0) - z t, stable for any z.
double loss_and_grad(Loss loss, Activation output, const Mat& Z, const Mat& A, const Mat& T, Mat& dZ);
double loss_value(Loss loss, Activation output, const Mat& Z, const Mat& A, const Mat& T);

}  // namespace ae
