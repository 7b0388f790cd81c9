#include "core/drawing.h"

#include <algorithm>
#include <cmath>

namespace aeplay {

namespace {
float clamp01(float v) { return std::min(1.0f, std::max(0.0f, v)); }
}

void Drawing::begin_stroke(float x, float y) {
  strokes_.push_back({{clamp01(x) * kSize, clamp01(y) * kSize}});
  cleared_.clear();
  in_stroke_ = true;
  stamp(strokes_.back()[0].x, strokes_.back()[0].y);
  ++version_;
}

void Drawing::extend_stroke(float x, float y) {
  if (!in_stroke_) return begin_stroke(x, y);
  Point p{clamp01(x) * kSize, clamp01(y) * kSize};
  Point last = strokes_.back().back();
  if (std::hypot(p.x - last.x, p.y - last.y) < 0.5f) return;
  strokes_.back().push_back(p);
  stamp_segment(last, p);
  ++version_;
}

void Drawing::end_stroke() { in_stroke_ = false; }

void Drawing::undo() {
  in_stroke_ = false;
  if (!strokes_.empty()) {
    strokes_.pop_back();
  } else if (!cleared_.empty()) {
    strokes_ = cleared_.back();
    cleared_.pop_back();
  }
  rerender();
}

void Drawing::clear() {
  in_stroke_ = false;
  if (!strokes_.empty()) cleared_.push_back(std::move(strokes_));
  strokes_.clear();
  rerender();
}

void Drawing::rerender() {
  std::fill(ink_.begin(), ink_.end(), 0.0f);
  for (const auto& s : strokes_) {
    stamp(s[0].x, s[0].y);
    for (size_t i = 1; i < s.size(); ++i) stamp_segment(s[i - 1], s[i]);
  }
  ++version_;
}

void Drawing::stamp_segment(Point a, Point b) {
  const float len = std::hypot(b.x - a.x, b.y - a.y);
  const int steps = std::max(1, static_cast<int>(std::ceil(len / (brush_radius * 0.25f))));
  for (int i = 1; i <= steps; ++i) {
    const float t = static_cast<float>(i) / steps;
    stamp(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
  }
}

// A soft round brush: full ink inside 60% of the radius, a smooth fall-off to 0 at the rim, combined
// with max so overlapping stamps do not darken beyond 1 (like a pen, unlike an airbrush).
void Drawing::stamp(float cx, float cy) {
  const float r = brush_radius;
  const int x0 = std::max(0, static_cast<int>(cx - r)), x1 = std::min(kSize - 1, static_cast<int>(cx + r));
  const int y0 = std::max(0, static_cast<int>(cy - r)), y1 = std::min(kSize - 1, static_cast<int>(cy + r));
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const float d = std::hypot(x + 0.5f - cx, y + 0.5f - cy) / r;
      if (d >= 1.0f) continue;
      const float t = clamp01((1.0f - d) / 0.4f);
      const float v = t * t * (3.0f - 2.0f * t);  // smoothstep
      float& ink = ink_[static_cast<size_t>(y) * kSize + x];
      ink = std::max(ink, v);
    }
}

}  // namespace aeplay
