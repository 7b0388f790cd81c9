#include "core/page_facts.h"

#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "batch_size.h"
#include "noise.h"

namespace aeplay {
namespace {
// A float as the shortest decimal that reads back as it (0.9f as 0.9, not 0.8999999761581421).
double decimal(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(v));
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(text, nullptr) == v) break;
  }
  return std::strtod(text, nullptr);
}
}  // namespace

std::string page_facts_json() {
  using nlohmann::json;
  json kinds = json::array();
  for (const ae::NoiseKindInfo& k : ae::kNoiseKinds) {
    kinds.push_back({{"name", k.name},
                     {"label", k.label},
                     {"levelName", k.level_name},
                     {"min", decimal(k.min)},
                     {"max", decimal(k.max)},
                     {"maxExclusive", k.max_exclusive},
                     {"sliderMax", decimal(k.slider_max)},
                     {"default", decimal(k.default_level)},
                     {"step", decimal(k.step)},
                     {"pixelNoise", k.pixel_noise}});
  }
  return json{{"noiseKinds", kinds}, {"batch", {{"min", ae::kMinBatchSize}, {"max", ae::kMaxBatchSize}}}}.dump();
}

}  // namespace aeplay
