#include "canvas.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>

#include "error.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include <stb/stb_easy_font.h>
#pragma GCC diagnostic pop

namespace cli {

Canvas::Canvas(int width, int height)
    : w(width), h(height), px(static_cast<size_t>(width) * static_cast<size_t>(height) * 3, 255) {}

void Canvas::dot(int x, int y, const unsigned char* c) {
  if (x < 0 || y < 0 || x >= w || y >= h) return;
  std::copy(c, c + 3, &px[(static_cast<size_t>(y) * w + x) * 3]);
}

void Canvas::blend(int x, int y, const unsigned char* c, float alpha) {
  if (x < 0 || y < 0 || x >= w || y >= h) return;
  unsigned char* p = &px[(static_cast<size_t>(y) * w + x) * 3];
  for (int k = 0; k < 3; ++k) p[k] = static_cast<unsigned char>(std::lround(p[k] + alpha * (c[k] - p[k])));
}

void Canvas::box(int x0, int y0, int x1, int y1, const unsigned char* c) {
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) dot(x, y, c);
}

void Canvas::line(double x0, double y0, double x1, double y1, const unsigned char* c, int width) {
  if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1)) return;
  const double span = std::max(std::abs(x1 - x0), std::abs(y1 - y0));
  if (span > 1e5) return;  // far outside any canvas: not worth stepping along
  const int n = static_cast<int>(span) + 1;
  for (int i = 0; i <= n; ++i) {
    const double t = static_cast<double>(i) / n;
    const int x = static_cast<int>(std::lround(x0 + t * (x1 - x0))),
              y = static_cast<int>(std::lround(y0 + t * (y1 - y0)));
    box(x, y, x + width - 1, y + width - 1, c);
  }
}

void Canvas::text(int x, int y, const std::string& s, const unsigned char* c) {
  std::vector<float> buf(4 * 4 * 1000);  // 4 vertices of 16 bytes per quad
  std::string copy = s;
  unsigned char color[4] = {c[0], c[1], c[2], 255};
  const int quads = stb_easy_font_print(static_cast<float>(x), static_cast<float>(y), copy.data(), color, buf.data(),
                                        static_cast<int>(buf.size() * sizeof(float)));
  for (int q = 0; q < quads; ++q) {
    const float* v = buf.data() + q * 16;  // x, y, z, colour per vertex
    box(static_cast<int>(v[0]), static_cast<int>(v[1]), static_cast<int>(v[8]) - 1, static_cast<int>(v[9]) - 1, c);
  }
}

void Canvas::write_png(const std::string& path) const {
  if (!stbi_write_png(path.c_str(), w, h, 3, px.data(), w * 3)) throw ae::Error(path + ": cannot write PNG");
}

}  // namespace cli
