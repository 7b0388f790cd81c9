// GEMM kernels: the packed 4-float-vector kernel (simd128 in the wasm build) and gemm() against the
// readable reference, for every transpose combination, accumulate on/off, ragged edges (sizes not
// multiples of the 8x4 micro-tile), depths past one packed block (KC = 256) and leading dimensions
// larger than the rows. The same comparison runs in wasm: engine_bench --check (bench/suite.sh).
// The fused Adam update against its double-precision definition, and independent of buffer placement.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <atomic>
#include <chrono>
#include <thread>
#include <string>
#include <tuple>
#include <vector>

#include "kernels/adam.h"

#include "kernels/gemm.h"
#include "kernels/step_threads.h"
#include "kernels/thread_pool.h"

namespace fused {
// gemm_block.h's loops with a fused multiply-add per lane, what gemm_relaxed.wasm's f32x4.relaxed_madd does
// on CPUs with FMA (one rounding instead of two), built here from the same source.
typedef float v4 __attribute__((vector_size(16)));
inline v4 fma4(v4 a, v4 b, v4 c) {
  return v4{std::fma(a[0], b[0], c[0]), std::fma(a[1], b[1], c[1]), std::fma(a[2], b[2], c[2]), std::fma(a[3], b[3], c[3])};
}
#define AE_MADD(acc, a, b) fma4((a), (b), (acc))
#include "kernels/gemm_block.h"
#undef AE_MADD
int calls = 0;
void block(int kc, int mc, int n, const float* pa, const float* pb, float* C, int ldc, int acc, float* scratch) {
  ++calls;
  ae_gemm_block(kc, mc, n, pa, pb, C, ldc, acc, scratch);
}
}  // namespace fused

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
  if (pad) {
    EXPECT_EQ(C.bottomRows(pad), R.bottomRows(pad));
  }
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

// The relaxed module's way in: gemm_packed runs whatever block loops use_gemm_block installed (here the fused
// ones), on every shape and transpose, until nullptr puts the build's own back.
TEST(Kernels, PackedRunsTheInstalledBlockLoops) {
  const std::string own = ae::kernels::gemm_backend();
  ae::kernels::use_gemm_block(fused::block, "packed-fused-test");
  EXPECT_STREQ(ae::kernels::gemm_backend(), "packed-fused-test");
  fused::calls = 0;
  for (const Case& c : kCases)
    for (int t = 0; t < 8; ++t) check(ae::kernels::gemm_packed, c, t & 1, t & 2, t & 4, t == 3 ? 1 : 0);
  EXPECT_GT(fused::calls, 0);
  ae::kernels::use_gemm_block(nullptr, nullptr);
  EXPECT_EQ(ae::kernels::gemm_backend(), own);
  const int before = fused::calls;
  check(ae::kernels::gemm_packed, {9, 7, 3}, false, false, false, 0);
  EXPECT_EQ(fused::calls, before) << "the build's own loops are back";
}

// The page's and the worker's choice when relaxed was not forced: a candidate measured slower is not kept.
TEST(Kernels, TheFasterBlockLoopsAreKept) {
  const std::string own = ae::kernels::gemm_backend();
  auto slow = [](int kc, int mc, int n, const float* pa, const float* pb, float* C, int ldc, int acc, float* scratch) {
    fused::block(kc, mc, n, pa, pb, C, ldc, acc, scratch);
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(300);
    while (std::chrono::steady_clock::now() < until) {
    }
  };
  EXPECT_EQ(ae::kernels::use_faster_gemm_block(slow, "slow"), own);
  check(ae::kernels::gemm_packed, {31, 17, 513}, false, true, false, 0);
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

// Adam state after a few steps from random w, g: the fused float kernel and the double reference agree to
// float rounding (relative 1e-5 of the update size), with clipping scale and decay on.
TEST(Kernels, FusedAdamMatchesTheReference) {
  for (long n : {1L, 3L, 16L, 17L, 1000L, 4099L}) {
    std::vector<float> w(n), m(n, 0.0f), v(n, 0.0f);
    Eigen::Map<Eigen::VectorXf>(w.data(), n).setRandom();
    std::vector<float> wr = w, mr = m, vr = v;
    for (int t = 1; t <= 5; ++t) {
      std::vector<float> g(n);
      Eigen::Map<Eigen::VectorXf>(g.data(), n).setRandom();
      const float bc1 = 1 - std::pow(0.9f, float(t)), bc2 = 1 - std::pow(0.999f, float(t));
      const ae::kernels::AdamStep s{0.9f, 0.999f, 1e-8f, 1e-2f / bc1, bc2, 0.7f, 1e-3f};
      const std::vector<float> before = w;
      ae::kernels::adam_fused(s, n, w.data(), g.data(), m.data(), v.data());
      ae::kernels::adam_reference(s, n, wr.data(), g.data(), mr.data(), vr.data());
      for (long i = 0; i < n; ++i) {
        ASSERT_NE(w[i], before[i]) << "every weight moves (n=" << n << ", i=" << i << ")";
        ASSERT_NEAR(w[i], wr[i], 1e-5f * 1e-2f + 1e-6f * std::abs(wr[i])) << "n=" << n << " i=" << i << " t=" << t;
        ASSERT_NEAR(m[i], mr[i], 1e-6f) << "n=" << n << " i=" << i;
        ASSERT_NEAR(v[i], vr[i], 1e-6f) << "n=" << n << " i=" << i;
      }
    }
  }
}

TEST(Kernels, FusedAdamDoesNotDependOnWhereTheBuffersSit) {
  // The same 37 values at every offset 0..15 floats into larger buffers: identical bits per element,
  // whether an element lands in the vector body or the scalar remainder.
  const long n = 37;
  Eigen::VectorXf w0 = Eigen::VectorXf::Random(n), g0 = Eigen::VectorXf::Random(n), m0 = Eigen::VectorXf::Random(n),
                  v0 = Eigen::VectorXf::Random(n).cwiseAbs();
  const ae::kernels::AdamStep s{0.9f, 0.999f, 1e-8f, 1e-3f, 0.01f, 1.0f, 0.0f};
  std::vector<float> first;
  for (long offset = 0; offset < 16; ++offset) {
    std::vector<float> w(n + 16), g(n + 16), m(n + 16), v(n + 16);
    std::copy(w0.data(), w0.data() + n, w.begin() + offset);
    std::copy(g0.data(), g0.data() + n, g.begin() + offset);
    std::copy(m0.data(), m0.data() + n, m.begin() + offset);
    std::copy(v0.data(), v0.data() + n, v.begin() + offset);
    ae::kernels::adam_fused(s, n, w.data() + offset, g.data() + offset, m.data() + offset, v.data() + offset);
    std::vector<float> out(w.begin() + offset, w.begin() + offset + n);
    if (offset == 0)
      first = out;
    else
      EXPECT_EQ(out, first) << "offset " << offset;
  }
}


// --- the thread pool and the threaded GEMM -------------------------------------------------------------------

// Restores one thread when a test ends, whatever it set.
struct Threads {
  explicit Threads(int n) { ae::kernels::set_threads(n); }
  ~Threads() { ae::kernels::set_threads(1); }
};

TEST(ThreadPool, EveryChunkRunsExactlyOnceOnEveryThreadCount) {
  for (int t : {1, 2, 3, 5}) {
    Threads pool(t);
    EXPECT_EQ(ae::kernels::threads(), t);
    for (int round = 0; round < 300; ++round) {  // many jobs back to back: a late worker must not take a chunk twice
      const int chunks = 1 + round % 37;
      std::vector<std::atomic<int>> runs(static_cast<size_t>(chunks));
      auto job = [&](int c) { runs[static_cast<size_t>(c)].fetch_add(1); };
      ae::kernels::parallel_for(chunks, job);
      for (int c = 0; c < chunks; ++c) ASSERT_EQ(runs[static_cast<size_t>(c)].load(), 1) << t << " threads, chunk " << c;
    }
  }
  Threads all(0);
  EXPECT_EQ(ae::kernels::threads(), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

TEST(ThreadPool, ASlowThreadTakesFewerChunks) {
  // One chunk in the first call sleeps: the other threads take the rest meanwhile (a dynamic split).
  Threads pool(2);
  std::atomic<int> on_other{0};
  const auto caller = std::this_thread::get_id();
  auto job = [&](int c) {
    if (c == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (std::this_thread::get_id() != caller) on_other.fetch_add(1);
  };
  ae::kernels::parallel_for(20, job);
  EXPECT_GE(on_other.load(), 1);
}

// StepThreads times steps on the pool and on one thread and keeps the faster. Here a step's cost is made to
// depend on the setting (a sleep four times as long on one side: a late wake-up of a few ms cannot turn
// the choice), so the right choice is known.
long steps_on_pool_of(int steps, int pooled_ms, int serial_ms, ae::kernels::StepThreads& chooser) {
  for (int s = 0; s < steps; ++s) {
    ae::kernels::StepScope timed(chooser);
    const bool pooled = ae::kernels::active_threads() > 1;
    std::this_thread::sleep_for(std::chrono::milliseconds(pooled ? pooled_ms : serial_ms));
  }
  return chooser.pooled_steps();
}

TEST(StepThreads, KeepsThePoolWhenItIsFaster) {
  Threads pool(2);
  ae::kernels::StepThreads chooser;
  const int steps = 2 + 12 + 40;  // warm-up, one probe, then part of the run (64 steps at least)
  const long pooled = steps_on_pool_of(steps, 3, 12, chooser);
  EXPECT_EQ(chooser.probes(), 1);
  EXPECT_EQ(pooled, steps - 6) << "only the probe's six one-thread steps run without the pool";
  EXPECT_EQ(ae::kernels::active_threads(), 2) << "between steps the pool is back";
}

TEST(StepThreads, SetsThePoolAsideWhenOneThreadIsFaster) {
  // As when another process holds a core: the pool's steps take longer.
  Threads pool(2);
  ae::kernels::StepThreads chooser;
  const int steps = 2 + 12 + 40;
  const long pooled = steps_on_pool_of(steps, 12, 3, chooser);
  EXPECT_EQ(pooled, 2 + 6) << "the warm-up and the probe's pooled half, then one thread";
  EXPECT_EQ(chooser.serial_steps(), steps - 8);
  EXPECT_EQ(ae::kernels::active_threads(), 2);
}

TEST(StepThreads, ProbesAgainAfterItsRunAndFollowsAChange) {
  // Runs of at least 64 steps (a run of "0.01 s" is shorter): one probe, one run on one thread, then the
  // load goes away and the second probe switches to the pool.
  Threads pool(2);
  ae::kernels::StepThreads chooser(0.01);
  steps_on_pool_of(2 + 12 + 64, 12, 3, chooser);
  EXPECT_EQ(chooser.probes(), 1);
  EXPECT_EQ(chooser.pooled_steps(), 2 + 6);
  steps_on_pool_of(12 + 20, 3, 12, chooser);
  EXPECT_EQ(chooser.probes(), 2);
  EXPECT_EQ(chooser.pooled_steps(), 2 + 6 + 6 + 20);
}

TEST(StepThreads, DoesNothingWithoutAPool) {
  Threads one(1);
  ae::kernels::StepThreads chooser;
  steps_on_pool_of(20, 1, 1, chooser);
  EXPECT_EQ(chooser.pooled_steps() + chooser.serial_steps(), 0);
  EXPECT_EQ(chooser.probes(), 0);
}

// The threaded GEMM splits C into independent blocks; Eigen may group a block's depth differently, so the
// result is the one-thread result within float rounding: |difference| <= 1e-6 x (k + 1) x max|C| (seen: 0).
TEST(ThreadPool, GemmOnThreadsMatchesOneThread) {
  const Case cases[] = {{256, 64, 784}, {784, 64, 256}, {256, 784, 64}, {784, 256, 256}, {32, 1000, 300}, {1000, 16, 784}};
  for (const Case& c : cases)
    for (int t = 0; t < 8; ++t) {
      const bool ta = t & 1, tb = t & 2, acc = t & 4;
      const int ar = (ta ? c.k : c.m), ac = (ta ? c.m : c.k), br = (tb ? c.n : c.k), bc = (tb ? c.k : c.n);
      const Mat A = Mat::Random(ar, ac), B = Mat::Random(br, bc), C0 = Mat::Random(c.m, c.n);
      Mat one = C0, two = C0;
      ae::kernels::gemm(ta, tb, c.m, c.n, c.k, A.data(), ar, B.data(), br, acc, one.data(), c.m);
      {
        Threads pool(3);
        ae::kernels::gemm(ta, tb, c.m, c.n, c.k, A.data(), ar, B.data(), br, acc, two.data(), c.m);
      }
      const float bound = 1e-6f * float(c.k + 1) * one.cwiseAbs().maxCoeff();
      EXPECT_LE((one - two).cwiseAbs().maxCoeff(), bound) << c.m << "x" << c.n << "x" << c.k << " ta=" << ta << " tb=" << tb;
    }
}

}  // namespace
