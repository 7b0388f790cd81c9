#include "noise.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "error.h"

namespace ae {

namespace {
constexpr bool rows_follow_the_enum() {
  for (int i = 0; i < kNoiseKindCount; ++i)
    if (static_cast<int>(kNoiseKinds[i].kind) != i || kNoiseKinds[i].pixel_noise != (i < kPixelNoiseKindCount))
      return false;
  return true;
}
static_assert(kNoiseKindCount == static_cast<int>(NoiseKind::Down) + 1, "one kNoiseKinds row per NoiseKind");
static_assert(rows_follow_the_enum(), "kNoiseKinds rows in NoiseKind order, the pixel noises first");
}  // namespace

const char* to_string(NoiseKind k) {
  return static_cast<int>(k) < kNoiseKindCount ? noise_info(k).name : "?";
}

const NoiseKindInfo* find_noise_kind(const std::string& name) {
  if (name == "salt-pepper" || name == "snp") return &noise_info(NoiseKind::SaltPepper);
  for (const NoiseKindInfo& info : kNoiseKinds)
    if (name == info.name) return &info;
  return nullptr;
}

bool is_occlusion(NoiseKind k) { return k == NoiseKind::Block || k == NoiseKind::Half; }

namespace {

constexpr const char* kHalfNames[] = {"top", "bottom", "left", "right"};
// The degradations' rows must match what validate_degradation() checks beyond min and max.
static_assert(noise_info(NoiseKind::Block).max == kImageSide, "a hole fits in the image");
static_assert(noise_info(NoiseKind::Half).max == static_cast<float>(HalfSide::Right), "one row value per HalfSide");
static_assert(noise_info(NoiseKind::Down).min == 2 && noise_info(NoiseKind::Down).max == 7, "down factors 2, 4, 7");
constexpr Index kPixels = kImageSide * kImageSide;

bool is_whole_number(float v) { return std::floor(v) == v; }

void validate_degradation(const NoiseSpec& s) {
  const float v = s.level;
  const NoiseKindInfo& block = noise_info(NoiseKind::Block);
  if (s.kind == NoiseKind::Block && (!is_whole_number(v) || v < block.min || v > block.max))
    throw Error("block side must be a whole number of pixels in [1, 28]");
  if (s.kind == NoiseKind::Half && (!is_whole_number(v) || v > noise_info(NoiseKind::Half).max))
    throw Error("half must be top, bottom, left or right");
  if (s.kind == NoiseKind::Down && !(v == 2 || v == 4 || v == 7)) throw Error("down factor must be 2, 4 or 7");
  if (s.kind == NoiseKind::Down && s.upsample == Upsample::Bicubic) throw Error("down upsamples bilinear or nearest");
  if (s.kind != NoiseKind::Down && s.upsample != Upsample::Bilinear) throw Error("only down takes an upsampling mode");
}

// block:S, half:SIDE, down:F[:nearest|:bilinear]; `rest` is what follows the first colon.
NoiseSpec parse_degradation(NoiseKind kind, const std::string& rest, const std::string& usage) {
  NoiseSpec s;
  s.kind = kind;
  const size_t colon = rest.find(':');
  const std::string value = rest.substr(0, colon), option = colon == std::string::npos ? "" : rest.substr(colon + 1);
  if (kind == NoiseKind::Half) {
    s.level = -1;
    for (int i = 0; i < 4; ++i)
      if (value == kHalfNames[i]) s.level = static_cast<float>(i);
    if (s.level < 0 || colon != std::string::npos)
      throw Error("half needs one side: half:top, half:bottom, half:left or half:right, got 'half:" + rest + "'");
    return s;
  }
  char* end = nullptr;
  s.level = std::strtof(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size())
    throw Error(std::string(to_string(kind)) + " needs a number, got '" + value + "'" + usage);
  if (colon != std::string::npos) {
    if (kind != NoiseKind::Down || (option != "nearest" && option != "bilinear"))
      throw Error("bad option '" + option + "' (only down takes one: down:2:nearest or down:2:bilinear)");
    s.upsample = option == "nearest" ? Upsample::Nearest : Upsample::Bilinear;
  }
  validate_degradation(s);
  return s;
}

}  // namespace

void validate(const NoiseSpec& s) {
  if (static_cast<uint8_t>(s.kind) > static_cast<uint8_t>(NoiseKind::Down)) throw Error("unknown noise type");
  if (!std::isfinite(s.level) || s.level < 0) throw Error("noise level must be a number >= 0");
  validate_degradation(s);
  if (s.kind >= NoiseKind::Block) return;
  const NoiseKindInfo& info = noise_info(s.kind);
  if (s.kind == NoiseKind::None) return;
  if (s.level < info.min || s.level > info.max || (info.max_exclusive && s.level == info.max)) {
    char range[64];
    std::snprintf(range, sizeof range, "[%g, %g%c", static_cast<double>(info.min), static_cast<double>(info.max),
                  info.max_exclusive ? ')' : ']');
    throw Error(s.kind == NoiseKind::Gaussian ? std::string("gaussian sigma must be in ") + range
                                              : std::string(info.name) + " probability must be in " + range);
  }
}

std::string noise_syntax(bool pixel_noises, bool degradations) {
  std::string out;
  for (const NoiseKindInfo& info : kNoiseKinds) {
    if (info.pixel_noise ? !pixel_noises : !degradations) continue;
    const std::string level = info.level_name;
    out += out.empty() ? "" : ", ";
    out += info.name;
    if (level == "sigma") out += ":SIGMA";
    else if (level == "fraction")
      out += ":P";
    else if (level == "side")
      out += ":S";
    else if (level == "half")
      for (int i = 0; i < 4; ++i) out += std::string(i ? "|" : ":") + kHalfNames[i];
    else if (level == "factor")
      out += ":2|4|7[:nearest]";
  }
  return out;
}

NoiseSpec parse_noise(const std::string& text) {
  NoiseSpec s;
  const std::string usage = " (expected " + noise_syntax() + ")";
  size_t colon = text.find(':');
  std::string name = text.substr(0, colon);
  if (name == "none" || name.empty()) {
    if (colon != std::string::npos) throw Error("noise 'none' takes no level" + usage);
    return s;
  }
  const NoiseKindInfo* info = find_noise_kind(name);
  if (!info) throw Error("unknown noise '" + name + "'" + usage);
  s.kind = info->kind;
  if (colon == std::string::npos) throw Error("noise '" + name + "' needs a level, e.g. " + name + ":0.3");
  std::string rest = text.substr(colon + 1);
  if (s.kind >= NoiseKind::Block) return parse_degradation(s.kind, rest, usage);
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
  if (s.kind == NoiseKind::Half) return std::string("half:") + kHalfNames[static_cast<int>(s.level) & 3];
  if (s.kind == NoiseKind::Block || s.kind == NoiseKind::Down) {
    std::snprintf(buf, sizeof buf, "%s:%d%s", to_string(s.kind), static_cast<int>(s.level),
                  s.upsample == Upsample::Nearest ? ":nearest" : "");
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%s:%g%s", to_string(s.kind), static_cast<double>(s.level),
                (s.kind == NoiseKind::Gaussian && !s.clip) ? ":noclip" : "");
  return buf;
}

namespace {

Index image_count(Index n) {
  if (n % kPixels) throw Error("block, half and down act on whole 28x28 images (784 pixels each)");
  return n / kPixels;
}

// One image's occlusion mask: a block at a position drawn from rng, or a fixed half.
void image_mask(const NoiseSpec& s, float* mask, Rng& rng) {
  int r0 = 0, c0 = 0, rows = kImageSide, cols = kImageSide;
  if (s.kind == NoiseKind::Block) {
    const int side = static_cast<int>(s.level), places = kImageSide - side + 1;
    r0 = static_cast<int>(rng.below(places)), c0 = static_cast<int>(rng.below(places)), rows = cols = side;
  } else {
    const auto half = static_cast<HalfSide>(static_cast<int>(s.level));
    if (half == HalfSide::Top || half == HalfSide::Bottom) rows = kImageSide / 2;
    else cols = kImageSide / 2;
    if (half == HalfSide::Bottom) r0 = kImageSide / 2;
    if (half == HalfSide::Right) c0 = kImageSide / 2;
  }
  std::fill(mask, mask + kPixels, 1.0f);
  for (int r = r0; r < r0 + rows; ++r) std::fill(mask + r * kImageSide + c0, mask + r * kImageSide + c0 + cols, 0.0f);
}

}  // namespace

void occlusion_mask(const NoiseSpec& s, float* mask, Index n, Rng& rng) {
  if (!is_occlusion(s.kind)) throw Error("occlusion_mask needs block or half");
  const Index images = image_count(n);
  for (Index i = 0; i < images; ++i) image_mask(s, mask + i * kPixels, rng);
}

void corrupt(const NoiseSpec& s, const float* clean, float* out, Index n, Rng& rng) {
  const float p = s.level;
  switch (s.kind) {
    case NoiseKind::Block:
    case NoiseKind::Half: {
      const Index images = image_count(n);
      float mask[kPixels];  // on the stack: the training step stays allocation-free
      for (Index i = 0; i < images; ++i) {
        image_mask(s, mask, rng);
        for (Index k = 0; k < kPixels; ++k) out[i * kPixels + k] = clean[i * kPixels + k] * mask[k];
      }
      break;
    }
    case NoiseKind::Down: {
      const Index images = image_count(n);
      const int factor = static_cast<int>(p);
      float small[kPixels];
      for (Index i = 0; i < images; ++i) {
        box_downsample(clean + i * kPixels, kImageSide, factor, small);
        upsample(small, kImageSide, factor, s.upsample, out + i * kPixels);
      }
      break;
    }
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
