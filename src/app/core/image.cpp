#include "core/image.h"

#include <algorithm>

namespace aeplay {

Tiles tile_images(const ae::Mat& images, const TileLayout& layout) {
  Tiles t;
  t.count = static_cast<int>(images.cols());
  if (t.count == 0 || images.rows() != kPixels) return {};
  const int cols = std::max(1, std::min(layout.cols, t.count));
  const int rows = (t.count + cols - 1) / cols, step = kImageSide + layout.gap;
  t.w = cols * step - layout.gap;
  t.h = rows * step - layout.gap;
  t.pixels.assign(static_cast<size_t>(t.w) * t.h, layout.gap_value);
  for (int k = 0; k < t.count; ++k) {
    auto img = images.col(k);
    float lo = 0, scale = 1;
    if (layout.normalize_each) {
      lo = img.minCoeff();
      const float hi = img.maxCoeff();
      scale = hi > lo ? 1.0f / (hi - lo) : 0.0f;
    }
    const int x0 = (k % cols) * step, y0 = (k / cols) * step;
    for (int y = 0; y < kImageSide; ++y)
      for (int x = 0; x < kImageSide; ++x)
        t.pixels[static_cast<size_t>(y0 + y) * t.w + x0 + x] =
            std::clamp((img(y * kImageSide + x) - lo) * scale, 0.0f, 1.0f);
  }
  return t;
}

}  // namespace aeplay
