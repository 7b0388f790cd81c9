#include "kernels/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#if !defined(__EMSCRIPTEN__)
#include <condition_variable>
#include <mutex>
#include <thread>
#endif
#if defined(__SSE__)
#include <immintrin.h>
#endif

namespace ae::kernels {

#if defined(__EMSCRIPTEN__)

void set_threads(int) {}
int threads() { return 1; }
void run_serially(bool) {}
int active_threads() { return 1; }
void parallel_for_raw(int chunks, void (*fn)(void*, int), void* ctx) {
  for (int c = 0; c < chunks; ++c) fn(ctx, c);
}

#else

namespace {

// The caller's floating-point control (flush-to-zero, denormals-are-zero: denormals.h) goes with each job, so
// a chunk computes the same on a worker as on the caller, and as fast.
unsigned fp_control() {
#if defined(__SSE__)
  return _mm_getcsr();
#else
  return 0;
#endif
}
void set_fp_control([[maybe_unused]] unsigned csr) {
#if defined(__SSE__)
  if (_mm_getcsr() != csr) _mm_setcsr(csr);
#endif
}

// A training step hands out a dozen GEMMs a few tens of microseconds apart. A worker that went to sleep
// after each one would be woken by the kernel for the next (tens of microseconds on a VM, often after the
// caller has done the job alone), so a worker, and the caller waiting for the last chunk, first polls for
// this long. Bounded, so a parked pool costs a busy machine nothing (OpenMP's default spins for ~100 ms,
// which is why it collapses when another process holds a core: docs/benchmarks.md).
constexpr auto kSpin = std::chrono::microseconds(50);

inline void cpu_relax() {
#if defined(__SSE__)
  _mm_pause();
#endif
}

// Polls ready() until it holds or kSpin has passed; true if it held.
template <class Ready>
bool spin_until(Ready ready) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    if (std::chrono::steady_clock::now() >= until) return ready();
  }
}

class Pool {
 public:
  explicit Pool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  int size() const { return static_cast<int>(threads_.size()) + 1; }

  void run(int chunks, void (*fn)(void*, int), void* ctx) {
    uint32_t generation;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation = ++generation_;
      // The counter first: from here a straggler of the previous job, holding its generation, can claim
      // nothing. (Publishing chunks_ first let one that had read the old counter, all chunks taken, see the
      // new, larger count and claim chunk N of the old job, which ran a chunk of this one twice and counted
      // it against this job: unfinished_ ended at -1 and run() waited forever, seen in test_kernels.)
      // Workers learn this generation under the mutex, or from published_ after everything else is stored,
      // so none claims before the rest is stored.
      next_.store(uint64_t(generation) << 32);  // chunk 0 of this job
      fn_.store(fn), ctx_.store(ctx), chunks_.store(chunks), csr_.store(fp_control());
      unfinished_.store(chunks);
      published_.store(generation);  // for the polling workers
    }
    wake_.notify_all();
    take_chunks(generation);  // the caller works too
    if (spin_until([&] { return unfinished_.load() == 0; })) return;
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return unfinished_.load() == 0; });
  }

 private:
  // The counter holds the job's generation in its high half: a worker that wakes late, holding an older
  // generation, finds it changed and takes nothing.
  void take_chunks(uint32_t generation) {
    int finished = 0;
    for (;;) {
      uint64_t v = next_.load();
      if (uint32_t(v >> 32) != generation || int(uint32_t(v)) >= chunks_.load()) break;
      if (!next_.compare_exchange_weak(v, v + 1)) continue;
      fn_.load()(ctx_.load(), int(uint32_t(v)));
      ++finished;
    }
    if (finished == 0 || unfinished_.fetch_sub(finished) != finished) return;
    std::lock_guard<std::mutex> lock(mutex_);  // the caller checks unfinished_ under it before it sleeps
    done_.notify_all();
  }

  void work() {
    uint32_t seen = 0;
    for (;;) {
      if (spin_until([&] { return published_.load() != seen; })) {  // the next job came soon
        seen = published_.load();
      } else {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });  // parked: no spinning
        if (stop_) return;
        seen = generation_;
      }
      set_fp_control(csr_.load());
      take_chunks(seen);
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> next_{0};
  std::atomic<void (*)(void*, int)> fn_{nullptr};
  std::atomic<void*> ctx_{nullptr};
  std::atomic<int> chunks_{0};
  std::atomic<unsigned> csr_{0};
  std::atomic<int> unfinished_{0};       // chunks of the current job not yet finished
  std::atomic<uint32_t> published_{0};   // the generation whose job is fully stored
  uint32_t generation_ = 0;              // guarded by mutex_
  bool stop_ = false;
};

std::unique_ptr<Pool>& pool() {
  static std::unique_ptr<Pool> p;
  return p;
}
bool serial = false;  // run_serially()

}  // namespace

void set_threads(int n) {
  if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  n = std::min(n, 64);
  if (n == threads()) return;
  pool().reset();
  if (n > 1) pool() = std::make_unique<Pool>(n - 1);
}

int threads() { return pool() ? pool()->size() : 1; }
void run_serially(bool on) { serial = on; }
int active_threads() { return serial ? 1 : threads(); }

void parallel_for_raw(int chunks, void (*fn)(void*, int), void* ctx) {
  if (chunks <= 0) return;
  if (!pool() || serial || chunks == 1) {
    for (int c = 0; c < chunks; ++c) fn(ctx, c);
    return;
  }
  pool()->run(chunks, fn, ctx);
}

#endif

}  // namespace ae::kernels
