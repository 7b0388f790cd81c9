// The packed GEMM's inner loops over one packed block, written once for every build that runs them:
//   native (SSE through the vector extension, tested against gemm_reference),
//   wasm simd128 (emcc -msimd128: f32x4.mul then f32x4.add),
//   wasm Relaxed SIMD (clang-19 -mrelaxed-simd, its own small module gemm_relaxed.wasm: f32x4.relaxed_madd,
//   one fused multiply-add where the CPU has FMA).
// Valid C and C++, and freestanding (no libc, no stack memory): the relaxed module is compiled from this file
// alone and shares the engine's linear memory, so it must not own any of it.
//
// Block: C (mc x n, column stride ldc) [+]= packed A (mc x kc, MR-row strips) · packed B (kc x n, NR-column
// strips), both k-major inside a strip and zero-padded to whole strips (see gemm.cpp's pack_a / pack_b).
// scratch: MR x NR floats the caller owns, for the ragged edge tiles.
#ifndef AEPLAY_KERNELS_GEMM_BLOCK_H
#define AEPLAY_KERNELS_GEMM_BLOCK_H

// The micro-tile: 8 rows (2 vectors) x 4 columns = 8 vector accumulators. V8 keeps 8 accumulators, 2 A vectors
// and a broadcast in registers; with 12 (the 8x6 tile this replaced) it spilled: the 8x6 block loops ran at half
// the speed of these in Node, with and without relaxed_madd, and the training step's GEMMs gained 1.4-1.7x in
// bench/suite.sh (docs/benchmarks.md, "WebAssembly against native").
#define AE_GEMM_MR 8
#define AE_GEMM_NR 4

typedef float ae_v4 __attribute__((vector_size(16)));

// acc + a·b: the one line that differs between the builds (a test may define its own before including).
#if defined(AE_MADD)
#elif defined(AE_GEMM_RELAXED)
#define AE_MADD(acc, a, b) __builtin_wasm_relaxed_madd_f32x4((a), (b), (acc))
#else
#define AE_MADD(acc, a, b) ((acc) + (a) * (b))
#endif

static inline ae_v4 ae_load4(const float* p) {
  ae_v4 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
static inline void ae_store4(float* p, ae_v4 v) { __builtin_memcpy(p, &v, sizeof v); }
static inline ae_v4 ae_splat4(float x) { return (ae_v4){x, x, x, x}; }

// One MR x NR tile of C, rows x cols of it valid.
static inline void ae_gemm_tile(int kc, const float* a, const float* b, float* C, int ldc, int rows, int cols,
                                int accumulate, float* scratch) {
  ae_v4 c00 = {0}, c01 = {0}, c10 = {0}, c11 = {0}, c20 = {0}, c21 = {0}, c30 = {0}, c31 = {0};
  for (int p = 0; p < kc; ++p, a += AE_GEMM_MR, b += AE_GEMM_NR) {
    const ae_v4 a0 = ae_load4(a), a1 = ae_load4(a + 4);
    ae_v4 bj = ae_splat4(b[0]);
    c00 = AE_MADD(c00, a0, bj); c01 = AE_MADD(c01, a1, bj);
    bj = ae_splat4(b[1]);
    c10 = AE_MADD(c10, a0, bj); c11 = AE_MADD(c11, a1, bj);
    bj = ae_splat4(b[2]);
    c20 = AE_MADD(c20, a0, bj); c21 = AE_MADD(c21, a1, bj);
    bj = ae_splat4(b[3]);
    c30 = AE_MADD(c30, a0, bj); c31 = AE_MADD(c31, a1, bj);
  }
  const int full = rows == AE_GEMM_MR && cols == AE_GEMM_NR;
  float* out = full ? C : scratch;  // an edge tile goes through scratch, then its valid part into C
  const int ld = full ? ldc : AE_GEMM_MR;
  const int add = full && accumulate;
#define AE_STORE_COLUMN(j, lo, hi)                                              \
  do {                                                                          \
    float* col = out + (long)(j) * ld;                                          \
    ae_store4(col, add ? ae_load4(col) + (lo) : (lo));                          \
    ae_store4(col + 4, add ? ae_load4(col + 4) + (hi) : (hi));                  \
  } while (0)
  AE_STORE_COLUMN(0, c00, c01);
  AE_STORE_COLUMN(1, c10, c11);
  AE_STORE_COLUMN(2, c20, c21);
  AE_STORE_COLUMN(3, c30, c31);
#undef AE_STORE_COLUMN
  if (full) return;
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) {
      float* c = C + i + (long)j * ldc;
      *c = accumulate ? *c + scratch[i + j * AE_GEMM_MR] : scratch[i + j * AE_GEMM_MR];
    }
}

// Every tile of a block: columns in NR strips, rows in MR strips (the A block stays in cache across them).
static inline void ae_gemm_block(int kc, int mc, int n, const float* packed_a, const float* packed_b, float* C,
                                 int ldc, int accumulate, float* scratch) {
  for (int j0 = 0; j0 < n; j0 += AE_GEMM_NR) {
    const float* b = packed_b + (long)j0 * kc;
    const int cols = n - j0 < AE_GEMM_NR ? n - j0 : AE_GEMM_NR;
    for (int s = 0; s < mc; s += AE_GEMM_MR)
      ae_gemm_tile(kc, packed_a + (long)s * kc, b, C + s + (long)j0 * ldc, ldc,
                   mc - s < AE_GEMM_MR ? mc - s : AE_GEMM_MR, cols, accumulate, scratch);
  }
}

#endif  // AEPLAY_KERNELS_GEMM_BLOCK_H
