// The 2-D lab's data sets: points near a known curve, made from (shape, count, noise, seed) alone so the
// page, the CLI and the tests draw the same points. Every shape fits in about [-1.5, 1.5]^2:
//   line       y = 0.5 x, x in [-1, 1]
//   circle     radius 1 around the origin
//   spiral     r = 0.25 + 0.9 t/(3π), angle t in [0, 3π] (one and a half turns)
//   moons      two interleaved half circles of radius 1 (sklearn's make_moons, centred)
//   sine       y = 0.5 sin(π x), x in [-1.5, 1.5]
//   swissroll  3-D: the spiral rolled along a height axis, shown from `view_angle` (see ToyDataSpec)
//   scurve     3-D: an S-shaped curve (two half circles) extruded along a height axis, shown likewise
// Noise is isotropic 2-D Gaussian (standard deviation `noise`) added to the clean point.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tensor.h"

namespace ae {

enum class ToyShape : uint8_t { Line = 0, Circle, Spiral, Moons, Sine, SwissRoll, SCurve };
constexpr int kToyShapeCount = 7;
const char* to_string(ToyShape s);                  // as the CLI and URLs spell it: "swissroll"
ToyShape parse_toy_shape(const std::string& name);  // throws ae::Error naming the choices
std::string toy_shape_names();                      // "line, circle, spiral, moons, sine, swissroll, scurve"
bool is_3d(ToyShape s);                             // swissroll, scurve

constexpr int kMinToyPoints = 8;
constexpr int kMaxToyPoints = 100000;
constexpr float kMaxToyNoise = 1.0f;

struct ToyDataSpec {
  ToyShape shape = ToyShape::Circle;
  int points = 500;     // kMinToyPoints..kMaxToyPoints
  float noise = 0.05f;  // standard deviation of the added Gaussian noise, 0..kMaxToyNoise
  uint64_t seed = 1;
  // 3-D shapes only: the tilt (radians) of the view about the horizontal axis. 0 looks along the roll's axis
  // (the points lie near a 1-D curve); π/2 looks at its side (they fill a band). Any finite angle.
  float view_angle = 0.0f;
};

void validate(const ToyDataSpec& spec);  // throws ae::Error naming the setting and its range
// 2 x points, one point per column; identical for equal specs (on every platform: ae::Rng).
Mat make_toy_data(const ToyDataSpec& spec);

// A curve the user draws: `xy` holds the stroke's vertices x0,y0,x1,y1,... (at least 2 vertices, finite).
// `points` positions uniform in arc length along the stroke, each with Gaussian noise `noise`. 2 x points.
Mat points_along_stroke(const std::vector<float>& xy, int points, float noise, uint64_t seed);

// The noise-free curve the shape's points lie near, as polylines (moons: two pieces; 3-D shapes: the middle
// of the roll seen from `view_angle`, which is the whole manifold at view_angle 0). Each 2 x samples.
std::vector<Mat> toy_curves(ToyShape shape, float view_angle = 0.0f, int samples = 2000);

struct NearestPoint {
  float x = 0, y = 0;    // the nearest point of the curve
  float distance = 0;    // from the query
  float tx = 1, ty = 0;  // unit tangent of the curve there
};
// The nearest point of a set of polylines to (x, y) (exact for the polylines; for a shape, as close to the true
// curve as the sampling: 2000 samples put the circle's polygon within 1.3e-6 of it).
NearestPoint nearest_on_curves(const std::vector<Mat>& curves, float x, float y);

}  // namespace ae
