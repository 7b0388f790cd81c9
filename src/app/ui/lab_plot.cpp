// The 2-D lab's plot, drawn with ImGui's draw list: the points, PCA's line and projections, the decoder's curve
// and each point's segment x -> r(x), the field r(x) - x on a grid, the Jacobians' ellipses, the VAE's spread,
// and the point the user picks or drags (its arrow, its code, the circle of equally likely corruptions).
// A press on the plot picks a point (dragging moves it); in draw mode it draws a curve that becomes the data.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "ui/lab_ui.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
constexpr ImU32 kPoint = IM_COL32(120, 180, 255, 220);
constexpr ImU32 kPca = IM_COL32(170, 170, 180, 255);
constexpr ImU32 kProjection = IM_COL32(170, 170, 180, 90);
constexpr ImU32 kCurve = IM_COL32(255, 150, 40, 255);
constexpr ImU32 kSegment = IM_COL32(255, 150, 40, 110);
constexpr ImU32 kField = IM_COL32(90, 220, 140, 255);
constexpr ImU32 kJacobian = IM_COL32(230, 110, 230, 220);
constexpr ImU32 kSpread = IM_COL32(230, 90, 120, 110);
constexpr ImU32 kProbe = IM_COL32(255, 240, 90, 255);
constexpr ImU32 kStroke = IM_COL32(255, 255, 255, 220);

// Plot coordinates (y up) to screen pixels (y down) and back.
struct Frame {
  ImVec2 origin;
  float side;
  LabBounds b;
  ImVec2 to_screen(float x, float y) const {
    return {origin.x + (x - b.x0) / (b.x1 - b.x0) * side, origin.y + (b.y1 - y) / (b.y1 - b.y0) * side};
  }
  ImVec2 to_plot(ImVec2 p) const {
    return {b.x0 + (p.x - origin.x) / side * (b.x1 - b.x0), b.y1 - (p.y - origin.y) / side * (b.y1 - b.y0)};
  }
  float scale() const { return side / (b.x1 - b.x0); }  // pixels per plot unit
};

void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 colour, float thickness) {
  dl->AddLine(from, to, colour, thickness);
  const float dx = to.x - from.x, dy = to.y - from.y, len = std::sqrt(dx * dx + dy * dy);
  if (len < 3.0f) return;
  const float head = std::min(6.0f, 0.4f * len), ux = dx / len, uy = dy / len;
  dl->AddTriangleFilled(to, ImVec2(to.x - head * (ux - 0.5f * uy), to.y - head * (uy + 0.5f * ux)),
                        ImVec2(to.x - head * (ux + 0.5f * uy), to.y - head * (uy - 0.5f * ux)), colour);
}

void polyline(ImDrawList* dl, const Frame& f, const ae::Mat& pts, ImU32 colour, float thickness) {
  for (ae::Index i = 1; i < pts.cols(); ++i)
    dl->AddLine(f.to_screen(pts(0, i - 1), pts(1, i - 1)), f.to_screen(pts(0, i), pts(1, i)), colour, thickness);
}

void draw_pca(ImDrawList* dl, const Frame& f, const Lab& lab, const LabViewToggles& t) {
  const LabViews& v = lab.views();
  if (t.projections)
    for (ae::Index i = 0; i < v.projections.cols(); ++i)
      dl->AddLine(f.to_screen(lab.points()(0, i), lab.points()(1, i)),
                  f.to_screen(v.projections(0, i), v.projections(1, i)), kProjection);
  if (!t.pca) return;
  const float reach = 2.0f * (f.b.x1 - f.b.x0);
  dl->AddLine(f.to_screen(v.pca.mx - reach * v.pca.dx, v.pca.my - reach * v.pca.dy),
              f.to_screen(v.pca.mx + reach * v.pca.dx, v.pca.my + reach * v.pca.dy), kPca, 2.0f);
}

void draw_model_views(ImDrawList* dl, const Frame& f, const Lab& lab, const LabViewToggles& t) {
  const LabViews& v = lab.views();
  if (t.field && v.grid_recon.cols() == v.grid_points.cols())
    for (ae::Index i = 0; i < v.grid_points.cols(); ++i)
      arrow(dl, f.to_screen(v.grid_points(0, i), v.grid_points(1, i)),
            f.to_screen(v.grid_recon(0, i), v.grid_recon(1, i)), kField, 1.5f);
  if (t.spread)
    for (ae::Index i = 0; i < v.prior.cols(); ++i)
      dl->AddCircleFilled(f.to_screen(v.prior(0, i), v.prior(1, i)), 2.0f, kSpread);
  if (t.segments && v.recon.cols() == lab.points().cols())
    for (ae::Index i = 0; i < v.recon.cols(); ++i)
      dl->AddLine(f.to_screen(lab.points()(0, i), lab.points()(1, i)), f.to_screen(v.recon(0, i), v.recon(1, i)),
                  kSegment);
  if (t.curve)
    for (const ae::Mat& c : v.curves) polyline(dl, f, c, kCurve, 2.5f);
  if (t.jacobian) {
    // The ellipse a small circle of radius rho around the point becomes: semi-axes s1*rho along u, s2*rho across.
    const float rho = 0.04f * (f.b.x1 - f.b.x0) * f.scale();
    for (size_t k = 0; k < v.jacobians.size(); ++k) {
      const ae::JacobianSummary& j = v.jacobians[k];
      const ImVec2 c =
          f.to_screen(v.jacobian_points(0, static_cast<ae::Index>(k)), v.jacobian_points(1, static_cast<ae::Index>(k)));
      ImVec2 ring[24];
      for (int a = 0; a < 24; ++a) {
        const float th = 6.2831853f * a / 24, p = std::cos(th) * j.s1 * rho, q = std::sin(th) * j.s2 * rho;
        ring[a] = ImVec2(c.x + p * j.ux - q * j.uy, c.y - (p * j.uy + q * j.ux));
      }
      dl->AddPolyline(ring, 24, kJacobian, ImDrawFlags_Closed, 1.2f);
      dl->AddLine(ImVec2(c.x - j.s1 * rho * j.ux, c.y + j.s1 * rho * j.uy),
                  ImVec2(c.x + j.s1 * rho * j.ux, c.y - j.s1 * rho * j.uy), kJacobian, 1.5f);
    }
  }
}

void draw_probe(ImDrawList* dl, const Frame& f, const Lab& lab) {
  const LabProbe& p = lab.probe();
  if (!p.active) return;
  const ImVec2 at = f.to_screen(p.x, p.y);
  if (lab.settings().model.family == ae::LabFamily::Denoising) {  // corruptions of radius sigma: equally likely
    const float r = lab.settings().model.sigma * f.scale();
    for (int a = 0; a < 32; a += 2)
      dl->PathArcTo(at, r, 6.2831853f * a / 32, 6.2831853f * (a + 1) / 32, 4), dl->PathStroke(kProbe, 0, 1.2f);
  }
  if (lab.session().model()) arrow(dl, at, f.to_screen(p.rx, p.ry), kProbe, 2.5f);
  dl->AddCircle(at, 6.0f, kProbe, 0, 2.0f);
  char text[96];
  int n = std::snprintf(text, sizeof text, "x = (%.2f, %.2f)", p.x, p.y);
  if (!p.code.empty()) {
    n += std::snprintf(text + n, sizeof text - static_cast<size_t>(n), "  z = %.2f", p.code[0]);
    if (p.code.size() == 2) std::snprintf(text + n, sizeof text - static_cast<size_t>(n), ", %.2f", p.code[1]);
  }
  dl->AddText(ImVec2(at.x + 9, at.y + 6), kProbe, text);
}

// The plot's pointer: pick and drag a point, or draw a curve (released: the curve becomes the data).
void handle_pointer(PanelContext& c, const Frame& f) {
  LabPanelState& s = c.ui.lab;
  const bool active = ImGui::IsItemActive();
  const ImVec2 at = f.to_plot(ImGui::GetIO().MousePos);
  if (!s.draw_mode) {
    if (active) c.lab.set_probe(at.x, at.y);
    return;
  }
  if (active) {
    const size_t n = s.stroke.size();
    if (n < 2 || std::hypot(at.x - s.stroke[n - 2], at.y - s.stroke[n - 1]) > 0.01f * (f.b.x1 - f.b.x0))
      s.stroke.push_back(at.x), s.stroke.push_back(at.y);
  } else if (!s.stroke.empty()) {
    LabSettings next = c.lab.settings();
    next.drawn = true;
    next.stroke.swap(s.stroke);
    s.stroke.clear();
    s.draw_mode = false;
    const std::string err = next.stroke.size() >= 4 ? c.lab.apply(next) : "draw a longer curve";
    if (!err.empty()) c.pg.notify("The drawn curve was not used: " + err, true);
  }
}
}  // namespace

void lab_plot(PanelContext& c, float side) {
  const auto t0 = std::chrono::steady_clock::now();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##labplot", ImVec2(side, side));
  record_item(c.ui.layout.views, "lab plot");
  c.ui.lab.plot_rect = {origin.x, origin.y, side, side};
  const Frame f{origin, side, c.lab.bounds()};
  handle_pointer(c, f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + side, origin.y + side), true);
  dl->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side), kPlotBackground);
  const LabViewToggles& t = c.lab.settings().views;
  draw_pca(dl, f, c.lab, t);
  draw_model_views(dl, f, c.lab, t);
  if (t.points)
    for (ae::Index i = 0; i < c.lab.points().cols(); ++i)
      dl->AddCircleFilled(f.to_screen(c.lab.points()(0, i), c.lab.points()(1, i)), 2.0f, kPoint, 6);
  for (size_t i = 2; i + 1 < c.ui.lab.stroke.size(); i += 2)
    dl->AddLine(f.to_screen(c.ui.lab.stroke[i - 2], c.ui.lab.stroke[i - 1]),
                f.to_screen(c.ui.lab.stroke[i], c.ui.lab.stroke[i + 1]), kStroke, 2.0f);
  draw_probe(dl, f, c.lab);
  dl->PopClipRect();
  dl->AddRect(origin, ImVec2(origin.x + side, origin.y + side), kMapBorder);
  c.ui.lab.draw_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace aeplay
