#include "noise.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "error.h"

namespace ae {

const char* to_string(NoiseKind k) {
  switch (k) {
    case NoiseKind::None: return "none";
    case NoiseKind::Gaussian: return "gaussian";
    case NoiseKind::Mask: return "mask";
    case NoiseKind::SaltPepper: return "saltpepper";
    case NoiseKind::Dropout: return "dropout";
  }
  return "?";
}

void validate(const NoiseSpec& s) {
  if (static_cast<uint8_t>(s.kind) > static_cast<uint8_t>(NoiseKind::Dropout)) throw Error("unknown noise type");
  if (!std::isfinite(s.level) || s.level < 0) throw Error("noise level must be a number >= 0");
  if (s.kind == NoiseKind::Gaussian && s.level > 10) throw Error("gaussian sigma must be in [0, 10]");
  if (s.kind != NoiseKind::Gaussian && s.kind != NoiseKind::None && s.level >= 1)
    throw Error(std::string(to_string(s.kind)) + " probability must be in [0, 1)");
}

NoiseSpec parse_noise(const std::string& text) {
  NoiseSpec s;
  const std::string usage = " (expected none, gaussian:SIGMA, mask:P, saltpepper:P or dropout:P)";
  size_t colon = text.find(':');
  std::string name = text.substr(0, colon);
  if (name == "none" || name.empty()) {
    if (colon != std::string::npos) throw Error("noise 'none' takes no level" + usage);
    return s;
  }
  bool found = false;
  for (auto k : {NoiseKind::Gaussian, NoiseKind::Mask, NoiseKind::SaltPepper, NoiseKind::Dropout})
    if (name == to_string(k)) s.kind = k, found = true;
  if (name == "salt-pepper" || name == "snp") s.kind = NoiseKind::SaltPepper, found = true;
  if (!found) throw Error("unknown noise '" + name + "'" + usage);
  if (colon == std::string::npos) throw Error("noise '" + name + "' needs a level, e.g. " + name + ":0.3");
  std::string rest = text.substr(colon + 1);
  size_t colon2 = rest.find(':');
  std::string level = rest.substr(0, colon2);
  if (colon2 != std::string::npos) {
    if (rest.substr(colon2 + 1) != "noclip" || s.kind != NoiseKind::Gaussian)
      throw Error("bad noise option in '" + text + "'" + usage);
    s.clip = false;
  }
  char* end = nullptr;
  s.level = std::strtof(level.c_str(), &end);
  if (level.empty() || end != level.c_str() + level.size())
    throw Error("noise level '" + level + "' is not a number" + usage);
  validate(s);
  return s;
}

std::string to_string(const NoiseSpec& s) {
  if (s.kind == NoiseKind::None) return "none";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s:%g%s", to_string(s.kind), static_cast<double>(s.level),
                (s.kind == NoiseKind::Gaussian && !s.clip) ? ":noclip" : "");
  return buf;
}

void corrupt(const NoiseSpec& s, const float* clean, float* out, Index n, Rng& rng) {
  const float p = s.level;
  switch (s.kind) {
    case NoiseKind::None:
      std::copy(clean, clean + n, out);
      break;
    case NoiseKind::Gaussian:
      for (Index i = 0; i < n; ++i) {
        float v = clean[i] + p * rng.normal();
        out[i] = s.clip ? std::min(1.0f, std::max(0.0f, v)) : v;
      }
      break;
    case NoiseKind::Mask:
      for (Index i = 0; i < n; ++i) out[i] = rng.uniform() < p ? 0.0f : clean[i];
      break;
    case NoiseKind::SaltPepper:
      for (Index i = 0; i < n; ++i) {
        float u = rng.uniform();  // one draw decides both whether and which: u < p/2 pepper, < p salt
        out[i] = u < 0.5f * p ? 0.0f : (u < p ? 1.0f : clean[i]);
      }
      break;
    case NoiseKind::Dropout: {
      const float keep_scale = 1.0f / (1.0f - p);
      for (Index i = 0; i < n; ++i) out[i] = rng.uniform() < p ? 0.0f : clean[i] * keep_scale;
      break;
    }
  }
}

void corrupt(const NoiseSpec& s, const Mat& clean, Mat& out, Rng& rng) {
  out.resize(clean.rows(), clean.cols());
  corrupt(s, clean.data(), out.data(), clean.size(), rng);
}

}  // namespace ae
