// The playground's pictures: MNIST-sized square images, and many of them laid out as one picture (a grid of
// filters or samples, a strip of decoded digits). Every image is row-major, values in [0, 1].
#pragma once
#include <vector>

#include "tensor.h"

namespace aeplay {

constexpr int kImageSide = 28;                     // MNIST's digits are 28 x 28
constexpr int kPixels = kImageSide * kImageSide;  // 784: the input size of every model the page shows

// Images laid out in a grid, as one picture.
struct Tiles {
  int w = 0, h = 0, count = 0;
  std::vector<float> pixels;  // w * h, row-major
};

struct TileLayout {
  int cols = 1;                 // images per row
  int gap = 1;                  // pixels between images
  float gap_value = 0.15f;      // dim gaps between tiles
  bool normalize_each = false;  // map each image's own range to [0, 1] (filters); otherwise clamp to [0, 1]
};

// images: kPixels x n, one image per column. An empty result for no images or images of another size.
Tiles tile_images(const ae::Mat& images, const TileLayout& layout);
// A strip: the images side by side with no gaps (kImageSide x kImageSide * n).
inline Tiles strip_of(const ae::Mat& images) {
  return tile_images(images, {static_cast<int>(images.cols()), 0, 0.0f, false});
}
// A square grid of `cols` x `cols` images with no gaps.
inline Tiles grid_of(const ae::Mat& images, int cols) { return tile_images(images, {cols, 0, 0.0f, false}); }

}  // namespace aeplay
