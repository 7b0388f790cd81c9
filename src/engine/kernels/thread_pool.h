// The native engine's threads (the GEMMs' blocks, Adam's pieces): a small pool whose workers poll for the
// next job for 50 us, then sleep on a condition variable (a training step's products come a few tens of us
// apart; a longer spin would take a core from a busy machine, as OpenMP's does), and take a job's chunks one
// at a time from a shared counter (a thread slowed by another process on its core simply takes fewer chunks;
// a static split would make every GEMM wait for it). Nothing is allocated per job. WebAssembly builds have
// no threads: parallel_for runs the chunks inline.
#pragma once

namespace ae::kernels {

// n threads for the GEMMs, the caller included; 0 = every core (std::thread::hardware_concurrency). The
// default is 1 (the tests, the page, and `aeplay train` unless --threads says otherwise).
void set_threads(int n);
int threads();

// Sets the pool aside (true) or takes it back (false): while set aside every job runs on the calling thread,
// and threads() still says how many the pool has. StepThreads (step_threads.h) does this when one thread
// measures faster, as it does when another process holds a core.
void run_serially(bool on);
// How many threads the next job will use: 1 while run serially, else threads().
int active_threads();

// Runs fn(ctx, chunk) for every chunk in [0, chunks), on the pool's threads and the calling one; returns when
// all are done. Not reentrant: fn must not call parallel_for.
void parallel_for_raw(int chunks, void (*fn)(void*, int), void* ctx);

// The same for any callable f(int chunk), without wrapping it in a std::function (which may allocate).
template <class F>
void parallel_for(int chunks, F& f) {
  parallel_for_raw(chunks, [](void* p, int c) { (*static_cast<F*>(p))(c); }, &f);
}

}  // namespace ae::kernels
