#include "rd_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "canvas.h"
#include "error.h"

namespace cli {

namespace {

constexpr int kW = 760, kH = 480, kLeft = 60, kRight = 200, kTop = 20, kBottom = 50;

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
  Canvas c(kW, kH);
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
  c.write_png(path);
}

}  // namespace cli
