#include "lab_plot.h"

#include <algorithm>
#include <cmath>

#include "canvas.h"

namespace cli {

namespace {

constexpr unsigned char kPointColor[3] = {40, 40, 40}, kFieldColor[3] = {70, 130, 200}, kPcaColor[3] = {230, 140, 20},
                        kCurveColor[3] = {200, 30, 40}, kSegmentColor[3] = {240, 150, 150},
                        kJacobianColor[3] = {20, 150, 60}, kPriorColor[3] = {150, 90, 200}, kText[3] = {0, 0, 0};

// World (the plane) to pixels, one scale for both axes so circles stay round; y up.
struct View {
  double scale, cx, cy;
  int w, h;  // the canvas: `size` along the longer side of the rectangle, in proportion along the other
  double px(double x) const { return 0.5 * w + (x - cx) * scale; }
  double py(double y) const { return 0.5 * h - (y - cy) * scale; }
};

View make_view(const ae::Grid& g, int size) {
  const double ex = std::max<double>(g.x1 - g.x0, 1e-6), ey = std::max<double>(g.y1 - g.y0, 1e-6);
  const double scale = (size - 20) / std::max(ex, ey);
  const int w = static_cast<int>(std::lround(ex * scale)) + 20, h = static_cast<int>(std::lround(ey * scale)) + 20;
  return {scale, 0.5 * (g.x0 + g.x1), 0.5 * (g.y0 + g.y1), std::max(w, 240), std::max(h, 140)};
}

void arrow(Canvas& c, const View& v, double x0, double y0, double x1, double y1, const unsigned char* col) {
  const double ax = v.px(x0), ay = v.py(y0), bx = v.px(x1), by = v.py(y1);
  c.line(ax, ay, bx, by, col, 1);
  const double len = std::hypot(bx - ax, by - ay);
  if (len < 3) return;
  const double ux = (bx - ax) / len, uy = (by - ay) / len, head = std::min(5.0, 0.4 * len);
  for (double side : {-1.0, 1.0})  // two strokes at ±30° behind the tip
    c.line(bx, by, bx - head * (0.866 * ux - side * 0.5 * uy), by - head * (0.866 * uy + side * 0.5 * ux), col, 1);
}

// Arrows r(x) - x at the grid points, capped at 0.9 of the grid's spacing so far points do not cover the picture.
void draw_field(Canvas& c, const View& v, const LabPicture& p) {
  const double spacing = std::min((p.view.x1 - p.view.x0) / std::max(p.view.nx - 1, 1),
                                  (p.view.y1 - p.view.y0) / std::max(p.view.ny - 1, 1));
  for (ae::Index i = 0; i < p.grid.cols(); ++i) {
    const double x = p.grid(0, i), y = p.grid(1, i), dx = p.grid_recon(0, i) - x, dy = p.grid_recon(1, i) - y;
    const double len = std::hypot(dx, dy), shrink = len > 0.9 * spacing ? 0.9 * spacing / len : 1.0;
    arrow(c, v, x, y, x + shrink * dx, y + shrink * dy, kFieldColor);
  }
}

void draw_pca_line(Canvas& c, const View& v, const LabPicture& p, int size) {
  const double reach = 2.0 * size / v.scale;  // beyond the picture on both sides
  c.line(v.px(p.pca.mx - reach * p.pca.dx), v.py(p.pca.my - reach * p.pca.dy), v.px(p.pca.mx + reach * p.pca.dx),
         v.py(p.pca.my + reach * p.pca.dy), kPcaColor, 2);
}

void draw_model(Canvas& c, const View& v, const LabPicture& p) {
  for (ae::Index i = 0; i < p.prior_samples.cols(); ++i)
    c.box(static_cast<int>(v.px(p.prior_samples(0, i))), static_cast<int>(v.py(p.prior_samples(1, i))),
          static_cast<int>(v.px(p.prior_samples(0, i))) + 1, static_cast<int>(v.py(p.prior_samples(1, i))) + 1,
          kPriorColor);
  for (ae::Index i = 0; i < p.points.cols(); ++i)
    c.line(v.px(p.points(0, i)), v.py(p.points(1, i)), v.px(p.recon(0, i)), v.py(p.recon(1, i)), kSegmentColor, 1);
  for (ae::Index i = 0; i < p.points.cols(); ++i) {
    const int x = static_cast<int>(std::lround(v.px(p.points(0, i)))),
              y = static_cast<int>(std::lround(v.py(p.points(1, i))));
    c.box(x - 1, y - 1, x + 1, y + 1, kPointColor);
  }
  for (const ae::Mat& curve : p.curves)
    for (ae::Index i = 0; i + 1 < curve.cols(); ++i)
      c.line(v.px(curve(0, i)), v.py(curve(1, i)), v.px(curve(0, i + 1)), v.py(curve(1, i + 1)), kCurveColor, 2);
  if (!p.curves.empty()) return;
  // No curve (an overcomplete code): the Jacobian's leading direction at every 4th point, as long as s1 * 0.15.
  for (size_t i = 0; i < p.jacobians.size(); i += 4) {
    const ae::JacobianSummary& j = p.jacobians[i];
    const double x = p.points(0, static_cast<ae::Index>(i)), y = p.points(1, static_cast<ae::Index>(i)),
                 half = 0.075 * j.s1;
    c.line(v.px(x - half * j.ux), v.py(y - half * j.uy), v.px(x + half * j.ux), v.py(y + half * j.uy), kJacobianColor,
           2);
  }
}

void draw_legend(Canvas& c, const LabPicture& p) {
  struct Item {
    const unsigned char* color;
    const char* label;
    bool shown;
  };
  const Item items[] = {{kPointColor, "points", true},
                        {kPcaColor, "PCA line", true},
                        {kCurveColor, "decoder curve g(z)", !p.curves.empty()},
                        {kSegmentColor, "x -> r(x)", true},
                        {kFieldColor, "field r(x) - x (capped)", p.grid.cols() > 0},
                        {kJacobianColor, "Jacobian direction", p.curves.empty() && !p.jacobians.empty()},
                        {kPriorColor, "g(z), z ~ N(0, I)", p.prior_samples.cols() > 0}};
  int shown = 0;
  for (const Item& item : items) shown += item.shown;
  const unsigned char white[3] = {255, 255, 255};
  c.box(4, 4, 160, 20 + 12 * shown, white);  // the legend over a white panel, the title over the picture's top
  c.box(4, 4, 10 + 6 * static_cast<int>(p.title.size()), 16, white);
  c.text(8, 6, p.title, kText);
  int y = 20;
  for (const Item& item : items) {
    if (!item.shown) continue;
    c.box(8, y + 2, 22, y + 4, item.color);
    c.text(28, y, item.label, kText);
    y += 12;
  }
}

}  // namespace

void write_lab_png(const std::string& path, const LabPicture& p, int size) {
  const View v = make_view(p.view, size);
  Canvas c(v.w, v.h);
  draw_field(c, v, p);
  draw_pca_line(c, v, p, size);
  draw_model(c, v, p);
  draw_legend(c, p);
  c.write_png(path);
}

}  // namespace cli
