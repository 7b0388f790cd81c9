// Minimal JSON output for --json: objects of numbers, strings, booleans and nested raw JSON.
#pragma once
#include <cmath>
#include <cstdio>
#include <string>

namespace cli {

class Json {
 public:
  Json& num(const std::string& key, double v) {
    char buf[64];
    if (std::isfinite(v)) std::snprintf(buf, sizeof buf, "%.10g", v); else std::snprintf(buf, sizeof buf, "null");
    return raw(key, buf);
  }
  Json& str(const std::string& key, const std::string& v) { return raw(key, quote(v)); }
  Json& boolean(const std::string& key, bool v) { return raw(key, v ? "true" : "false"); }
  Json& raw(const std::string& key, const std::string& json) {
    body_ += (body_.empty() ? "" : ",") + quote(key) + ":" + json;
    return *this;
  }
  std::string dump() const { return "{" + body_ + "}"; }

  static std::string quote(const std::string& s) {
    std::string q = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') q += '\\', q += c;
      else if (c == '\n') q += "\\n";
      else if (static_cast<unsigned char>(c) < 0x20) q += ' ';
      else q += c;
    }
    return q + "\"";
  }

 private:
  std::string body_;
};

}  // namespace cli
