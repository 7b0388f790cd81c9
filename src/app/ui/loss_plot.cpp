#include "ui/loss_plot.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/widgets.h"

namespace aeplay {

namespace {
constexpr ImU32 kTrainColour = IM_COL32(110, 170, 255, 255);
constexpr ImU32 kTestColour = IM_COL32(255, 170, 60, 255);
constexpr ImU32 kTestLine = IM_COL32(255, 170, 60, 200);

// The plot's axes: x in batches (curve points are every 10 batches), y over the losses shown.
struct PlotAxes {
  ImVec2 p0, p1;
  float total = 1, lo = 0, hi = 1;
  float x(float batches) const { return p0.x + 4 + (p1.x - p0.x - 8) * batches / std::max(total, 1.0f); }
  float y(float v) const { return p1.y - 6 - (p1.y - p0.y - 20) * (v - lo) / (hi - lo); }
};

PlotAxes axes_for(const TrainingSession& t, ImVec2 p0, ImVec2 p1) {
  PlotAxes a{p0, p1};
  a.lo = 1e30f, a.hi = -1e30f;
  for (float v : t.curve_loss()) a.lo = std::min(a.lo, v), a.hi = std::max(a.hi, v);
  for (const auto& h : t.history())
    if (std::isfinite(h.test_loss)) a.lo = std::min(a.lo, float(h.test_loss)), a.hi = std::max(a.hi, float(h.test_loss));
  if (a.hi <= a.lo) a.hi = a.lo + 1;
  const long per_epoch = std::max<long>(1, t.progress().batches_per_epoch);
  a.total = std::max<float>(static_cast<float>(t.curve_loss().size()) * 10.0f,
                            static_cast<float>(t.history().size() * per_epoch));
  return a;
}
}  // namespace

void loss_plot(const TrainingSession& t, float width) {
  const std::vector<float>& curve = t.curve_loss();
  const auto& hist = t.history();
  const float height = 120.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos(), p1(p0.x + width, p0.y + height);
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, p1, kPlotBackground);
  if (curve.size() < 2 && hist.empty()) {
    dl->AddText(ImVec2(p0.x + 8, p0.y + 8), kHintText, "loss curve appears here");
    return;
  }
  const PlotAxes a = axes_for(t, p0, p1);
  const float per_epoch = static_cast<float>(std::max<long>(1, t.progress().batches_per_epoch));
  for (size_t i = 1; i < curve.size(); ++i)
    dl->AddLine(ImVec2(a.x(i * 10.0f), a.y(curve[i - 1])), ImVec2(a.x((i + 1) * 10.0f), a.y(curve[i])), kTrainColour,
                1.5f);
  for (size_t i = 0; i < hist.size(); ++i) {
    if (!std::isfinite(hist[i].test_loss)) continue;
    const ImVec2 c(a.x((i + 1) * per_epoch), a.y(static_cast<float>(hist[i].test_loss)));
    dl->AddCircleFilled(c, 4.0f, kTestColour);
    if (i > 0 && std::isfinite(hist[i - 1].test_loss))
      dl->AddLine(ImVec2(a.x(i * per_epoch), a.y(static_cast<float>(hist[i - 1].test_loss))), c, kTestLine, 1.5f);
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", a.hi);
  dl->AddText(ImVec2(p0.x + 6, p0.y + 2), kHintText, buf);
  std::snprintf(buf, sizeof buf, "%.2f", a.lo);
  dl->AddText(ImVec2(p0.x + 6, p1.y - 16), kHintText, buf);
  dl->AddText(ImVec2(p1.x - 190, p0.y + 2), kTrainColour, "train");
  dl->AddText(ImVec2(p1.x - 140, p0.y + 2), kTestColour, "test (per epoch)");
}

}  // namespace aeplay
