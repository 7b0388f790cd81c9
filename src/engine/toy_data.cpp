#include "toy_data.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "error.h"
#include "rng.h"

namespace ae {

namespace {

constexpr float kPi = 3.14159265358979f;
constexpr const char* kShapeNames[kToyShapeCount] = {"line", "circle",    "spiral", "moons",
                                                     "sine", "swissroll", "scurve"};
constexpr float kRollScale = 0.1f;    // swiss roll: sklearn's t in [1.5π, 4.5π] gives radii up to 14
constexpr float kSCurveScale = 0.7f;  // s-curve: sklearn's x in [-1, 1], z in [-2, 2]
static_assert(kMaxToyNoise == 1.0f, "the noise message says [0, 1]");
constexpr float kHeight = 0.7f;  // 3-D shapes: the height axis spans [-kHeight, kHeight]

// A point of the 3-D shape at curve parameter u in [0, 1] and height v in [-1, 1], seen from `angle`: the
// roll's cross-section (a, b) is the (x, y) of the picture at angle 0; tilting mixes the height into y.
void view_3d(ToyShape shape, float u, float v, float angle, float& x, float& y) {
  float a = 0, b = 0;
  if (shape == ToyShape::SwissRoll) {
    const float t = 1.5f * kPi * (1 + 2 * u);
    a = kRollScale * t * std::cos(t), b = kRollScale * t * std::sin(t);
  } else {
    const float t = 3 * kPi * (u - 0.5f);
    a = kSCurveScale * std::sin(t), b = kSCurveScale * (t < 0 ? -1.0f : 1.0f) * (std::cos(t) - 1);
  }
  x = a;
  y = b * std::cos(angle) + kHeight * v * std::sin(angle);
}

// The clean point of a shape at curve parameter u in [0, 1] (moons: `piece` 0 or 1; 3-D: height v).
void clean_point(ToyShape shape, float u, int piece, float v, float angle, float& x, float& y) {
  switch (shape) {
    case ToyShape::Line: x = 2 * u - 1, y = 0.5f * x; return;
    case ToyShape::Circle: x = std::cos(2 * kPi * u), y = std::sin(2 * kPi * u); return;
    case ToyShape::Spiral: {
      const float t = 3 * kPi * u, r = 0.25f + 0.9f * u;
      x = r * std::cos(t), y = r * std::sin(t);
      return;
    }
    case ToyShape::Moons: {
      const float t = kPi * u;  // sklearn's make_moons, centred on the origin
      if (piece == 0) x = std::cos(t) - 0.5f, y = std::sin(t) - 0.25f;
      else
        x = 0.5f - std::cos(t), y = 0.25f - std::sin(t);
      return;
    }
    case ToyShape::Sine: x = 3 * u - 1.5f, y = 0.5f * std::sin(kPi * x); return;
    case ToyShape::SwissRoll:
    case ToyShape::SCurve: view_3d(shape, u, v, angle, x, y); return;
  }
  throw Error("unknown toy shape");
}

void check_points_and_noise(int points, float noise) {
  if (points < kMinToyPoints || points > kMaxToyPoints)
    throw Error("points must be in " + std::to_string(kMinToyPoints) + ".." + std::to_string(kMaxToyPoints) + ", got " +
                std::to_string(points));
  if (!std::isfinite(noise) || noise < 0 || noise > kMaxToyNoise)
    throw Error("noise must be in [0, 1], got " + std::to_string(noise));
}

}  // namespace

const char* to_string(ToyShape s) {
  const int i = static_cast<int>(s);
  return i >= 0 && i < kToyShapeCount ? kShapeNames[i] : "?";
}

ToyShape parse_toy_shape(const std::string& name) {
  for (int i = 0; i < kToyShapeCount; ++i)
    if (name == kShapeNames[i]) return static_cast<ToyShape>(i);
  throw Error("unknown data set '" + name + "' (expected " + toy_shape_names() + ")");
}

std::string toy_shape_names() {
  std::string out;
  for (int i = 0; i < kToyShapeCount; ++i) out += std::string(i ? ", " : "") + kShapeNames[i];
  return out;
}

bool is_3d(ToyShape s) { return s == ToyShape::SwissRoll || s == ToyShape::SCurve; }

void validate(const ToyDataSpec& spec) {
  if (static_cast<int>(spec.shape) >= kToyShapeCount) throw Error("unknown data set");
  check_points_and_noise(spec.points, spec.noise);
  if (!std::isfinite(spec.view_angle)) throw Error("view angle must be a finite number of radians");
}

Mat make_toy_data(const ToyDataSpec& spec) {
  validate(spec);
  Rng rng(spec.seed, 28);
  Mat P(2, spec.points);
  for (int i = 0; i < spec.points; ++i) {
    const float u = rng.uniform(), v = rng.uniform(-1, 1);
    float x = 0, y = 0;
    clean_point(spec.shape, u, i % 2, v, spec.view_angle, x, y);
    P(0, i) = x + spec.noise * rng.normal();
    P(1, i) = y + spec.noise * rng.normal();
  }
  return P;
}

Mat points_along_stroke(const std::vector<float>& xy, int points, float noise, uint64_t seed) {
  check_points_and_noise(points, noise);
  if (xy.size() < 4 || xy.size() % 2)
    throw Error("a stroke needs at least 2 vertices as x,y pairs, got " + std::to_string(xy.size()) + " numbers");
  for (float v : xy)
    if (!std::isfinite(v)) throw Error("a stroke's coordinates must be finite numbers");
  const size_t n = xy.size() / 2;
  std::vector<double> length(n, 0.0);  // arc length up to each vertex
  for (size_t i = 1; i < n; ++i)
    length[i] = length[i - 1] + std::hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
  if (!(length.back() > 0)) throw Error("a stroke must have a length: its vertices are all at one place");
  Rng rng(seed, 29);
  Mat P(2, points);
  for (int i = 0; i < points; ++i) {
    const double s = rng.uniform() * length.back();
    size_t k = static_cast<size_t>(std::upper_bound(length.begin(), length.end(), s) - length.begin());
    k = std::min(std::max<size_t>(k, 1), n - 1);  // the segment [k-1, k] holds arc length s
    const double seg = length[k] - length[k - 1], t = seg > 0 ? (s - length[k - 1]) / seg : 0.0;
    P(0, i) = static_cast<float>(xy[2 * k - 2] + t * (xy[2 * k] - xy[2 * k - 2])) + noise * rng.normal();
    P(1, i) = static_cast<float>(xy[2 * k - 1] + t * (xy[2 * k + 1] - xy[2 * k - 1])) + noise * rng.normal();
  }
  return P;
}

std::vector<Mat> toy_curves(ToyShape shape, float view_angle, int samples) {
  if (static_cast<int>(shape) >= kToyShapeCount) throw Error("unknown data set");
  if (samples < 2 || samples > 1000000) throw Error("curve samples must be in 2..1000000");
  const int pieces = shape == ToyShape::Moons ? 2 : 1;
  std::vector<Mat> curves;
  for (int piece = 0; piece < pieces; ++piece) {
    Mat C(2, samples);
    for (int i = 0; i < samples; ++i) {
      float x = 0, y = 0;
      clean_point(shape, static_cast<float>(i) / static_cast<float>(samples - 1), piece, 0, view_angle, x, y);
      C(0, i) = x, C(1, i) = y;
    }
    curves.push_back(std::move(C));
  }
  return curves;
}

NearestPoint nearest_on_curves(const std::vector<Mat>& curves, float x, float y) {
  NearestPoint best;
  double best_d2 = std::numeric_limits<double>::infinity();
  for (const Mat& C : curves) {
    if (C.rows() != 2 || C.cols() < 2) throw Error("a curve is a 2 x N polyline with N >= 2");
    for (Index i = 0; i + 1 < C.cols(); ++i) {
      const double ax = C(0, i), ay = C(1, i), dx = C(0, i + 1) - ax, dy = C(1, i + 1) - ay;
      const double len2 = dx * dx + dy * dy;
      const double t = len2 > 0 ? std::clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0.0, 1.0) : 0.0;
      const double px = ax + t * dx, py = ay + t * dy, d2 = (x - px) * (x - px) + (y - py) * (y - py);
      if (d2 >= best_d2 || len2 <= 0) continue;
      best_d2 = d2;
      const double len = std::sqrt(len2);
      best = {static_cast<float>(px), static_cast<float>(py), static_cast<float>(std::sqrt(d2)),
              static_cast<float>(dx / len), static_cast<float>(dy / len)};
    }
  }
  return best;
}

}  // namespace ae
