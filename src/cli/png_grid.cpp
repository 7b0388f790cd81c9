#include "png_grid.h"

#include <stb/stb_image_write.h>

#include <algorithm>

#include "error.h"

namespace cli {

void write_png_grid(const std::string& path, const std::vector<ae::Mat>& rows, int side, int scale, int channels) {
  if (rows.empty() || rows[0].cols() == 0) throw ae::Error("nothing to draw in " + path);
  if (channels != 1 && channels != 3) throw ae::Error(path + ": a grid is grey (1 channel) or RGB (3)");
  for (const ae::Mat& r : rows)
    if (r.rows() != ae::Index(channels) * side * side || r.cols() != rows[0].cols())
      throw ae::Error(path + ": every row of the grid needs " + std::to_string(rows[0].cols()) + " images of " +
                      std::to_string(channels) + "x" + std::to_string(side) + "x" + std::to_string(side));
  const int gap = 2, cols = static_cast<int>(rows[0].cols());
  const int cell = side * scale + gap;
  const int W = cols * cell + gap, H = static_cast<int>(rows.size()) * cell + gap;
  std::vector<unsigned char> img(static_cast<size_t>(W) * H * channels, 64);  // dark grey gaps
  const ae::Index plane = ae::Index(side) * side;
  for (size_t r = 0; r < rows.size(); ++r)
    for (int c = 0; c < cols; ++c)
      for (int y = 0; y < side * scale; ++y)
        for (int x = 0; x < side * scale; ++x)
          for (int ch = 0; ch < channels; ++ch) {  // planar in the image, interleaved in the PNG
            float v = rows[r](ch * plane + static_cast<ae::Index>((y / scale) * side + x / scale), c);
            img[(static_cast<size_t>(gap + static_cast<int>(r) * cell + y) * W + gap + c * cell + x) * channels + ch] =
                static_cast<unsigned char>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f);
          }
  if (!stbi_write_png(path.c_str(), W, H, channels, img.data(), W * channels))
    throw ae::Error(path + ": cannot write PNG");
}

}  // namespace cli
