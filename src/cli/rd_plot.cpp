#include "rd_plot.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "error.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include <stb/stb_easy_font.h>
#pragma GCC diagnostic pop

namespace cli {

namespace {

constexpr int kW = 760, kH = 480, kLeft = 60, kRight = 200, kTop = 20, kBottom = 50;

struct Canvas {
  std::vector<unsigned char> px = std::vector<unsigned char>(static_cast<size_t>(kW) * kH * 3, 255);
  void dot(int x, int y, const unsigned char* c) {
    if (x < 0 || y < 0 || x >= kW || y >= kH) return;
    std::copy(c, c + 3, &px[(static_cast<size_t>(y) * kW + x) * 3]);
  }
  void box(int x0, int y0, int x1, int y1, const unsigned char* c) {
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) dot(x, y, c);
  }
  void line(double x0, double y0, double x1, double y1, const unsigned char* c) {  // 2 px wide
    const int n = static_cast<int>(std::max(std::abs(x1 - x0), std::abs(y1 - y0))) + 1;
    for (int i = 0; i <= n; ++i) {
      const double t = static_cast<double>(i) / n;
      const int x = static_cast<int>(std::lround(x0 + t * (x1 - x0))), y = static_cast<int>(std::lround(y0 + t * (y1 - y0)));
      box(x, y, x + 1, y + 1, c);
    }
  }
  void text(int x, int y, const std::string& s, const unsigned char* c) {  // quads from stb_easy_font, 1:1
    static float buf[4 * 4 * 1000];  // 4 vertices of 16 bytes per quad
    std::string copy = s;
    unsigned char color[4] = {c[0], c[1], c[2], 255};
    const int quads = stb_easy_font_print(static_cast<float>(x), static_cast<float>(y), copy.data(), color, buf, sizeof buf);
    for (int q = 0; q < quads; ++q) {
      const float* v = buf + q * 16;  // x, y, z, colour per vertex
      box(static_cast<int>(v[0]), static_cast<int>(v[1]), static_cast<int>(v[8]) - 1, static_cast<int>(v[9]) - 1, c);
    }
  }
};

std::string number(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

}  // namespace

void write_line_plot(const std::string& path, const std::vector<PlotSeries>& series, const std::string& x_label,
                     const std::string& y_label) {
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (const auto& s : series)
    for (const auto& [x, y] : s.points) {
      if (!(x > 0) || !std::isfinite(y)) throw ae::Error("plot: points need x > 0 and a finite y");
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  if (x0 > x1) throw ae::Error("plot: nothing to draw");
  const double lx0 = std::floor(std::log2(x0)), lx1 = std::max(lx0 + 1, std::ceil(std::log2(x1)));
  y0 = std::floor(y0 / 5) * 5, y1 = std::max(y0 + 5, std::ceil(y1 / 5) * 5);
  const int pw = kW - kLeft - kRight, ph = kH - kTop - kBottom;
  auto px = [&](double x) { return kLeft + (std::log2(x) - lx0) / (lx1 - lx0) * pw; };
  auto py = [&](double y) { return kTop + (y1 - y) / (y1 - y0) * ph; };
  Canvas c;
  const unsigned char black[3] = {0, 0, 0}, grey[3] = {215, 215, 215};
  for (double e = lx0; e <= lx1; ++e) {
    const int x = static_cast<int>(px(std::exp2(e)));
    c.box(x, kTop, x, kTop + ph, grey);
    c.text(x - 8, kTop + ph + 6, number(std::exp2(e)), black);
  }
  for (double y = y0; y <= y1; y += 5) {
    const int yy = static_cast<int>(py(y));
    c.box(kLeft, yy, kLeft + pw, yy, grey);
    c.text(kLeft - 24, yy - 3, number(y), black);
  }
  c.box(kLeft, kTop, kLeft, kTop + ph, black);
  c.box(kLeft, kTop + ph, kLeft + pw, kTop + ph, black);
  c.text(kLeft + pw / 2 - 60, kTop + ph + 24, x_label, black);
  c.text(4, kTop - 14, y_label, black);
  int legend_y = kTop + 4;
  for (const auto& s : series) {
    for (size_t i = 0; i + 1 < s.points.size(); ++i)
      c.line(px(s.points[i].first), py(s.points[i].second), px(s.points[i + 1].first), py(s.points[i + 1].second), s.rgb);
    for (const auto& p : s.points) {
      const int x = static_cast<int>(px(p.first)), y = static_cast<int>(py(p.second));
      c.box(x - 2, y - 2, x + 3, y + 3, s.rgb);
    }
    c.box(kLeft + pw + 14, legend_y, kLeft + pw + 30, legend_y + 3, s.rgb);
    c.text(kLeft + pw + 36, legend_y - 2, s.label, black);
    legend_y += 14;
  }
  if (!stbi_write_png(path.c_str(), kW, kH, 3, c.px.data(), kW * 3)) throw ae::Error(path + ": cannot write PNG");
}

}  // namespace cli
