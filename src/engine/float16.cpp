#include "float16.h"

#include <cstring>

namespace ae {

namespace {
uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float float_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// Shifts `value` right by `shift` bits, rounding to nearest with ties to even on the bits shifted out.
uint32_t shift_round_even(uint32_t value, int shift) {
  if (shift <= 0) return value;
  if (shift > 31) return 0;
  const uint32_t kept = value >> shift;
  const uint32_t dropped = value & ((1u << shift) - 1);
  const uint32_t half = 1u << (shift - 1);
  if (dropped > half || (dropped == half && (kept & 1u))) return kept + 1;  // a carry may reach the exponent: fine
  return kept;
}
}  // namespace

uint16_t float_to_half(float value) {
  const uint32_t f = bits_of(value);
  const uint16_t sign = static_cast<uint16_t>((f >> 16) & 0x8000u);
  const int exponent = static_cast<int>((f >> 23) & 0xFFu);  // biased by 127
  const uint32_t fraction = f & 0x7FFFFFu;
  if (exponent == 0xFF)  // infinity, or NaN (kept a NaN: the top fraction bit set)
    return static_cast<uint16_t>(sign | 0x7C00u | (fraction ? 0x200u | (fraction >> 13) : 0u));
  const int half_exponent = exponent - 127 + 15;
  if (half_exponent >= 0x1F) return static_cast<uint16_t>(sign | 0x7C00u);  // too large even before rounding
  if (half_exponent >= 1) {
    // A normal float16: 10 fraction bits from 23. A rounding carry out of the fraction moves into the exponent,
    // which is the correctly rounded next power of two (and 0x7C00, infinity, past 65504).
    const uint32_t magnitude = (static_cast<uint32_t>(half_exponent) << 10) + shift_round_even(fraction, 13);
    return static_cast<uint16_t>(sign | (magnitude > 0x7C00u ? 0x7C00u : magnitude));
  }
  // A float16 subnormal (or zero): the value is m * 2^-24 with m = significand * 2^(exponent - 127 - 23 + 24).
  if (exponent == 0) return sign;                     // float zeros and subnormals (< 2^-126) are far below 2^-25: zero
  const uint32_t significand = fraction | 0x800000u;  // the implicit leading 1
  const int shift = 1 - half_exponent + 13;           // 14 for the largest subnormal exponent, more below
  return static_cast<uint16_t>(sign | shift_round_even(significand, shift));  // may round up to the smallest normal
}

float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const int exponent = (h >> 10) & 0x1F;
  uint32_t fraction = h & 0x3FFu;
  if (exponent == 0x1F) return float_of(sign | 0x7F800000u | (fraction << 13));  // infinity or NaN
  if (exponent != 0) return float_of(sign | (static_cast<uint32_t>(exponent - 15 + 127) << 23) | (fraction << 13));
  if (fraction == 0) return float_of(sign);  // signed zero
  // Subnormal: fraction * 2^-24; normalise it into a float (every float16 subnormal is a normal float).
  int e = -14;
  while ((fraction & 0x400u) == 0) {
    fraction <<= 1;
    --e;
  }
  return float_of(sign | (static_cast<uint32_t>(e + 127) << 23) | ((fraction & 0x3FFu) << 13));
}

}  // namespace ae
