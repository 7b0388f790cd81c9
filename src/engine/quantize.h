// Uniform scalar quantisation of codes (one code per column), for compression: each dimension's range
// [lo, hi] is taken from the training set's codes, split into 2^bits - 1 equal steps; a value is sent
// as the index of its nearest level (values outside the range clamp to its ends). bits x dims bits per
// image; the ranges are side information shared by sender and receiver, like the decoder's weights.
#pragma once
#include <cstdint>
#include <vector>

#include "tensor.h"

namespace ae {

struct UniformQuantizer {
  Vec lo, hi;    // per dimension
  int bits = 8;  // 1..16

  static UniformQuantizer fit(const Mat& codes, int bits);  // ranges from the min and max of each row
  Index dims() const { return lo.size(); }
  Vec step() const;                                         // (hi - lo) / (2^bits - 1); 0 for a constant row
  std::vector<uint32_t> encode(const Mat& codes) const;     // dims x N level indices, column-major
  Mat decode(const std::vector<uint32_t>& levels, Index n) const;
  Mat round_trip(const Mat& codes) const { return decode(encode(codes), codes.cols()); }
};

}  // namespace ae
