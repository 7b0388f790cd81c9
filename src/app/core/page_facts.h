// The engine's facts the page's JavaScript checks and shows (aeplay_facts(), web/facts.js), written once in the
// engine: the noise kinds (ae::kNoiseKinds: name, label, level name, range, slider end, default, step) and the
// batch size's range (batch_size.h). The page checks against them before calling in; the engine's own checks
// stay the last word.
#pragma once
#include <string>

namespace aeplay {

// {"noiseKinds": [{name, label, levelName, min, max, maxExclusive, sliderMax, default, step, pixelNoise}, ...],
//  "batch": {min, max}}
std::string page_facts_json();

}  // namespace aeplay
