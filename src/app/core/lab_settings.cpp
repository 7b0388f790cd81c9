#include "core/lab_settings.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>

#include "error.h"

namespace aeplay {

namespace {
struct ViewName {
  const char* name;
  bool LabViewToggles::*flag;
};
constexpr ViewName kViewNames[] = {
    {"points", &LabViewToggles::points},           {"pca", &LabViewToggles::pca},
    {"projections", &LabViewToggles::projections}, {"curve", &LabViewToggles::curve},
    {"segments", &LabViewToggles::segments},       {"field", &LabViewToggles::field},
    {"jacobian", &LabViewToggles::jacobian},       {"spread", &LabViewToggles::spread},
};

bool parse_float(const std::string& v, float& out) {
  char* end = nullptr;
  errno = 0;
  const float f = std::strtof(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || errno == ERANGE || !std::isfinite(f)) return false;
  return out = f, true;
}

bool parse_int(const std::string& v, long lo, long hi, int& out) {
  char* end = nullptr;
  errno = 0;
  const long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || end != v.c_str() + v.size() || errno == ERANGE || n < lo || n > hi) return false;
  return out = static_cast<int>(n), true;
}

// The engine's check of a changed setting, as the reason shown ("" when it passes).
template <typename Spec>
std::string checked(const Spec& spec) {
  try {
    ae::validate(spec);
    return "";
  } catch (const ae::Error& e) {
    return e.what();
  }
}

std::string short_float(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(v));
  return text;
}
}  // namespace

bool LabViewToggles::operator==(const LabViewToggles& o) const {
  for (const ViewName& v : kViewNames)
    if (this->*v.flag != o.*v.flag) return false;
  return true;
}

std::string to_string(const LabViewToggles& v) {
  std::string s;
  for (const ViewName& n : kViewNames)
    if (v.*n.flag) s += (s.empty() ? "" : ",") + std::string(n.name);
  return s.empty() ? "none" : s;
}

bool parse_lab_views(const std::string& text, LabViewToggles& out) {
  LabViewToggles v;
  for (const ViewName& n : kViewNames) v.*n.flag = false;
  if (text != "none") {
    size_t start = 0;
    while (start <= text.size()) {
      const size_t comma = std::min(text.find(',', start), text.size());
      const std::string name = text.substr(start, comma - start);
      const auto it =
          std::find_if(std::begin(kViewNames), std::end(kViewNames), [&](const ViewName& n) { return name == n.name; });
      if (it == std::end(kViewNames)) return false;
      v.*it->flag = true;
      start = comma + 1;
    }
  }
  out = v;
  return true;
}

// Each parameter is checked on a copy, so a bad value leaves `s` as it was.
std::string apply_lab_param(const std::string& key, const std::string& value, LabSettings& s, bool& known) {
  known = true;
  LabSettings t = s;
  std::string why;
  if (key == "lab") {
    try {
      t.data.shape = ae::parse_toy_shape(value);
      t.drawn = false;
    } catch (const ae::Error& e) {
      why = e.what();
    }
  } else if (key == "family") {
    try {
      t.model.family = ae::parse_lab_family(value);
      if (ae::default_lambda(t.model.family) > 0) t.model.lambda = ae::default_lambda(t.model.family);
    } catch (const ae::Error& e) {
      why = e.what();
    }
  } else if (key == "code") {
    if (!parse_int(value, 1, 2, t.model.code)) why = "code must be 1 or 2";
  } else if (key == "hidden") {
    if (!parse_int(value, 1, ae::kMaxLabHidden, t.model.hidden))
      why = "hidden must be a whole number 1.." + std::to_string(ae::kMaxLabHidden);
  } else if (key == "sigma") {
    if (!parse_float(value, t.model.sigma) || !(t.model.sigma > 0 && t.model.sigma <= 10))
      why = "sigma must be a number in (0, 10]";
  } else if (key == "lambda") {
    why = parse_float(value, t.model.lambda) ? checked(t.model) : "lambda must be a number";
  } else if (key == "points") {
    if (!parse_int(value, ae::kMinToyPoints, ae::kMaxToyPoints, t.data.points))
      why = "points must be a whole number " + std::to_string(ae::kMinToyPoints) + ".." +
            std::to_string(ae::kMaxToyPoints);
  } else if (key == "datanoise" || key == "angle") {
    const bool number = parse_float(value, key == "angle" ? t.data.view_angle : t.data.noise);
    why = number ? checked(t.data) : key + " must be a number";
  } else if (key == "labseed") {
    char* end = nullptr;
    const unsigned long long seed = std::strtoull(value.c_str(), &end, 10);
    const bool whole = !value.empty() && value[0] != '-' && end == value.c_str() + value.size();
    if (whole) t.data.seed = t.train.seed = seed;
    if (!whole) why = "labseed must be a whole number >= 0";
  } else if (key == "views") {
    if (!parse_lab_views(value, t.views))
      why = "views must be none or a list of points, pca, projections, curve, segments, field, jacobian, spread";
  } else {
    known = false;
    return "";
  }
  if (why.empty()) s = t;
  return why;
}

std::string lab_query(const LabSettings& s) {
  std::string q = std::string("&lab=") + ae::to_string(s.data.shape) + "&family=" + ae::to_string(s.model.family);
  q += "&code=" + std::to_string(s.model.code) + "&points=" + std::to_string(s.data.points);
  q += "&datanoise=" + short_float(s.data.noise) + "&labseed=" + std::to_string(s.data.seed);
  if (s.model.family == ae::LabFamily::Denoising) q += "&sigma=" + short_float(s.model.sigma);
  if (s.model.family != ae::LabFamily::Plain && s.model.family != ae::LabFamily::Denoising)
    q += "&lambda=" + short_float(s.model.lambda);
  if (ae::is_3d(s.data.shape)) q += "&angle=" + short_float(s.data.view_angle);
  return q + "&views=" + to_string(s.views);
}

}  // namespace aeplay
