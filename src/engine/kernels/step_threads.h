// Runs a step that repeats (a training step) on one thread or on all of the pool's (thread_pool.h),
// whichever measures faster now. On a quiet machine the pool wins; when another process holds a core, the
// step's GEMMs wait for the thread that shares it, and one thread is faster (docs/benchmarks.md,
// bench/threads.sh). So now and then it times a few steps each way, interleaved, and keeps the faster:
//
//   probe  12 steps, in blocks of 3: pool, one thread, pool, one thread (a load that changes mid-probe hurts
//          both); a block's first step settles and is not timed
//   run    the faster setting for about 2 seconds (at least 64 steps), then probe again
//
// The pool is kept only when it is at least 3% faster: a tie goes to one thread, which leaves the other
// cores to whoever else needs them. A probe's slower half costs at most a few percent of the run. The
// threads only change who computes which block of a product, never the arithmetic (thread_pool.h, gemm.h),
// so the choice does not change the trained weights beyond the bound the tests state (seen: identical).
// With one thread in the pool (WebAssembly, --threads 1) it does nothing, not even read the clock.
#pragma once

#include <chrono>

namespace ae::kernels {

class StepThreads {
 public:
  explicit StepThreads(double run_seconds = 2.0) : run_seconds_(run_seconds) {}
  void begin();  // before a step: sets the pool aside or takes it back for it
  void end();    // after it
  // Counted since construction, for reports: steps run on the pool / on one thread, probes made.
  long pooled_steps() const { return pooled_steps_; }
  long serial_steps() const { return serial_steps_; }
  long probes() const { return probes_; }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr int kProbeSteps = 12, kProbeBlock = 3, kWarmupSteps = 2, kMinRunSteps = 64;
  static constexpr int kTimedPerSide = kProbeSteps / 2 - kProbeSteps / kProbeBlock / 2;  // 4
  static constexpr double kPoolMargin = 0.97;

  bool pooled_now() const;
  double run_seconds_;
  bool active_ = false;   // begin() saw a pool
  bool pooled_ = true;    // this step's setting
  bool choice_ = true;    // the last probe's winner
  int warmup_left_ = kWarmupSteps;
  int probe_step_ = 0;    // < kProbeSteps: probing
  long run_left_ = 0;
  double seconds_[2] = {0, 0};  // probe time on [serial, pooled]
  Clock::time_point start_;
  long pooled_steps_ = 0, serial_steps_ = 0, probes_ = 0;
};

// begin() on construction, end() on destruction.
class StepScope {
 public:
  explicit StepScope(StepThreads& threads) : threads_(threads) { threads_.begin(); }
  ~StepScope() { threads_.end(); }
  StepScope(const StepScope&) = delete;
  StepScope& operator=(const StepScope&) = delete;

 private:
  StepThreads& threads_;
};

}  // namespace ae::kernels
