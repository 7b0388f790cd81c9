#include "png_grid.h"

#include <stb/stb_image_write.h>

#include <algorithm>

#include "error.h"

namespace cli {

void write_png_grid(const std::string& path, const std::vector<ae::Mat>& rows, int side, int scale) {
  if (rows.empty() || rows[0].cols() == 0) throw ae::Error("nothing to draw in " + path);
  const int gap = 2, cols = static_cast<int>(rows[0].cols());
  const int cell = side * scale + gap;
  const int W = cols * cell + gap, H = static_cast<int>(rows.size()) * cell + gap;
  std::vector<unsigned char> img(static_cast<size_t>(W) * H, 64);  // dark grey gaps
  for (size_t r = 0; r < rows.size(); ++r)
    for (int c = 0; c < cols; ++c)
      for (int y = 0; y < side * scale; ++y)
        for (int x = 0; x < side * scale; ++x) {
          float v = rows[r](static_cast<ae::Index>((y / scale) * side + x / scale), c);
          img[static_cast<size_t>(gap + static_cast<int>(r) * cell + y) * W + gap + c * cell + x] =
              static_cast<unsigned char>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f);
        }
  if (!stbi_write_png(path.c_str(), W, H, 1, img.data(), W)) throw ae::Error(path + ": cannot write PNG");
}

}  // namespace cli
