#include "rng.h"

#include <cmath>

namespace ae {

Rng::Rng(uint64_t seed, uint64_t stream) : inc_((stream << 1u) | 1u) {
  next_u32();
  state_ += seed;
  next_u32();
}

uint32_t Rng::next_u32() {  // PCG-XSH-RR 64/32 (O'Neill 2014)
  uint64_t old = state_;
  state_ = old * 6364136223846793005ULL + inc_;
  uint32_t xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
  uint32_t rot = static_cast<uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

float Rng::uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }

float Rng::uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }

float Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  // Box-Muller; u1 in (0, 1] so log(u1) is finite.
  float u1 = 1.0f - uniform();
  float u2 = uniform();
  float r = std::sqrt(-2.0f * std::log(u1));
  float theta = 6.28318530717958647692f * u2;
  spare_normal_ = r * std::sin(theta);
  has_spare_ = true;
  return r * std::cos(theta);
}

uint32_t Rng::below(uint32_t n) {  // Lemire's rejection-free-in-practice bounded integer
  uint32_t threshold = (0u - n) % n;
  for (;;) {
    uint32_t r = next_u32();
    if (r >= threshold) return r % n;
  }
}

void shuffled_indices(std::vector<int>& out, int n, Rng& rng) {
  out.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out[static_cast<size_t>(i)] = i;
  for (int i = n - 1; i > 0; --i) {
    int j = static_cast<int>(rng.below(static_cast<uint32_t>(i + 1)));
    std::swap(out[static_cast<size_t>(i)], out[static_cast<size_t>(j)]);
  }
}

}  // namespace ae
