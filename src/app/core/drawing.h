// The draw canvas's model: strokes of a soft round brush on a square ink canvas (values in [0,1]),
// with undo. UI-free: the ImGui panel and the JS API both feed it points in canvas units [0,1].
#pragma once
#include <vector>

namespace aeplay {

class Drawing {
 public:
  static constexpr int kSize = 256;  // ink resolution; MNIST's 20-px box maps to ~200 px of it

  void begin_stroke(float x, float y);  // x, y in [0,1], (0,0) top-left
  void extend_stroke(float x, float y);
  void end_stroke();
  void undo();   // removes the last stroke
  void clear();  // removes all strokes (undo brings them back one by one)

  bool empty() const { return strokes_.empty(); }
  int stroke_count() const { return static_cast<int>(strokes_.size()); }
  const std::vector<float>& ink() const { return ink_; }  // kSize x kSize, row-major
  int version() const { return version_; }                // changes whenever the ink changes
  float brush_radius = 11.0f;                             // in ink pixels

 private:
  struct Point { float x, y; };
  void stamp_segment(Point a, Point b);
  void stamp(float cx, float cy);
  void rerender();

  std::vector<std::vector<Point>> strokes_;
  std::vector<std::vector<std::vector<Point>>> cleared_;  // for undo after clear()
  std::vector<float> ink_ = std::vector<float>(kSize * kSize, 0.0f);
  int version_ = 0;
  bool in_stroke_ = false;
};

}  // namespace aeplay
