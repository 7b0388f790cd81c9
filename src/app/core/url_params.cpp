#include "core/url_params.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "core/lessons.h"
#include "dataset.h"
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
      const ae::NoiseKindInfo* kind = ae::find_noise_kind(noise_name);
      if (!kind) return void(s.noise = ae::parse_noise(noise_name + ":" + level_text));  // throws: unknown name
      if (level_text.empty()) return void(s.noise = ae::default_spec(kind->kind));
      try {
        s.noise = ae::parse_noise(noise_name + ":" + level_text);
      } catch (const ae::Error& e) {
        s.noise = ae::default_spec(kind->kind);  // the type is fine: keep it at its default level
        notices.push_back("URL parameter level=" + printable(level_text) + " ignored: " + e.what());
      }
    }
  } catch (const ae::Error& e) {
    s.noise = fallback;
    notices.push_back("URL parameter noise=" + printable(noise_name) + " ignored: " + e.what());
  }
}

}  // namespace

namespace {

bool parse_layout(const std::string& v, Layout& out) {
  for (Layout l : {Layout::Auto, Layout::Strip, Layout::Full, Layout::Stack})
    if (v == to_string(l)) return out = l, true;
  return false;
}

bool parse_theme(const std::string& v, Theme& out) {
  for (Theme t : {Theme::Auto, Theme::Light, Theme::Dark})
    if (v == to_string(t)) return out = t, true;
  return false;
}

bool parse_panels(const std::string& v, Panels& out) {
  Panels p;
  if (v != "none") {
    size_t start = 0;
    while (start <= v.size()) {
      const size_t comma = std::min(v.find(',', start), v.size());
      const std::string name = v.substr(start, comma - start);
      if (name == "model") p.model = true;
      else if (name == "train") p.train = true;
      else if (name == "inside") p.inside = true;
      else if (name == "latent") p.latent = true;
      else if (name == "data") p.data = true;
      else return false;
      start = comma + 1;
    }
  }
  out = p;
  return true;
}

// An origin as browsers write it (scheme://host[:port], no path), or "*".
bool valid_origin(const std::string& o) {
  if (o == "*") return true;
  const size_t sep = o.find("://");
  if (sep == std::string::npos || (o.compare(0, sep, "http") != 0 && o.compare(0, sep, "https") != 0)) return false;
  const std::string rest = o.substr(sep + 3);
  if (rest.empty() || rest.size() > 200) return false;
  for (char c : rest)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']')
      return false;
  return true;
}

bool parse_allow(const std::string& v, std::vector<std::string>& out) {
  std::vector<std::string> list;
  size_t start = 0;
  while (start <= v.size()) {
    const size_t comma = std::min(v.find(',', start), v.size());
    const std::string origin = v.substr(start, comma - start);
    if (!valid_origin(origin) || list.size() == kMaxAllowedOrigins) return false;
    list.push_back(origin);
    start = comma + 1;
  }
  out = std::move(list);
  return true;
}

// One key=value pair; noise and level are only collected (they combine at the end). Returns the reason a
// value is rejected, or "".
std::string apply_pair(const std::string& key, const std::string& value, const std::vector<std::string>& known_models,
                       PageSettings& s, std::string& noise_name, std::string& level_text) {
  if (key == "model") {
    for (const auto& m : known_models)
      if (m == value) return s.model = value, s.model_given = true, "";
    std::string list;
    for (const auto& m : known_models) list += (list.empty() ? "" : ", ") + m;
    return "no such model (choose " + list + ")";
  }
  if (key == "dataset") {
    if (value == "mine" || ae::find_named_dataset(value)) return s.dataset = value, "";
    return "no such data set (choose mnist, fashion or mine)";
  }
  if (key == "noise") return noise_name = value, "";
  if (key == "level") return level_text = value, "";
  if (key == "seed") {
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(value.c_str(), &end, 10);
    if (value.empty() || value[0] == '-' || end != value.c_str() + value.size() || errno == ERANGE)
      return "seed must be a whole number >= 0";
    return s.seed = v, "";
  }
  if (key == "digit") {
    char* end = nullptr;
    const long v = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || end != value.c_str() + value.size() || v < 0 || v > 9999)
      return "digit must be a test-set index 0..9999";
    return s.digit = static_cast<int>(v), "";
  }
  if (key == "embed") return parse_bool(value, s.embed) ? "" : "embed must be 1 or 0";
  if (key == "hidetrain" || key == "hide_training")
    return parse_bool(value, s.hide_training) ? "" : "hidetrain must be 1 or 0";
  if (key == "layout") return parse_layout(value, s.layout) ? "" : "layout must be auto, strip, full or stack";
  if (key == "theme") return parse_theme(value, s.theme) ? "" : "theme must be auto, light or dark";
  if (key == "panels") {
    if (!parse_panels(value, s.panels)) return "panels must be none or a list of model, train, inside, latent, data";
    return s.panels_given = true, "";
  }
  if (key == "allow")
    return parse_allow(value, s.allow) ? "" : "allow must be up to 8 origins like https://school.example, comma-separated";
  if (key == "lesson") return "";  // applied first (parse_page_settings)
  // Read by the page's loader before the module exists (web/wasm-variant.js, web/training-client.js); checked
  // here so a misspelling is named like any other.
  if (key == "wasm")
    return value == "relaxed" || value == "simd128" || value == "scalar" ? "" : "wasm must be relaxed, simd128 or scalar";
  if (key == "worker") return value == "off" || value == "on" ? "" : "worker must be on or off";
  if (key == "scorm") return value == "1" ? (s.scorm = true, "") : "scorm must be 1";
  return "unknown parameter (known: model, dataset, noise, level, seed, digit, embed, hidetrain, layout, panels, "
         "theme, lesson, allow, wasm, worker, scorm)";
}

struct Pair {
  std::string key, value;
};

std::vector<Pair> split_query(const std::string& query) {
  std::string q = query.size() > 4096 ? query.substr(0, 4096) : query;
  if (!q.empty() && q[0] == '?') q = q.substr(1);
  std::vector<Pair> pairs;
  size_t start = 0;
  while (start < q.size()) {
    const size_t amp = q.find('&', start);
    const std::string pair = q.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    start = amp == std::string::npos ? q.size() : amp + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    pairs.push_back({percent_decode(pair.substr(0, eq)), eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1))});
  }
  return pairs;
}

}  // namespace

ParsedSettings parse_page_settings(const std::string& query, const std::vector<std::string>& known_models) {
  ParsedSettings r;
  PageSettings& s = r.settings;
  const std::vector<Pair> pairs = split_query(query);
  auto reject = [&](const Pair& p, const std::string& why) {
    r.notices.push_back("URL parameter " + printable(p.key) + "=" + printable(p.value) + " ignored: " + why);
  };
  // A lesson sets the defaults first, wherever it stands; the other parameters then override them.
  for (const Pair& p : pairs)
    if (p.key == "lesson") {
      if (const Lesson* l = find_lesson(p.value)) apply_lesson(*l, s);
      else reject(p, "no such lesson (see lessons.html)");
    }
  std::string noise_name = s.noise.kind == ae::NoiseKind::None ? "none" : ae::to_string(s.noise.kind);
  std::string level_text;
  if (!s.lesson.empty() && s.noise.kind != ae::NoiseKind::None) level_text = std::to_string(s.noise.level);
  for (const Pair& p : pairs) {
    const std::string why = apply_pair(p.key, p.value, known_models, s, noise_name, level_text);
    if (!why.empty()) reject(p, why);
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

const char* to_string(Layout l) {
  switch (l) {
    case Layout::Strip: return "strip";
    case Layout::Full: return "full";
    case Layout::Stack: return "stack";
    case Layout::Auto: break;
  }
  return "auto";
}

const char* to_string(Theme t) {
  switch (t) {
    case Theme::Light: return "light";
    case Theme::Dark: return "dark";
    case Theme::Auto: return "auto";
    case Theme::Default: break;
  }
  return "default";
}

std::string to_string(const Panels& p) {
  std::string s;
  for (auto [on, name] : {std::pair{p.model, "model"}, {p.train, "train"}, {p.inside, "inside"}, {p.latent, "latent"},
                          {p.data, "data"}})
    if (on) s += (s.empty() ? "" : ",") + std::string(name);
  return s.empty() ? "none" : s;
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
  const std::string spec = ae::to_string(s.noise);  // a degradation's level as parse_noise reads it: 12, bottom, 2:nearest
  if (!ae::noise_info(s.noise.kind).pixel_noise) q += "&level=" + spec.substr(spec.find(':') + 1);
  else if (s.noise.kind != ae::NoiseKind::None) q += std::string("&level=") + level;
  if (s.noise.kind == ae::NoiseKind::Gaussian && !s.noise.clip) q += ":noclip";  // as parse_noise reads it
  q += "&seed=" + std::to_string(s.seed);
  if (s.dataset != "mnist") q += "&dataset=" + s.dataset;
  if (s.digit >= 0) q += "&digit=" + std::to_string(s.digit);
  if (s.embed) q += "&embed=1";
  if (s.hide_training) q += "&hidetrain=1";
  if (!s.lesson.empty()) q += "&lesson=" + s.lesson;
  if (s.layout != Layout::Auto) q += std::string("&layout=") + to_string(s.layout);
  if (s.panels_given) q += "&panels=" + to_string(s.panels);
  if (s.theme != Theme::Default) q += std::string("&theme=") + to_string(s.theme);
  if (!s.allow.empty()) {
    q += "&allow=";
    for (size_t i = 0; i < s.allow.size(); ++i) q += (i ? "," : "") + s.allow[i];
  }
  if (s.scorm) q += "&scorm=1";
  return q;
}

}  // namespace aeplay
