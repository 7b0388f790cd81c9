// The code quantiser: at 8 bits every value of the fitted range comes back within half a step, the
// range ends and a constant dimension come back exactly, outside values clamp, and the level count is 2^bits.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "error.h"
#include "quantize.h"
#include "rng.h"

namespace {

ae::Mat random_codes(ae::Index dims, ae::Index n, uint64_t seed) {
  ae::Rng rng(seed);
  ae::Mat m(dims, n);
  for (ae::Index j = 0; j < n; ++j)
    for (ae::Index i = 0; i < dims; ++i) m(i, j) = rng.uniform(-3.0f, 5.0f) * static_cast<float>(i + 1);
  return m;
}

TEST(Quantize, EightBitsRoundTripWithinHalfAStep) {
  const ae::Mat codes = random_codes(16, 2000, 1);
  const auto q = ae::UniformQuantizer::fit(codes, 8);
  const ae::Mat back = q.round_trip(codes);
  const ae::Vec step = q.step();
  for (ae::Index i = 0; i < codes.rows(); ++i) {
    EXPECT_FLOAT_EQ(step(i), (codes.row(i).maxCoeff() - codes.row(i).minCoeff()) / 255.0f);
    for (ae::Index j = 0; j < codes.cols(); ++j)
      ASSERT_LE(std::abs(back(i, j) - codes(i, j)), 0.5f * step(i) * (1 + 1e-4f)) << i << "," << j;
  }
}

TEST(Quantize, RangeEndsAndConstantDimensionsAreExact) {
  ae::Mat codes(2, 3);
  codes << -1, 0.3f, 2,  //
      7, 7, 7;
  const auto q = ae::UniformQuantizer::fit(codes, 3);
  const ae::Mat back = q.round_trip(codes);
  EXPECT_FLOAT_EQ(back(0, 0), -1.0f);
  EXPECT_FLOAT_EQ(back(0, 2), 2.0f);
  for (int j = 0; j < 3; ++j) EXPECT_FLOAT_EQ(back(1, j), 7.0f);
  // 3 bits: levels -1 + k * 3/7; 0.3 is nearest level 3 (0.2857).
  EXPECT_NEAR(back(0, 1), -1.0f + 3 * 3.0f / 7.0f, 1e-6f);
}

TEST(Quantize, OutsideValuesClampAndLevelsNumberTwoToTheBits) {
  const ae::Mat codes = random_codes(1, 5000, 2);
  const auto q = ae::UniformQuantizer::fit(codes, 2);
  const auto levels = q.encode(codes);
  EXPECT_EQ(std::set<uint32_t>(levels.begin(), levels.end()).size(), 4u);
  ae::Mat far(1, 2);
  far << -100, 100;
  const ae::Mat back = q.round_trip(far);
  EXPECT_FLOAT_EQ(back(0, 0), q.lo(0));
  EXPECT_FLOAT_EQ(back(0, 1), q.hi(0));
}

TEST(Quantize, BadInputsThrow) {
  const ae::Mat codes = random_codes(3, 10, 3);
  EXPECT_THROW(ae::UniformQuantizer::fit(codes, 0), ae::Error);
  EXPECT_THROW(ae::UniformQuantizer::fit(codes, 17), ae::Error);
  EXPECT_THROW(ae::UniformQuantizer::fit(ae::Mat(3, 0), 8), ae::Error);
  const auto q = ae::UniformQuantizer::fit(codes, 8);
  EXPECT_THROW(q.encode(ae::Mat::Zero(4, 2)), ae::Error);
  EXPECT_THROW(q.decode({1, 2}, 1), ae::Error);
}

}  // namespace
