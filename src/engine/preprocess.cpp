#include "preprocess.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "error.h"

namespace ae {

namespace {
// Average of the source over the footprint of each destination pixel (area resampling with 4x4
// sub-samples and bilinear reads): smooth edges without a library.
std::vector<float> resample(const float* src, int sw, int sh, int x0, int y0, int cw, int ch, int dw, int dh) {
  std::vector<float> out(static_cast<size_t>(dw) * dh, 0.0f);
  const int S = 4;
  const float sx = static_cast<float>(cw) / dw, sy = static_cast<float>(ch) / dh;
  auto at = [&](int x, int y) {
    x = std::clamp(x, 0, sw - 1);
    y = std::clamp(y, 0, sh - 1);
    return src[static_cast<size_t>(y) * sw + x];
  };
  for (int y = 0; y < dh; ++y)
    for (int x = 0; x < dw; ++x) {
      float sum = 0;
      for (int j = 0; j < S; ++j)
        for (int i = 0; i < S; ++i) {
          float fx = x0 + (x + (i + 0.5f) / S) * sx - 0.5f, fy = y0 + (y + (j + 0.5f) / S) * sy - 0.5f;
          int ix = static_cast<int>(std::floor(fx)), iy = static_cast<int>(std::floor(fy));
          float ax = fx - ix, ay = fy - iy;
          sum += (1 - ay) * ((1 - ax) * at(ix, iy) + ax * at(ix + 1, iy)) +
                 ay * ((1 - ax) * at(ix, iy + 1) + ax * at(ix + 1, iy + 1));
        }
      out[static_cast<size_t>(y) * dw + x] = sum / (S * S);
    }
  return out;
}
}  // namespace

DigitImage mnist_from_drawing(const float* ink, int w, int h, float threshold) {
  if (w < 1 || h < 1 || w > 8192 || h > 8192) throw Error("drawing size out of range");
  DigitImage out;
  out.pixels = Vec::Zero(784);
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (ink[static_cast<size_t>(y) * w + x] > threshold) {
        x0 = std::min(x0, x), x1 = std::max(x1, x);
        y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
  if (x1 < 0) return out;  // blank canvas
  out.empty = false;

  const int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
  const float scale = 20.0f / static_cast<float>(std::max(cw, ch));
  const int dw = std::max(1, static_cast<int>(std::lround(cw * scale)));
  const int dh = std::max(1, static_cast<int>(std::lround(ch * scale)));
  std::vector<float> box = resample(ink, w, h, x0, y0, cw, ch, dw, dh);

  double mass = 0, mx = 0, my = 0;
  for (int y = 0; y < dh; ++y)
    for (int x = 0; x < dw; ++x) {
      double v = box[static_cast<size_t>(y) * dw + x];
      mass += v, mx += v * (x + 0.5), my += v * (y + 0.5);
    }
  // Offset that moves the centre of mass to (14, 14); a whole pixel shift, like MNIST.
  const int ox = static_cast<int>(std::lround(14.0 - (mass > 0 ? mx / mass : dw / 2.0)));
  const int oy = static_cast<int>(std::lround(14.0 - (mass > 0 ? my / mass : dh / 2.0)));
  for (int y = 0; y < dh; ++y)
    for (int x = 0; x < dw; ++x) {
      int tx = x + ox, ty = y + oy;
      if (tx < 0 || ty < 0 || tx >= 28 || ty >= 28) continue;
      out.pixels[ty * 28 + tx] = std::clamp(box[static_cast<size_t>(y) * dw + x], 0.0f, 1.0f);
    }
  return out;
}

}  // namespace ae
