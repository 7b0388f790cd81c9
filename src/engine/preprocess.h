// Turning a free-hand drawing into an MNIST-style 28x28 input, the way LeCun et al. made MNIST:
// crop to the ink, scale (anti-aliased, aspect kept) so the longer side is 20 px, then place it in a
// 28x28 field so that its centre of mass sits at the centre.
#pragma once
#include "tensor.h"

namespace ae {

struct DigitImage {
  Vec pixels;          // 784 values in [0, 1], row-major 28x28
  bool empty = true;   // no ink was found
};

// `ink` is a w x h row-major canvas of values in [0, 1] (1 = ink). Values <= threshold count as paper.
DigitImage mnist_from_drawing(const float* ink, int w, int h, float threshold = 0.05f);

}  // namespace ae
