#include "kernels/step_threads.h"

#include <algorithm>

#include "kernels/thread_pool.h"

namespace ae::kernels {

bool StepThreads::pooled_now() const {
  if (warmup_left_ > 0) return true;  // first-step allocations are timed by nobody
  if (probe_step_ < kProbeSteps) return (probe_step_ / kProbeBlock) % 2 == 0;
  return choice_;
}

void StepThreads::begin() {
  active_ = threads() > 1;
  if (!active_) return;
  pooled_ = pooled_now();
  run_serially(!pooled_);
  start_ = Clock::now();
}

void StepThreads::end() {
  if (!active_) return;
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  run_serially(false);  // other work between steps (tests, evaluation) keeps the pool
  ++(pooled_ ? pooled_steps_ : serial_steps_);
  if (warmup_left_ > 0) {
    --warmup_left_;
    return;
  }
  if (probe_step_ < kProbeSteps) {
    // The first step of a block only settles: the pool's threads were parked during the other setting (on
    // a VM an idle vCPU halts and is slow to wake) and their caches are cold. Timed, it made a quiet
    // machine's pool look as slow as one thread in about half the probes here (batch 64: 1.14 ms against
    // 1.12 ms, where the pool's steady step is 0.7 ms).
    if (probe_step_ % kProbeBlock != 0) seconds_[pooled_] += seconds;
    if (++probe_step_ < kProbeSteps) return;
    ++probes_;
    choice_ = seconds_[1] < kPoolMargin * seconds_[0];  // equal step counts on each side
    const double per_step = std::max(std::min(seconds_[0], seconds_[1]) / kTimedPerSide, 1e-7);
    run_left_ = std::max<long>(kMinRunSteps, static_cast<long>(run_seconds_ / per_step));
    return;
  }
  if (--run_left_ > 0) return;
  probe_step_ = 0;  // probe again: the load may have changed
  seconds_[0] = seconds_[1] = 0;
}

}  // namespace ae::kernels
