// The eraser: a mask painted onto the 28x28 input. What it covers is hidden from the model (zero in the
// corrupted view, on top of any noise), so the model must fill it in — inpainting by hand. UI-free: the
// canvas and the JS API feed it points in canvas units [0, 1], as they do the drawing.
#pragma once
#include <vector>

#include "core/image.h"

namespace aeplay {

class EraserMask {
 public:
  void begin_stroke(float x, float y);  // x, y in [0, 1], (0, 0) top-left
  void extend_stroke(float x, float y);
  void end_stroke() { in_stroke_ = false; }
  void clear();

  const std::vector<float>& mask() const { return mask_; }  // kPixels, row-major: 1 hidden, 0 shown
  int hidden_pixels() const;
  int version() const { return version_; }  // changes whenever the mask changes
  // A pixel is hidden when its centre lies within this many pixels of the stroke.
  float radius = 1.5f;

 private:
  void paint(float ax, float ay, float bx, float by);  // a segment, in pixel units
  std::vector<float> mask_ = std::vector<float>(kPixels, 0.0f);
  float last_x_ = 0, last_y_ = 0;
  bool in_stroke_ = false;
  int version_ = 0;
};

}  // namespace aeplay
