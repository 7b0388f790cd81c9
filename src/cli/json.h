// --json output: one object per command, built with nlohmann::json (Debian's nlohmann-json3-dev), keys in the
// order they are added. raw() takes JSON text made by another Json (rows of a table, a family's figures).
#pragma once
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace cli {

class Json {
 public:
  // Whole numbers print without a fraction (epochs, sizes); NaN and infinities as null (JSON has none).
  Json& num(const std::string& key, double v) {
    if (!std::isfinite(v)) obj_[key] = nullptr;
    else if (std::floor(v) == v && std::fabs(v) < 1e15) obj_[key] = static_cast<int64_t>(v);
    else obj_[key] = v;
    return *this;
  }
  Json& str(const std::string& key, const std::string& v) { return value(key, v); }
  Json& boolean(const std::string& key, bool v) { return value(key, v); }
  Json& raw(const std::string& key, const std::string& json) { return value(key, nlohmann::ordered_json::parse(json)); }
  Json& value(const std::string& key, nlohmann::ordered_json v) {
    obj_[key] = std::move(v);
    return *this;
  }
  // Invalid UTF-8 (a file name, say) becomes U+FFFD instead of an exception.
  std::string dump() const { return obj_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

 private:
  nlohmann::ordered_json obj_ = nlohmann::ordered_json::object();
};

}  // namespace cli
