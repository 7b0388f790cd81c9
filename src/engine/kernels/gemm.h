// GEMM kernels: C = op(A)·op(B) (+ C), float32, column-major with leading dimensions, as the dense layer
// needs them (Z = W·A, dW += dZ·Aᵀ, dA = Wᵀ·dZ).
//
//   gemm_reference  the readable triple loop: the definition every other version is tested against.
//   gemm_packed     packed panels + a register-blocked 8x4 micro-kernel written with 4-float vectors
//                   (gemm_block.h: SSE natively, simd128 under emcc -msimd128, scalar without it), so the
//                   same code that runs in the browser is tested natively. In a browser with Relaxed SIMD
//                   its block loops can be swapped for gemm_relaxed.wasm's (use_gemm_block).
//   gemm            the one to call: gemm_packed under WebAssembly (Eigen 3.4 has no simd128 backend
//                   and reaches ~10 GFLOP/s there), Eigen natively (AVX2/AVX-512, near the roof).
//
// Shapes: op(A) is m x k, op(B) is k x n, C is m x n. op(X) = X, or Xᵀ when trans_x is true (then the
// stored X is k x m, resp. n x k). lda/ldb/ldc are the column strides of the stored matrices.
// accumulate = false: C = op(A)·op(B); true: C += op(A)·op(B).
// After the first call with the largest shape, gemm_packed allocates nothing (per-thread pack buffers).
#pragma once

namespace ae::kernels {

void gemm_reference(bool trans_a, bool trans_b, int m, int n, int k, const float* A, int lda, const float* B,
                    int ldb, bool accumulate, float* C, int ldc);
void gemm_packed(bool trans_a, bool trans_b, int m, int n, int k, const float* A, int lda, const float* B,
                 int ldb, bool accumulate, float* C, int ldc);
void gemm(bool trans_a, bool trans_b, int m, int n, int k, const float* A, int lda, const float* B, int ldb,
          bool accumulate, float* C, int ldc);

// The block loops gemm_packed runs (gemm_block.h's signature). use_gemm_block(nullptr, ...) restores this
// build's own; in wasm the relaxed module's export arrives as a function-table index cast to this type.
using GemmBlockFn = void (*)(int kc, int mc, int n, const float* packed_a, const float* packed_b, float* C, int ldc,
                             int accumulate, float* scratch);
void use_gemm_block(GemmBlockFn block, const char* name);
// Times this build's block loops against `candidate` on AE-ref's largest products (a few ms) and installs the
// faster. Relaxed SIMD's fused multiply-add is not faster on every CPU: on this project's AMD EPYC the simd128
// loops were as fast or faster (docs/benchmarks.md), where on CPUs whose adds share the FMA units it should be up
// to 2x. Returns gemm_backend().
const char* use_faster_gemm_block(GemmBlockFn candidate, const char* name);

// Which implementation gemm() uses ("packed-simd128", "packed-scalar", "packed-relaxed-simd", "eigen").
const char* gemm_backend();

}  // namespace ae::kernels
