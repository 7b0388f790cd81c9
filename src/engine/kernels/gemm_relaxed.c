// gemm_relaxed.wasm: the packed GEMM's block loop (gemm_block.h) with f32x4.relaxed_madd, as a module of its
// own. emcc 3.1.6 (LLVM 14, binaryen 108) cannot emit or even parse Relaxed SIMD, so this file is compiled by
// clang-19 and linked by wasm-ld-19 (cmake/RelaxedKernel.cmake). It imports the engine's memory and owns none
// of it; the page and the worker put its export into the engine's function table when the browser validates
// it (web/wasm-variant.js), and ae::kernels::use_gemm_block() makes gemm_packed call it.
#define AE_GEMM_RELAXED
#include "gemm_block.h"

__attribute__((export_name("gemm_block"))) void gemm_block_relaxed(int kc, int mc, int n, const float* packed_a,
                                                                   const float* packed_b, float* C, int ldc,
                                                                   int accumulate, float* scratch) {
  ae_gemm_block(kc, mc, n, packed_a, packed_b, C, ldc, accumulate, scratch);
}
