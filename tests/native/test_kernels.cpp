// GEMM kernels: the packed 4-float-vector kernel (simd128 in the wasm build) and gemm() against the
// readable reference, for every transpose combination, accumulate on/off, ragged edges (sizes not
// multiples of the 8x6 micro-tile), depths past one packed block (KC = 256) and leading dimensions
// larger than the rows. The same comparison runs in wasm: engine_bench --check (bench/suite.sh).
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <tuple>

#include "kernels/gemm.h"

namespace {

using Mat = Eigen::MatrixXf;
using GemmFn = void (*)(bool, bool, int, int, int, const float*, int, const float*, int, bool, float*, int);

struct Case { int m, n, k; };

void check(GemmFn fn, const Case& c, bool ta, bool tb, bool acc, int pad) {
  // Stored operands with `pad` extra rows, so lda/ldb/ldc exceed the logical row counts.
  const int ar = (ta ? c.k : c.m), ac = (ta ? c.m : c.k), br = (tb ? c.n : c.k), bc = (tb ? c.k : c.n);
  Mat A = Mat::Random(ar + pad, ac), B = Mat::Random(br + pad, bc), C = Mat::Random(c.m + pad, c.n);
  Mat R = C;
  fn(ta, tb, c.m, c.n, c.k, A.data(), ar + pad, B.data(), br + pad, acc, C.data(), c.m + pad);
  ae::kernels::gemm_reference(ta, tb, c.m, c.n, c.k, A.data(), ar + pad, B.data(), br + pad, acc, R.data(), c.m + pad);
  const float tol = 1e-5f * static_cast<float>(c.k + 1);
  EXPECT_LE((C - R).cwiseAbs().maxCoeff(), tol) << "m=" << c.m << " n=" << c.n << " k=" << c.k << " ta=" << ta
                                               << " tb=" << tb << " acc=" << acc << " pad=" << pad;
  // The padding rows of C are never written.
  if (pad) EXPECT_EQ(C.bottomRows(pad), R.bottomRows(pad));
}

const Case kCases[] = {{1, 1, 1}, {8, 6, 1}, {9, 7, 3}, {13, 5, 300}, {31, 17, 513}, {256, 64, 784},
                       {784, 64, 256}, {32, 256, 64}, {130, 13, 257}, {7, 1, 0}};

TEST(Kernels, ReferenceMatchesEigen) {
  Mat A = Mat::Random(5, 7), B = Mat::Random(7, 3), C(5, 3);
  ae::kernels::gemm_reference(false, false, 5, 3, 7, A.data(), 5, B.data(), 7, false, C.data(), 5);
  EXPECT_LE((C - A * B).cwiseAbs().maxCoeff(), 1e-5f);
  Mat D = Mat::Random(3, 7);  // C += A · Dᵀ
  Mat E = C;
  ae::kernels::gemm_reference(false, true, 5, 3, 7, A.data(), 5, D.data(), 3, true, C.data(), 5);
  EXPECT_LE((C - (E + A * D.transpose())).cwiseAbs().maxCoeff(), 1e-5f);
}

TEST(Kernels, PackedMatchesReference) {
  for (const Case& c : kCases)
    for (int t = 0; t < 8; ++t) check(ae::kernels::gemm_packed, c, t & 1, t & 2, t & 4, t == 5 ? 3 : 0);
}

TEST(Kernels, GemmMatchesReference) {
  for (const Case& c : kCases)
    for (int t = 0; t < 8; ++t) check(ae::kernels::gemm, c, t & 1, t & 2, t & 4, t == 6 ? 2 : 0);
}

TEST(Kernels, EmptyDepthClearsOrKeeps) {
  Mat C = Mat::Constant(4, 3, 2.0f);
  float dummy = 0;
  ae::kernels::gemm_packed(false, false, 4, 3, 0, &dummy, 4, &dummy, 1, true, C.data(), 4);
  EXPECT_EQ(C, Mat::Constant(4, 3, 2.0f));
  ae::kernels::gemm_packed(false, false, 4, 3, 0, &dummy, 4, &dummy, 1, false, C.data(), 4);
  EXPECT_EQ(C, Mat::Zero(4, 3));
}

}  // namespace
