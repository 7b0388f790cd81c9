// Helpers the JS API's entry points share: the app, bytes from the page's heap, strings handed back.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app_context.h"
#include "bridge/entry_points.h"

namespace aeplay::web {

inline std::vector<uint8_t> bytes_of(const uint8_t* p, int n) {
  return n > 0 && p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>{};
}
// Strings returned to JS stay valid until the next entry point returns one (cwrap copies them at once).
const char* give(std::string s);
inline const char* give_json(const nlohmann::json& j) { return give(j.dump()); }
// A JSON number, or null for NaN and infinities (JSON has no such numbers).
inline nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace aeplay::web
