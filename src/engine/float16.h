// IEEE 754 binary16 ("half", float16): the compact weight encoding of model files (serialize.h).
// 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits: 11 significant bits, a relative step of 2^-11
// (~4.9e-4) for normal numbers, largest finite 65504, smallest normal 2^-14, smallest subnormal 2^-24.
// Written out bit by bit on purpose (no compiler _Float16, no F16C): the same result on every host and in wasm.
#pragma once
#include <cstdint>

namespace ae {

constexpr float kHalfMax = 65504.0f;  // the largest finite float16

// float -> float16, rounding to nearest, ties to even (as IEEE 754 and every hardware conversion).
// Finite values that round beyond kHalfMax give infinity; NaN stays NaN (quiet). Callers that must keep
// weights finite check the result with half_is_finite.
uint16_t float_to_half(float value);
// float16 -> float: exact (every float16 is a float).
float half_to_float(uint16_t half);
inline bool half_is_finite(uint16_t half) { return (half & 0x7C00u) != 0x7C00u; }

}  // namespace ae
