#include "quantize.h"

#include <cmath>

#include "error.h"

namespace ae {

UniformQuantizer UniformQuantizer::fit(const Mat& codes, int bits) {
  if (bits < 1 || bits > 16) throw Error("quantiser bits must be in [1, 16]");
  if (codes.cols() == 0 || codes.rows() == 0) throw Error("quantiser needs at least one code");
  if (!codes.allFinite()) throw Error("quantiser needs finite codes");
  UniformQuantizer q;
  q.bits = bits;
  q.lo = codes.rowwise().minCoeff();
  q.hi = codes.rowwise().maxCoeff();
  return q;
}

Vec UniformQuantizer::step() const {
  const float top = static_cast<float>((1u << bits) - 1);
  return (hi - lo) / top;
}

std::vector<uint32_t> UniformQuantizer::encode(const Mat& codes) const {
  if (codes.rows() != dims()) throw Error("quantiser: codes have the wrong number of dimensions");
  const uint32_t top = (1u << bits) - 1;
  const Vec s = step();
  std::vector<uint32_t> out(static_cast<size_t>(codes.size()));
  for (Index j = 0; j < codes.cols(); ++j)
    for (Index i = 0; i < codes.rows(); ++i) {
      float level = s(i) > 0 ? std::round((codes(i, j) - lo(i)) / s(i)) : 0.0f;
      level = std::fmin(static_cast<float>(top), std::fmax(0.0f, level));
      out[static_cast<size_t>(j * codes.rows() + i)] = static_cast<uint32_t>(level);
    }
  return out;
}

Mat UniformQuantizer::decode(const std::vector<uint32_t>& levels, Index n) const {
  if (static_cast<Index>(levels.size()) != dims() * n) throw Error("quantiser: wrong number of levels");
  const Vec s = step();
  Mat out(dims(), n);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < dims(); ++i)
      out(i, j) = lo(i) + s(i) * static_cast<float>(levels[static_cast<size_t>(j * dims() + i)]);
  return out;
}

}  // namespace ae
