#include "kernels/adam.h"

#include <cmath>

namespace ae::kernels {

void adam_reference(const AdamStep& s, long n, float* w, const float* g, float* m, float* v) {
  for (long i = 0; i < n; ++i) {  // in double: the definition, free of float rounding
    const double gd = double(s.grad_scale) * g[i] + double(s.decay) * w[i];
    const double mi = double(s.beta1) * m[i] + (1.0 - double(s.beta1)) * gd;
    const double vi = double(s.beta2) * v[i] + (1.0 - double(s.beta2)) * gd * gd;
    w[i] = float(w[i] - double(s.step) * mi / (std::sqrt(vi / s.bc2) + s.eps));
    m[i] = float(mi);
    v[i] = float(vi);
  }
}

// Vectorised by the compiler: the file is built with -fno-math-errno (sqrt without a side effect) and the
// buffers are __restrict. Every element goes through the same operations whether it lands in the vector
// body or the scalar remainder (sqrt and division are exact in both), so results never depend on where
// the buffers sit in memory (tested).
void adam_fused(const AdamStep& s, long n, float* __restrict w, const float* __restrict g, float* __restrict m,
                float* __restrict v) {
  const float b1 = s.beta1, b2 = s.beta2, eps = s.eps, step = s.step, scale = s.grad_scale, decay = s.decay;
  const float one_minus_b1 = 1.0f - b1, one_minus_b2 = 1.0f - b2;
  const float inv_sqrt_bc2 = 1.0f / std::sqrt(s.bc2);  // sqrt(v / bc2) = sqrt(v) / sqrt(bc2): one division less
  for (long i = 0; i < n; ++i) {
    const float gd = scale * g[i] + decay * w[i];
    const float mi = b1 * m[i] + one_minus_b1 * gd;
    const float vi = b2 * v[i] + one_minus_b2 * (gd * gd);
    m[i] = mi;
    v[i] = vi;
    w[i] -= step * mi / (std::sqrt(vi) * inv_sqrt_bc2 + eps);
  }
}

}  // namespace ae::kernels
