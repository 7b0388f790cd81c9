#include "core/eraser.h"

#include <algorithm>
#include <cmath>

namespace aeplay {

namespace {
float to_pixels(float v) { return std::min(1.0f, std::max(0.0f, v)) * kImageSide; }
}  // namespace

void EraserMask::begin_stroke(float x, float y) {
  last_x_ = to_pixels(x), last_y_ = to_pixels(y);
  in_stroke_ = true;
  paint(last_x_, last_y_, last_x_, last_y_);
}

void EraserMask::extend_stroke(float x, float y) {
  if (!in_stroke_) return begin_stroke(x, y);
  const float px = to_pixels(x), py = to_pixels(y);
  paint(last_x_, last_y_, px, py);
  last_x_ = px, last_y_ = py;
}

void EraserMask::clear() {
  in_stroke_ = false;
  if (hidden_pixels() == 0) return;
  std::fill(mask_.begin(), mask_.end(), 0.0f);
  ++version_;
}

int EraserMask::hidden_pixels() const { return static_cast<int>(std::count(mask_.begin(), mask_.end(), 1.0f)); }

// Every pixel whose centre lies within `radius` of the segment (a capsule): exact, whatever the pointer's speed.
void EraserMask::paint(float ax, float ay, float bx, float by) {
  const int x0 = std::max(0, static_cast<int>(std::min(ax, bx) - radius));
  const int x1 = std::min(kImageSide - 1, static_cast<int>(std::max(ax, bx) + radius));
  const int y0 = std::max(0, static_cast<int>(std::min(ay, by) - radius));
  const int y1 = std::min(kImageSide - 1, static_cast<int>(std::max(ay, by) + radius));
  const float dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  bool changed = false;
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const float cx = x + 0.5f, cy = y + 0.5f;
      const float t = len2 > 0 ? std::clamp(((cx - ax) * dx + (cy - ay) * dy) / len2, 0.0f, 1.0f) : 0.0f;
      float& m = mask_[static_cast<size_t>(y) * kImageSide + x];
      if (m == 0.0f && std::hypot(cx - (ax + t * dx), cy - (ay + t * dy)) <= radius) m = 1.0f, changed = true;
    }
  if (changed) ++version_;
}

}  // namespace aeplay
