// Seeded random numbers that are identical on every platform (native, wasm): our own PCG32 and
// Box-Muller instead of std:: distributions, whose outputs differ between standard libraries.
#pragma once
#include <cstdint>
#include <vector>

namespace ae {

class Rng {
 public:
  explicit Rng(uint64_t seed = 1, uint64_t stream = 0);
  uint32_t next_u32();
  float uniform();                 // [0, 1)
  float uniform(float lo, float hi);
  float normal();                  // N(0, 1)
  uint32_t below(uint32_t n);      // uniform integer in [0, n), unbiased
  bool bernoulli(float p) { return uniform() < p; }

 private:
  uint64_t state_ = 0, inc_ = 0;
  float spare_normal_ = 0;
  bool has_spare_ = false;
};

// A uniformly random permutation of 0..n-1 (Fisher-Yates), written into `out` (resized to n).
void shuffled_indices(std::vector<int>& out, int n, Rng& rng);

}  // namespace ae
