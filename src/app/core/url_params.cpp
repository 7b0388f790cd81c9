#include "core/url_params.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "error.h"

namespace aeplay {

namespace {

std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Shown back to the user inside a message: keep it short and printable.
std::string printable(const std::string& s) {
  std::string out;
  for (char c : s) out += (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) ? '?' : c;
  return out.size() > 40 ? out.substr(0, 40) + "..." : out;
}

bool parse_bool(const std::string& v, bool& out) {
  if (v.empty() || v == "1" || v == "true" || v == "yes") return out = true, true;
  if (v == "0" || v == "false" || v == "no") return out = false, true;
  return false;
}

// noise and level combine into one spec; a bad level keeps the type with its default level.
void combine_noise(const std::string& noise_name, const std::string& level_text, PageSettings& s,
                   std::vector<std::string>& notices) {
  const ae::NoiseSpec fallback = s.noise;
  try {
    if (noise_name == "none") {
      s.noise = {};
      if (!level_text.empty()) notices.push_back("URL parameter level ignored: noise is none");
    } else {
      std::string default_level = noise_name == "gaussian" ? "0.5" : noise_name == "saltpepper" ? "0.2" : "0.3";
      try {
        s.noise = ae::parse_noise(noise_name + ":" + (level_text.empty() ? default_level : level_text));
      } catch (const ae::Error& e) {
        if (level_text.empty()) throw;
        s.noise = ae::parse_noise(noise_name + ":" + default_level);  // the type is fine: keep it
        notices.push_back("URL parameter level=" + printable(level_text) + " ignored: " + e.what());
      }
    }
  } catch (const ae::Error& e) {
    s.noise = fallback;
    notices.push_back("URL parameter noise=" + printable(noise_name) + " ignored: " + e.what());
  }
}

}  // namespace

ParsedSettings parse_page_settings(const std::string& query, const std::vector<std::string>& known_models) {
  ParsedSettings r;
  PageSettings& s = r.settings;
  std::string q = query.size() > 4096 ? query.substr(0, 4096) : query;
  if (!q.empty() && q[0] == '?') q = q.substr(1);
  std::string noise_name = ae::to_string(s.noise.kind);
  std::string level_text;
  size_t start = 0;
  while (start < q.size()) {
    size_t amp = q.find('&', start);
    std::string pair = q.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    start = amp == std::string::npos ? q.size() : amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    const std::string key = percent_decode(pair.substr(0, eq));
    const std::string value = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
    auto reject = [&](const std::string& why) {
      r.notices.push_back("URL parameter " + printable(key) + "=" + printable(value) + " ignored: " + why);
    };
    if (key == "model") {
      bool ok = false;
      for (const auto& m : known_models) ok |= m == value;
      if (ok) s.model = value;
      else {
        std::string list;
        for (const auto& m : known_models) list += (list.empty() ? "" : ", ") + m;
        reject("no such model (choose " + list + ")");
      }
    } else if (key == "noise") {
      noise_name = value;
    } else if (key == "level") {
      level_text = value;
    } else if (key == "seed") {
      char* end = nullptr;
      errno = 0;
      unsigned long long v = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || value[0] == '-' || end != value.c_str() + value.size() || errno == ERANGE)
        reject("seed must be a whole number >= 0");
      else
        s.seed = v;
    } else if (key == "digit") {
      char* end = nullptr;
      long v = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || end != value.c_str() + value.size() || v < 0 || v > 9999)
        reject("digit must be a test-set index 0..9999");
      else
        s.digit = static_cast<int>(v);
    } else if (key == "embed") {
      if (!parse_bool(value, s.embed)) reject("embed must be 1 or 0");
    } else if (key == "hidetrain" || key == "hide_training") {
      if (!parse_bool(value, s.hide_training)) reject("hidetrain must be 1 or 0");
    } else {
      reject("unknown parameter (known: model, noise, level, seed, digit, embed, hidetrain)");
    }
  }
  combine_noise(noise_name, level_text, s, r.notices);
  // Engine messages quote the raw value: keep every notice one printable line of bounded length
  // (tests/fuzz/fuzz_url found control bytes and 4 KB notices).
  for (std::string& n : r.notices) {
    for (char& c : n) c = (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) ? '?' : c;
    if (n.size() > 300) n = n.substr(0, 300) + "...";
  }
  return r;
}

std::string to_query(const PageSettings& s) {
  char level[32];
  // The shortest text that reads back as the same float ("%g" alone turned 0.99999994 into "1", which
  // the page then rejects as a probability; found by tests/fuzz/fuzz_url).
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(level, sizeof level, "%.*g", digits, static_cast<double>(s.noise.level));
    if (std::strtof(level, nullptr) == s.noise.level) break;
  }
  std::string q = "?model=" + s.model + "&noise=" + ae::to_string(s.noise.kind);
  if (s.noise.kind != ae::NoiseKind::None) q += std::string("&level=") + level;
  if (s.noise.kind == ae::NoiseKind::Gaussian && !s.noise.clip) q += ":noclip";  // as parse_noise reads it
  q += "&seed=" + std::to_string(s.seed);
  if (s.digit >= 0) q += "&digit=" + std::to_string(s.digit);
  if (s.embed) q += "&embed=1";
  if (s.hide_training) q += "&hidetrain=1";
  return q;
}

}  // namespace aeplay
