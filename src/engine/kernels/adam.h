// Adam's update of one parameter tensor, in one pass over memory: w, g, m and v are each read once and
// w, m, v written once (the Eigen expressions it replaces made four passes; at batch 64 the update of
// AE-ref's 418k parameters was a quarter of the training step).
//
//   g' = scale·g + decay·w                     (gradient clipping and coupled L2 decay; decay = 0 for biases)
//   m  = β1·m + (1 − β1)·g'
//   v  = β2·v + (1 − β2)·g'²
//   w -= step · m / (sqrt(v / bc2) + ε)        (step = lr / bc1; bc1, bc2 the bias corrections)
//
//   adam_reference  the definition, one element at a time, in double precision.
//   adam_fused      the same update in float as one loop the compiler vectorises (AVX-512/AVX2 natively,
//                   simd128 in wasm). The result of an element depends only on its own values, never on
//                   where the buffers sit in memory.
#pragma once

namespace ae::kernels {

struct AdamStep {
  float beta1, beta2, eps;
  float step;        // lr / bc1
  float bc2;         // 1 − β2^t
  float grad_scale;  // 1, or clip_norm / ‖g‖ when clipping
  float decay;       // L2 weight decay for weights, 0 for biases
};

void adam_reference(const AdamStep& s, long n, float* w, const float* g, float* m, float* v);
void adam_fused(const AdamStep& s, long n, float* __restrict w, const float* __restrict g, float* __restrict m,
                float* __restrict v);

}  // namespace ae::kernels
