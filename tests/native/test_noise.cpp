// Corruption processes: statistics on 200k pixels (tolerances are several standard errors wide, and the
// seeds are fixed, so these are deterministic), determinism under a seed, and the noise-spec parser.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "error.h"
#include "noise.h"
#include "rng.h"

namespace {

using ae::NoiseKind;
using ae::NoiseSpec;

constexpr ae::Index kN = 200000;

std::vector<float> corrupt_constant(NoiseSpec spec, float value, uint64_t seed = 42) {
  std::vector<float> clean(kN, value), out(kN, -7.0f);
  ae::Rng rng(seed);
  ae::corrupt(spec, clean.data(), out.data(), kN, rng);
  return out;
}

double fraction_equal(const std::vector<float>& v, float x) {
  ae::Index n = 0;
  for (float f : v) n += f == x;
  return static_cast<double>(n) / static_cast<double>(v.size());
}

TEST(Noise, GaussianWithoutClipHasTheRequestedMeanAndVariance) {
  // x + σ N(0,1), σ = 0.5: the added noise has mean 0 (std error 0.5/sqrt(2e5) = 0.0011) and
  // variance 0.25 (std error 0.25 sqrt(2/2e5) = 0.0008).
  const auto out = corrupt_constant({NoiseKind::Gaussian, 0.5f, false}, 0.3f);
  double sum = 0, sq = 0, within_one_sigma = 0;
  for (float v : out) {
    const double e = v - 0.3;
    sum += e, sq += e * e, within_one_sigma += std::abs(e) < 0.5;
  }
  const double mean = sum / kN, var = sq / kN - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.006);
  EXPECT_NEAR(var, 0.25, 0.005);
  EXPECT_NEAR(within_one_sigma / kN, 0.6827, 0.006) << "not Gaussian-shaped";
  EXPECT_LT(*std::min_element(out.begin(), out.end()), 0.0f) << "noclip must not clip";
  EXPECT_GT(*std::max_element(out.begin(), out.end()), 1.0f) << "noclip must not clip";
}

TEST(Noise, GaussianClipsToTheUnitIntervalByDefault) {
  const auto out = corrupt_constant(ae::parse_noise("gaussian:0.5"), 0.3f);
  EXPECT_GE(*std::min_element(out.begin(), out.end()), 0.0f);
  EXPECT_LE(*std::max_element(out.begin(), out.end()), 1.0f);
  // P(0.3 + 0.5 N < 0) = Φ(-0.6) = 0.2743: that much mass lands exactly on 0.
  EXPECT_NEAR(fraction_equal(out, 0.0f), 0.2743, 0.006);
}

TEST(Noise, MaskingZeroesTheRequestedFraction) {
  // p = 0.3: zeroed fraction has std error sqrt(0.21/2e5) = 0.001.
  const auto out = corrupt_constant({NoiseKind::Mask, 0.3f, true}, 0.7f);
  EXPECT_NEAR(fraction_equal(out, 0.0f), 0.3, 0.005);
  EXPECT_DOUBLE_EQ(fraction_equal(out, 0.0f) + fraction_equal(out, 0.7f), 1.0) << "survivors must be untouched";
}

TEST(Noise, SaltAndPepperSetsEqualFractionsToZeroAndOne) {
  // p = 0.2: 10% pepper (0), 10% salt (1), the rest unchanged.
  const auto out = corrupt_constant({NoiseKind::SaltPepper, 0.2f, true}, 0.5f);
  const double pepper = fraction_equal(out, 0.0f), salt = fraction_equal(out, 1.0f);
  EXPECT_NEAR(pepper, 0.1, 0.004);
  EXPECT_NEAR(salt, 0.1, 0.004);
  EXPECT_NEAR(salt - pepper, 0.0, 0.005) << "salt and pepper must be equally likely";
  EXPECT_DOUBLE_EQ(pepper + salt + fraction_equal(out, 0.5f), 1.0);
}

TEST(Noise, DropoutZeroesAndScalesSurvivorsByInverseKeepProbability) {
  // p = 0.25: 25% zeros, survivors 0.6 / 0.75 = 0.8, so the expected value stays 0.6.
  const auto out = corrupt_constant({NoiseKind::Dropout, 0.25f, true}, 0.6f);
  const double zeros = fraction_equal(out, 0.0f);
  EXPECT_NEAR(zeros, 0.25, 0.005);
  double sum = 0;
  ae::Index badly_scaled = 0;
  for (float v : out) {
    badly_scaled += v != 0.0f && std::abs(v - 0.8f) > 1e-6f;
    sum += v;
  }
  EXPECT_EQ(badly_scaled, 0) << "survivors must be scaled by 1/(1-p)";
  EXPECT_NEAR(sum / kN, 0.6, 0.005);
}

TEST(Noise, NoneAndZeroLevelsCopyTheInput) {
  for (const char* text : {"none", "gaussian:0", "mask:0", "saltpepper:0", "dropout:0"}) {
    std::vector<float> clean(1000);
    for (size_t i = 0; i < clean.size(); ++i) clean[i] = static_cast<float>(i % 256) / 255.0f;
    std::vector<float> out(clean.size());
    ae::Rng rng(3);
    ae::corrupt(ae::parse_noise(text), clean.data(), out.data(), static_cast<ae::Index>(clean.size()), rng);
    EXPECT_EQ(out, clean) << text;
  }
}

TEST(Noise, SameSeedSameNoiseDifferentSeedDifferentNoise) {
  for (const char* text : {"gaussian:0.5", "mask:0.3", "saltpepper:0.2", "dropout:0.3"}) {
    const NoiseSpec s = ae::parse_noise(text);
    const ae::Mat clean = ae::Mat::Constant(784, 16, 0.5f);
    ae::Mat a, b, c;
    ae::Rng r1(7), r2(7), r3(8);
    ae::corrupt(s, clean, a, r1);
    ae::corrupt(s, clean, b, r2);
    ae::corrupt(s, clean, c, r3);
    EXPECT_EQ(a, b) << text << ": same seed must give identical noise";
    EXPECT_NE(a, c) << text << ": another seed must give other noise";
    // The generator moves on: the next batch gets fresh noise.
    ae::Mat next;
    ae::corrupt(s, clean, next, r1);
    EXPECT_NE(a, next) << text << ": consecutive batches must get fresh noise";
  }
}

TEST(Noise, MatrixOverloadMatchesThePointerOverload) {
  const ae::Mat clean = ae::Mat::Constant(10, 20, 0.4f);
  ae::Mat viaMat;
  std::vector<float> viaPtr(200);
  ae::Rng r1(5), r2(5);
  const NoiseSpec s = ae::parse_noise("saltpepper:0.5");
  ae::corrupt(s, clean, viaMat, r1);
  ae::corrupt(s, clean.data(), viaPtr.data(), clean.size(), r2);
  ASSERT_EQ(viaMat.rows(), 10);
  ASSERT_EQ(viaMat.cols(), 20);
  EXPECT_TRUE(std::equal(viaPtr.begin(), viaPtr.end(), viaMat.data()));
}

TEST(Noise, ParseGoodSpecs) {
  struct Good {
    const char* text;
    NoiseKind kind;
    float level;
    bool clip;
  };
  for (const Good& g : {Good{"none", NoiseKind::None, 0, true}, Good{"", NoiseKind::None, 0, true},
                        Good{"gaussian:0.5", NoiseKind::Gaussian, 0.5f, true},
                        Good{"gaussian:0.5:noclip", NoiseKind::Gaussian, 0.5f, false},
                        Good{"mask:0.3", NoiseKind::Mask, 0.3f, true},
                        Good{"saltpepper:0.2", NoiseKind::SaltPepper, 0.2f, true},
                        Good{"dropout:0.3", NoiseKind::Dropout, 0.3f, true}}) {
    const NoiseSpec s = ae::parse_noise(g.text);
    EXPECT_EQ(s.kind, g.kind) << g.text;
    EXPECT_FLOAT_EQ(s.level, g.level) << g.text;
    EXPECT_EQ(s.clip, g.clip) << g.text;
  }
}

TEST(Noise, ParseBadSpecsThrow) {
  for (const char* text : {"gaussian", "mask:1.5", "foo:0.1", "mask:abc", "mask:", "mask:-0.1", "mask:1",
                           "dropout:1", "gaussian:11", "gaussian:nan", "mask:0.3:noclip", "gaussian:0.5:clip",
                           "none:0.1", "mask:0.3x", "Gaussian:0.5"}) {
    EXPECT_THROW(ae::parse_noise(text), ae::Error) << "'" << text << "' should be rejected";
  }
}

TEST(Noise, ToStringRoundTrips) {
  for (const char* text : {"none", "gaussian:0.5", "gaussian:0.25:noclip", "mask:0.3", "saltpepper:0.2",
                           "dropout:0.75", "gaussian:1.5"}) {
    const NoiseSpec s = ae::parse_noise(text);
    EXPECT_EQ(ae::to_string(s), text);
    const NoiseSpec back = ae::parse_noise(ae::to_string(s));
    EXPECT_EQ(back.kind, s.kind);
    EXPECT_EQ(back.level, s.level);
    EXPECT_EQ(back.clip, s.clip);
  }
}

// The table of noise kinds is what every front end shows and validate() what every one enforces: they agree
// at each row's ends, and every row's default and slider end are levels validate() accepts.
TEST(NoiseKinds, TheTableAndValidateAgreeAtTheBoundaries) {
  for (const ae::NoiseKindInfo& info : ae::kNoiseKinds) {
    if (info.kind == NoiseKind::None) continue;
    const auto accepts = [&](float level) {
      try {
        ae::validate(NoiseSpec{info.kind, level, true});
        return true;
      } catch (const ae::Error&) {
        return false;
      }
    };
    EXPECT_TRUE(accepts(info.min)) << info.name << " at min " << info.min;
    EXPECT_FALSE(accepts(info.min - std::max(info.step, 0.01f))) << info.name << " below min";
    EXPECT_EQ(accepts(info.max), !info.max_exclusive) << info.name << " at max " << info.max;
    EXPECT_FALSE(accepts(info.max + std::max(info.step, 0.01f))) << info.name << " above max";
    if (info.max_exclusive) {
      EXPECT_TRUE(accepts(std::nextafter(info.max, 0.0f))) << info.name << " just below max";
    }
    EXPECT_TRUE(accepts(info.default_level)) << info.name << " default";
    EXPECT_TRUE(accepts(info.slider_max)) << info.name << " slider end";
    EXPECT_LE(info.slider_max, info.max) << info.name;
    EXPECT_GT(info.step, 0.0f) << info.name;
  }
}

TEST(NoiseKinds, NamesFindTheirRowsAndTheSyntaxListsThemAll) {
  for (const ae::NoiseKindInfo& info : ae::kNoiseKinds) {
    ASSERT_NE(ae::find_noise_kind(info.name), nullptr) << info.name;
    EXPECT_EQ(ae::find_noise_kind(info.name)->kind, info.kind);
    EXPECT_NE(ae::noise_syntax().find(info.name), std::string::npos) << info.name;
    EXPECT_EQ(ae::noise_syntax(true, false).find(info.name) != std::string::npos, info.pixel_noise) << info.name;
    // A default spec prints and parses back as itself.
    const NoiseSpec spec = ae::default_spec(info.kind);
    EXPECT_EQ(ae::to_string(ae::parse_noise(ae::to_string(spec))), ae::to_string(spec));
  }
  EXPECT_EQ(ae::find_noise_kind("snp")->kind, NoiseKind::SaltPepper);
  EXPECT_EQ(ae::find_noise_kind("blur"), nullptr);
  EXPECT_EQ(ae::noise_syntax(false, true), "block:S, half:top|bottom|left|right, down:2|4|7[:nearest]");
}

}  // namespace
