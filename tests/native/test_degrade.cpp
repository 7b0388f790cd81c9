// Degradations (occlusion and low resolution): the exact pixels an occlusion hides, what the box filter
// and the upsamplers compute on hand-checkable images, seeded determinism, and the parser's spellings.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "error.h"
#include "noise.h"
#include "resample.h"
#include "rng.h"

namespace {

using ae::NoiseKind;
using ae::NoiseSpec;
constexpr int kSide = 28, kPixels = kSide * kSide;

// Distinct non-zero pixel values so a zero in the output can only come from the occlusion.
std::vector<float> ramp_images(int images) {
  std::vector<float> v(static_cast<size_t>(images) * kPixels);
  for (size_t i = 0; i < v.size(); ++i) v[i] = 0.1f + 0.8f * static_cast<float>(i % kPixels) / kPixels;
  return v;
}

std::vector<float> run(const std::string& spec, const std::vector<float>& clean, uint64_t seed = 7) {
  std::vector<float> out(clean.size(), -1.0f);
  ae::Rng rng(seed);
  ae::corrupt(ae::parse_noise(spec), clean.data(), out.data(), static_cast<ae::Index>(clean.size()), rng);
  return out;
}

TEST(Degrade, HalfZeroesExactlyItsFourteenRowsOrColumns) {
  const auto clean = ramp_images(2);
  for (const char* side : {"top", "bottom", "left", "right"}) {
    const auto out = run(std::string("half:") + side, clean);
    for (int i = 0; i < 2 * kPixels; ++i) {
      const int r = (i % kPixels) / kSide, c = i % kSide;
      const std::string s = side;
      const bool hidden = s == "top" ? r < 14 : s == "bottom" ? r >= 14 : s == "left" ? c < 14 : c >= 14;
      ASSERT_EQ(out[i], hidden ? 0.0f : clean[i]) << side << " pixel " << i;
    }
  }
}

TEST(Degrade, BlockZeroesOneSquareOfTheGivenSidePerImage) {
  const int images = 50;
  const auto clean = ramp_images(images);
  const auto out = run("block:10", clean);
  for (int img = 0; img < images; ++img) {
    int rmin = kSide, rmax = -1, cmin = kSide, cmax = -1, zeros = 0;
    for (int k = 0; k < kPixels; ++k) {
      const float v = out[img * kPixels + k];
      if (v != 0.0f) {
        ASSERT_EQ(v, clean[img * kPixels + k]);
        continue;
      }
      ++zeros;
      rmin = std::min(rmin, k / kSide), rmax = std::max(rmax, k / kSide);
      cmin = std::min(cmin, k % kSide), cmax = std::max(cmax, k % kSide);
    }
    // 100 zeros inside a 10x10 bounding box: exactly a 10x10 square, wholly inside the image.
    EXPECT_EQ(zeros, 100) << "image " << img;
    EXPECT_EQ(rmax - rmin, 9);
    EXPECT_EQ(cmax - cmin, 9);
  }
}

TEST(Degrade, OcclusionMaskMarksThePixelsCorruptZeroes) {
  const auto clean = ramp_images(20);
  const auto out = run("block:7", clean, 99);
  std::vector<float> mask(clean.size());
  ae::Rng rng(99);
  ae::occlusion_mask(ae::parse_noise("block:7"), mask.data(), static_cast<ae::Index>(mask.size()), rng);
  for (size_t i = 0; i < clean.size(); ++i) ASSERT_EQ(out[i] == 0.0f, mask[i] == 0.0f) << i;
}

TEST(Degrade, BlockPositionsAreSeeded) {
  const auto clean = ramp_images(200);
  EXPECT_EQ(run("block:10", clean, 5), run("block:10", clean, 5));
  EXPECT_NE(run("block:10", clean, 5), run("block:10", clean, 6));
  // A 28x28 block has exactly one place: the whole image.
  const auto all = run("block:28", clean);
  for (float v : all) ASSERT_EQ(v, 0.0f);
}

TEST(Degrade, ConstantImageSurvivesDownAndUp) {
  for (const char* spec : {"down:2", "down:4", "down:7", "down:2:nearest", "down:4:nearest"}) {
    const std::vector<float> clean(3 * kPixels, 0.37f);
    for (float v : run(spec, clean)) ASSERT_NEAR(v, 0.37f, 1e-6f) << spec;
  }
  for (auto how : {ae::Upsample::Bilinear, ae::Upsample::Nearest, ae::Upsample::Bicubic}) {
    std::vector<float> small(14 * 14, 0.6f), big(kPixels);
    ae::upsample(small.data(), kSide, 2, how, big.data());
    for (float v : big) ASSERT_NEAR(v, 0.6f, 1e-6f) << ae::to_string(how);
  }
}

TEST(Degrade, BoxFilterAveragesBlocksAndNearestCopiesThem) {
  std::vector<float> img(kPixels);
  for (int k = 0; k < kPixels; ++k) img[k] = static_cast<float>(k);
  std::vector<float> small(14 * 14);
  ae::box_downsample(img.data(), kSide, 2, small.data());
  EXPECT_FLOAT_EQ(small[0], (0 + 1 + 28 + 29) / 4.0f);
  EXPECT_FLOAT_EQ(small[14 + 3], (2 * 28 * 1 + 6 + 2 * 28 * 1 + 7 + 3 * 28 + 6 + 3 * 28 + 7) / 4.0f);
  std::vector<float> up(kPixels);
  ae::upsample(small.data(), kSide, 2, ae::Upsample::Nearest, up.data());
  EXPECT_EQ(up[28 * 5 + 9], small[2 * 14 + 4]);
}

TEST(Degrade, BilinearInterpolatesBetweenCentres) {
  // A horizontal ramp 0, 1, ..., 13 on the 14x14 grid: output column x sits at u = (x + 0.5)/2 - 0.5,
  // so away from the clamped edges the output is exactly u.
  std::vector<float> small(14 * 14), big(kPixels);
  for (int k = 0; k < 14 * 14; ++k) small[k] = static_cast<float>(k % 14);
  ae::upsample(small.data(), kSide, 2, ae::Upsample::Bilinear, big.data());
  EXPECT_FLOAT_EQ(big[3 * kSide + 5], 2.25f);
  EXPECT_FLOAT_EQ(big[3 * kSide + 6], 2.75f);
  EXPECT_FLOAT_EQ(big[3 * kSide + 0], 0.0f);  // u = -0.25 clamps to column 0
}

TEST(Degrade, DownIsDeterministicAndDependsOnlyOnTheImage) {
  const auto clean = ramp_images(3);
  EXPECT_EQ(run("down:4", clean, 1), run("down:4", clean, 2));
  EXPECT_NE(run("down:4", clean), run("down:4:nearest", clean));
}

TEST(Degrade, ParseAndPrint) {
  for (const char* text : {"block:10", "block:1", "half:top", "half:bottom", "half:left", "half:right", "down:2",
                           "down:4", "down:7", "down:2:nearest"}) {
    const NoiseSpec s = ae::parse_noise(text);
    EXPECT_EQ(ae::to_string(s), text);
  }
  EXPECT_EQ(ae::to_string(ae::parse_noise("down:4:bilinear")), "down:4");
  EXPECT_EQ(ae::parse_noise("down:2:nearest").upsample, ae::Upsample::Nearest);
  EXPECT_EQ(ae::parse_noise("half:right").level, 3.0f);
}

TEST(Degrade, BadSpellingsAreRejectedWithAMessage) {
  for (const char* text : {"block", "block:0", "block:29", "block:2.5", "block:x", "half", "half:middle", "half:top:1",
                           "down:3", "down:1", "down:2:bicubic", "down:2:", "block:5:nearest", "down:two", "half:Top"}) {
    try {
      ae::parse_noise(text);
      ADD_FAILURE() << "'" << text << "' should be rejected";
    } catch (const ae::Error& e) {
      EXPECT_GT(std::string(e.what()).size(), 10u) << text;
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << text;
    }
  }
}

TEST(Degrade, ImageDegradationsNeedWholeImages) {
  std::vector<float> clean(100, 0.5f), out(100);
  ae::Rng rng(1);
  EXPECT_THROW(ae::corrupt(ae::parse_noise("block:5"), clean.data(), out.data(), 100, rng), ae::Error);
  EXPECT_THROW(ae::corrupt(ae::parse_noise("down:2"), clean.data(), out.data(), 100, rng), ae::Error);
}

}  // namespace
