#include "kernels/gemm.h"

#include "kernels/gemm_block.h"
#include "kernels/thread_pool.h"

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

namespace ae::kernels {

namespace {
// op(X)(i, p) of a stored column-major X.
inline float at(const float* X, int ld, bool trans, int i, int p) { return trans ? X[p + i * ld] : X[i + p * ld]; }
}  // namespace

// C (m x n) = [C +] op(A) (m x k) · op(B) (k x n): the definition.
void gemm_reference(bool trans_a, bool trans_b, int m, int n, int k, const float* A, int lda, const float* B,
                    int ldb, bool accumulate, float* C, int ldc) {
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) {
      float s = 0;
      for (int p = 0; p < k; ++p) s += at(A, lda, trans_a, i, p) * at(B, ldb, trans_b, p, j);
      C[i + j * ldc] = accumulate ? C[i + j * ldc] + s : s;
    }
}

namespace {

constexpr int MR = AE_GEMM_MR;  // micro-tile rows (gemm_block.h)
constexpr int NR = AE_GEMM_NR;  // micro-tile columns
constexpr int KC = 256;         // depth of a packed block
constexpr int MC = 128;         // rows of a packed A block (MC x KC floats = 128 KiB, in L2)

// Packs op(A)[i0 .. i0+mc) x [p0 .. p0+kc) as MR-row strips, k-major inside a strip, zero-padded rows.
void pack_a(bool trans, const float* A, int lda, int i0, int mc, int p0, int kc, float* dst) {
  for (int s = 0; s < mc; s += MR) {
    const int rows = std::min(MR, mc - s);
    for (int p = 0; p < kc; ++p, dst += MR) {
      int r = 0;
      if (!trans && rows == MR) {
        std::memcpy(dst, A + (i0 + s) + static_cast<long>(p0 + p) * lda, MR * sizeof(float));
        continue;
      }
      for (; r < rows; ++r) dst[r] = at(A, lda, trans, i0 + s + r, p0 + p);
      for (; r < MR; ++r) dst[r] = 0;
    }
  }
}

// Packs op(B)[p0 .. p0+kc) x [0 .. n) as NR-column strips, k-major inside a strip, zero-padded columns.
void pack_b(bool trans, const float* B, int ldb, int p0, int kc, int n, float* dst) {
  for (int j0 = 0; j0 < n; j0 += NR) {
    const int cols = std::min(NR, n - j0);
    for (int p = 0; p < kc; ++p, dst += NR) {
      int c = 0;
      for (; c < cols; ++c) dst[c] = at(B, ldb, trans, p0 + p, j0 + c);
      for (; c < NR; ++c) dst[c] = 0;
    }
  }
}

// The block loops of this build (SSE natively, simd128 in wasm), and the ones gemm_packed calls: these, or
// the relaxed module's once use_gemm_block() has installed them.
void builtin_gemm_block(int kc, int mc, int n, const float* packed_a, const float* packed_b, float* C, int ldc,
                        int accumulate, float* scratch) {
  ae_gemm_block(kc, mc, n, packed_a, packed_b, C, ldc, accumulate, scratch);
}
GemmBlockFn current_block = builtin_gemm_block;
const char* current_block_name = nullptr;

}  // namespace

void gemm_packed(bool trans_a, bool trans_b, int m, int n, int k, const float* A, int lda, const float* B,
                 int ldb, bool accumulate, float* C, int ldc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate)
      for (int j = 0; j < n; ++j) std::fill(C + static_cast<long>(j) * ldc, C + static_cast<long>(j) * ldc + m, 0.0f);
    return;
  }
  // Grown on first use, reused after: no allocation once the largest shape has been seen.
  thread_local std::vector<float> packed_a, packed_b;
  const int n_pad = (n + NR - 1) / NR * NR;
  const size_t need_b = static_cast<size_t>(std::min(k, KC)) * n_pad;
  const size_t need_a = static_cast<size_t>(std::min(k, KC)) * ((std::min(m, MC) + MR - 1) / MR * MR);
  if (packed_b.size() < need_b) packed_b.resize(need_b);
  if (packed_a.size() < need_a) packed_a.resize(need_a);

  alignas(16) float scratch[MR * NR];  // the edge tiles (gemm_block.h)
  for (int p0 = 0; p0 < k; p0 += KC) {
    const int kc = std::min(KC, k - p0);
    const bool acc = accumulate || p0 > 0;  // later depth blocks add to the first one's result
    pack_b(trans_b, B, ldb, p0, kc, n, packed_b.data());
    for (int i0 = 0; i0 < m; i0 += MC) {
      const int mc = std::min(MC, m - i0);
      pack_a(trans_a, A, lda, i0, mc, p0, kc, packed_a.data());
      current_block(kc, mc, n, packed_a.data(), packed_b.data(), C + i0, ldc, acc, scratch);
    }
  }
}

void use_gemm_block(GemmBlockFn block, const char* name) {
  current_block = block ? block : builtin_gemm_block;
  current_block_name = block ? name : nullptr;
}

const char* use_faster_gemm_block(GemmBlockFn candidate, const char* name) {
  using Clock = std::chrono::steady_clock;
  // Z = W·A of AE-ref's first layer and dW = dZ·Aᵀ at batch 64: 256 x 64 x 784 and 256 x 784 x 64.
  const int m = 256, n = 64, k = 784;
  std::vector<float> A(static_cast<size_t>(m) * k, 0.5f), B(static_cast<size_t>(k) * n, 0.25f),
      C(static_cast<size_t>(m) * k);
  auto run = [&](GemmBlockFn block) {
    use_gemm_block(block, name);
    const auto t0 = Clock::now();
    gemm_packed(false, false, m, n, k, A.data(), m, B.data(), k, false, C.data(), m);
    gemm_packed(false, true, m, k, n, A.data(), m, B.data(), k, false, C.data(), m);
    return std::chrono::duration<double>(Clock::now() - t0).count();
  };
  double own = 1e30, other = 1e30;
  for (int rep = 0; rep < 6; ++rep) {  // interleaved, the best of each: a busy moment hurts both alike
    own = std::min(own, run(nullptr));
    other = std::min(other, run(candidate));
  }
  use_gemm_block(other < own ? candidate : nullptr, name);
  return gemm_backend();
}

namespace {  // Eigen natively; unused under simd128
[[maybe_unused]] void gemm_eigen(bool trans_a, bool trans_b, int m, int n, int k, const float* A, int lda,
                                 const float* B, int ldb, bool accumulate, float* C, int ldc) {
  using M = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
  using Stride = Eigen::OuterStride<>;
  Eigen::Map<const M, 0, Stride> a(A, trans_a ? k : m, trans_a ? m : k, Stride(lda));
  Eigen::Map<const M, 0, Stride> b(B, trans_b ? n : k, trans_b ? k : n, Stride(ldb));
  Eigen::Map<M, 0, Stride> c(C, m, n, Stride(ldc));
  auto run = [&](const auto& x, const auto& y) {
    if (accumulate) c.noalias() += x * y;
    else c.noalias() = x * y;
  };
  if (trans_a && trans_b) run(a.transpose(), b.transpose());
  else if (trans_a) run(a.transpose(), b);
  else if (trans_b) run(a, b.transpose());
  else run(a, b);
}
}  // namespace

#ifndef __EMSCRIPTEN__
namespace {
// C split into blocks of columns or of rows, each block an independent GEMM over the same depth k, so the
// threads share no output. Each block packs the operand it shares with the others again (Eigen packs per
// call), so the split is the one that shares the smaller: by columns shares op(A) (m x k), by rows op(B)
// (k x n). Two blocks a thread: fewer re-packed the shared operand less (AE-ref b256 GEMMs on 2 threads went
// from 270 to 306 GFLOP/s against four), and the dynamic split still evens out a thread that starts late.
struct SplitGemm {
  bool trans_a, trans_b, accumulate, by_columns;
  int m, n, k, lda, ldb, ldc, step;
  const float *A, *B;
  float* C;
  void operator()(int chunk) const {
    const int first = chunk * step, extent = by_columns ? n : m, count = std::min(step, extent - first);
    if (by_columns)  // columns [first, first + count) of C need those columns of op(B)
      gemm_eigen(trans_a, trans_b, m, count, k, A, lda, trans_b ? B + first : B + static_cast<long>(first) * ldb, ldb,
                 accumulate, C + static_cast<long>(first) * ldc, ldc);
    else  // rows [first, first + count) of C need those rows of op(A)
      gemm_eigen(trans_a, trans_b, count, n, k, trans_a ? A + static_cast<long>(first) * lda : A + first, lda, B, ldb,
                 accumulate, C + first, ldc);
  }
};
constexpr double kMinParallelFlops = 4e6;  // below this a GEMM is faster on one thread than handed out
}  // namespace
#endif

void gemm(bool trans_a, bool trans_b, int m, int n, int k, const float* A, int lda, const float* B, int ldb,
          bool accumulate, float* C, int ldc) {
#ifdef __EMSCRIPTEN__
  gemm_packed(trans_a, trans_b, m, n, k, A, lda, B, ldb, accumulate, C, ldc);
#else
  const int t = active_threads();
  if (t == 1 || 2.0 * m * n * k < kMinParallelFlops || m <= 0 || n <= 0) {
    gemm_eigen(trans_a, trans_b, m, n, k, A, lda, B, ldb, accumulate, C, ldc);
    return;
  }
  const bool by_columns = n >= m;
  const int extent = by_columns ? n : m, align = by_columns ? 4 : 8;
  int step = (extent + 2 * t - 1) / (2 * t);
  step = std::max(by_columns ? 16 : 32, (step + align - 1) / align * align);
  SplitGemm job{trans_a, trans_b, accumulate, by_columns, m, n, k, lda, ldb, ldc, step, A, B, C};
  parallel_for((extent + step - 1) / step, job);
#endif
}

const char* gemm_backend() {
  if (current_block_name) return current_block_name;
#if defined(__wasm_simd128__)
  return "packed-simd128";
#elif defined(__EMSCRIPTEN__)
  return "packed-scalar";
#else
  return "eigen";
#endif
}

}  // namespace ae::kernels
