// Flush denormal floats to zero for the lifetime of a guard (x86 FTZ + DAZ; elsewhere nothing).
//
// Why: weights, gradients and Adam's second moments that decay towards zero (L2 weight decay, input pixels
// that are always 0) end up as denormals, which x86 processes ~100x slower: a 784-1000-500-250-30 run with
// --weight-decay went from 14 s to 118 s per epoch within 12 epochs. Values below 1.2e-38 change nothing
// the model can represent meaningfully. WebAssembly has no such mode (and its engines do not need one).
#pragma once

#if defined(__SSE__) || defined(_M_X64)
#include <xmmintrin.h>
#define AEPLAY_HAS_FTZ 1
#endif

namespace ae {

class FlushDenormalsToZero {
 public:
#ifdef AEPLAY_HAS_FTZ
  FlushDenormalsToZero() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero); }
  ~FlushDenormalsToZero() { _mm_setcsr(saved_); }
#else
  FlushDenormalsToZero() {}
#endif
  FlushDenormalsToZero(const FlushDenormalsToZero&) = delete;
  FlushDenormalsToZero& operator=(const FlushDenormalsToZero&) = delete;

 private:
#ifdef AEPLAY_HAS_FTZ
  static constexpr unsigned kFlushToZero = 0x8000, kDenormalsAreZero = 0x0040;  // MXCSR bits
  unsigned saved_;
#endif
};

}  // namespace ae
