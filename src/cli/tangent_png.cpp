#include "tangent_png.h"

#include <stb/stb_image_write.h>

#include <algorithm>

#include "error.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include <stb/stb_easy_font.h>
#pragma GCC diagnostic pop

namespace cli {

namespace {

struct Grey {
  int width, height;
  std::vector<unsigned char> px;
  Grey(int w, int h, unsigned char fill) : width(w), height(h), px(static_cast<size_t>(w) * h, fill) {}
  void box(int x0, int y0, int x1, int y1, unsigned char c) {
    for (int y = std::max(0, y0); y <= std::min(height - 1, y1); ++y)
      for (int x = std::max(0, x0); x <= std::min(width - 1, x1); ++x) px[static_cast<size_t>(y) * width + x] = c;
  }
  void text(int x, int y, const std::string& s, unsigned char c) {  // quads from stb_easy_font, 1:1
    std::vector<float> buf(16 * 4 * std::max<size_t>(1, s.size()) * 8);  // 4 vertices of 16 bytes per quad
    std::string copy = s;
    unsigned char colour[4] = {c, c, c, 255};
    const int quads = stb_easy_font_print(static_cast<float>(x), static_cast<float>(y), copy.data(), colour,
                                          buf.data(), static_cast<int>(buf.size() * sizeof(float)));
    for (int q = 0; q < quads; ++q) {
      const float* v = buf.data() + q * 16;  // x, y, z, colour per vertex
      box(static_cast<int>(v[0]), static_cast<int>(v[1]), static_cast<int>(v[8]) - 1, static_cast<int>(v[9]) - 1, c);
    }
  }
};

}  // namespace

ae::Vec signed_to_grey(const ae::Vec& v) {
  const float peak = v.size() ? v.cwiseAbs().maxCoeff() : 0.0f;
  if (peak <= 0.0f) return ae::Vec::Constant(v.size(), 0.5f);
  return (0.5f + 0.5f * v.array() / peak).matrix();
}

void write_labelled_grid(const std::string& path, const std::vector<LabelledRow>& rows, int side, int scale) {
  if (rows.empty()) throw ae::Error("nothing to draw in " + path);
  int cols = 0, name_width = 0;
  for (const auto& r : rows) {
    cols = std::max(cols, static_cast<int>(r.images.cols()));
    name_width = std::max(name_width, stb_easy_font_width(const_cast<char*>(r.name.c_str())));
  }
  const int gap = 4, caption = 12, cell = side * scale;
  const int left = name_width + 2 * gap;
  const int W = left + cols * (cell + gap), H = gap + static_cast<int>(rows.size()) * (cell + caption + gap);
  Grey g(W, H, 255);
  for (size_t r = 0; r < rows.size(); ++r) {
    const int top = gap + static_cast<int>(r) * (cell + caption + gap);
    g.text(gap, top + cell / 2 - 4, rows[r].name, 0);
    for (int c = 0; c < rows[r].images.cols(); ++c) {
      const int x0 = left + c * (cell + gap);
      for (int y = 0; y < cell; ++y)
        for (int x = 0; x < cell; ++x) {
          const float v = rows[r].images(static_cast<ae::Index>((y / scale) * side + x / scale), c);
          g.px[static_cast<size_t>(top + y) * W + x0 + x] =
              static_cast<unsigned char>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f);
        }
      if (static_cast<size_t>(c) < rows[r].captions.size()) g.text(x0, top + cell + 2, rows[r].captions[size_t(c)], 0);
    }
  }
  if (!stbi_write_png(path.c_str(), W, H, 1, g.px.data(), W)) throw ae::Error(path + ": cannot write PNG");
}

}  // namespace cli
