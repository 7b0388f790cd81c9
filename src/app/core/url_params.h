// Page settings from the URL query string (?model=dae-gaussian&noise=gaussian&level=0.5&seed=7&digit=42&embed=1),
// so a teacher can link to or embed an exact state. Bad values never stop the page: each one produces a
// notice for the user and falls back to the default.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "noise.h"

namespace aeplay {

struct PageSettings {
  std::string model = "dae-gaussian";  // id of a shipped model (or "trained" for the user's own)
  ae::NoiseSpec noise{ae::NoiseKind::Gaussian, 0.5f, true};
  uint64_t seed = 1;
  int digit = -1;      // MNIST test index to show at start; -1 = the default digit
  bool embed = false;  // compact layout for course pages: only input, noise and outputs
  bool hide_training = false;
};

struct ParsedSettings {
  PageSettings settings;
  std::vector<std::string> notices;  // one sentence per rejected parameter
};

// `query` may start with '?'. Percent-escapes and '+' are decoded. Unknown keys are reported too.
// `known_models` lists valid model ids.
ParsedSettings parse_page_settings(const std::string& query, const std::vector<std::string>& known_models);

// The query string that reproduces `s` (for a "copy link" button).
std::string to_query(const PageSettings& s);

}  // namespace aeplay
