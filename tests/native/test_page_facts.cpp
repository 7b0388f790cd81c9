// The facts the page's JavaScript takes from the engine (aeplay_facts(): core/page_facts.h): every noise kind's
// row of ae::kNoiseKinds as it is, the batch size's range; and the URL parser, the other page component that
// checks noise levels, refusing exactly what the table's range excludes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "batch_size.h"
#include "core/page_facts.h"
#include "core/url_params.h"
#include "noise.h"

namespace {

TEST(PageFacts, NoiseKindsAreTheEnginesTable) {
  const auto facts = nlohmann::json::parse(aeplay::page_facts_json());
  const auto& kinds = facts.at("noiseKinds");
  ASSERT_EQ(kinds.size(), static_cast<size_t>(ae::kNoiseKindCount));
  for (int i = 0; i < ae::kNoiseKindCount; ++i) {
    const ae::NoiseKindInfo& row = ae::kNoiseKinds[i];
    const auto& k = kinds[static_cast<size_t>(i)];
    SCOPED_TRACE(row.name);
    EXPECT_EQ(k.at("name"), row.name);
    EXPECT_EQ(k.at("label"), row.label);
    EXPECT_EQ(k.at("levelName"), row.level_name);
    EXPECT_FLOAT_EQ(k.at("min").get<float>(), row.min);
    EXPECT_FLOAT_EQ(k.at("max").get<float>(), row.max);
    EXPECT_EQ(k.at("maxExclusive"), row.max_exclusive);
    EXPECT_FLOAT_EQ(k.at("sliderMax").get<float>(), row.slider_max);
    EXPECT_FLOAT_EQ(k.at("default").get<float>(), row.default_level);
    EXPECT_FLOAT_EQ(k.at("step").get<float>(), row.step);
    EXPECT_EQ(k.at("pixelNoise"), row.pixel_noise);
  }
  // Short decimals, as written in the table (0.9, not 0.8999999761581421): the page shows them as they are.
  EXPECT_EQ(kinds[2].at("sliderMax").dump(), "0.9");
  EXPECT_EQ(facts.at("batch").at("min"), ae::kMinBatchSize);
  EXPECT_EQ(facts.at("batch").at("max"), ae::kMaxBatchSize);
}

// noise=KIND&level=X through the URL parser: accepted (no notice, the level kept) or refused with a notice.
bool url_accepts(const ae::NoiseKindInfo& row, double level) {
  const std::string q = std::string("noise=") + row.name + "&level=" + std::to_string(level);
  const auto p = aeplay::parse_page_settings(q, {"dae-gaussian"});
  return p.notices.empty() && p.settings.noise.kind == row.kind && std::abs(p.settings.noise.level - level) < 1e-6;
}

TEST(PageFacts, TheUrlParserTakesEachPixelNoisesRangeFromTheTable) {
  for (const ae::NoiseKindInfo& row : ae::kNoiseKinds) {
    if (!row.pixel_noise || row.kind == ae::NoiseKind::None) continue;
    SCOPED_TRACE(row.name);
    const double above = row.max + (row.max - row.min) * 0.01;
    EXPECT_TRUE(url_accepts(row, row.min));
    EXPECT_TRUE(url_accepts(row, row.slider_max));
    EXPECT_EQ(url_accepts(row, row.max), !row.max_exclusive);
    EXPECT_FALSE(url_accepts(row, above));
    EXPECT_FALSE(url_accepts(row, row.min - 0.01));
  }
}

}  // namespace
