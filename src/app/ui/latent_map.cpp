#include "ui/latent_map.h"

#include <imgui_internal.h>  // SetItemUsingMouseWheel: the wheel zooms the map instead of scrolling the page

#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/widgets.h"

namespace aeplay {

MapView fit_view(const ae::Mat& points) {
  MapView v;
  if (points.cols() == 0) return v;
  float lo[2], hi[2];
  for (int r = 0; r < 2; ++r) {
    std::vector<float> xs(static_cast<size_t>(points.cols()));
    for (ae::Index j = 0; j < points.cols(); ++j) xs[static_cast<size_t>(j)] = points(r, j);
    std::sort(xs.begin(), xs.end());
    lo[r] = xs[xs.size() / 200];
    hi[r] = xs[xs.size() - 1 - xs.size() / 200];
  }
  v.cx = 0.5f * (lo[0] + hi[0]);
  v.cy = 0.5f * (lo[1] + hi[1]);
  const float half = 0.55f * std::max({hi[0] - lo[0], hi[1] - lo[1], 1e-3f});
  v.hx = v.hy = half;
  return v;
}

namespace {
void pan_and_zoom(MapView& view, ImVec2 origin, ImVec2 size) {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemActive() && (io.MouseDown[1] || io.MouseDown[2])) {  // pan
    view.cx -= io.MouseDelta.x / size.x * 2 * view.hx;
    view.cy += io.MouseDelta.y / size.y * 2 * view.hy;
  }
  if (ImGui::IsItemHovered() && io.MouseWheel != 0) {  // zoom about the pointer
    const float f = std::pow(0.85f, io.MouseWheel);
    const float mx = view.to_x(io.MousePos.x, origin, size), my = view.to_y(io.MousePos.y, origin, size);
    view.cx = mx + (view.cx - mx) * f;
    view.cy = my + (view.cy - my) * f;
    view.hx *= f;
    view.hy *= f;
  }
}
}  // namespace

bool map_widget(const char* id, PointRenderer& points, MapView& view, ImVec2 size, float ratio, ScreenRect& rect,
                float* decode_x, float* decode_y) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float point_px = std::clamp(size.x / 110.0f, 2.5f, 5.0f);
  points.show(size, ratio, view, point_px, kMapBackground);
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton(id, size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  ImGui::SetItemUsingMouseWheel();
  rect = {origin.x, origin.y, size.x, size.y};
  bool decoding = false;
  if (ImGui::IsItemActive() && decode_x && io.MouseDown[0]) {
    *decode_x = view.to_x(io.MousePos.x, origin, size);
    *decode_y = view.to_y(io.MousePos.y, origin, size);
    decoding = true;
  }
  pan_and_zoom(view, origin, size);
  ImGui::GetWindowDrawList()->AddRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), kMapBorder);
  return decoding;
}

void map_marker(ImDrawList* dl, ImVec2 at, ImU32 colour, bool square) {
  if (square) {
    dl->AddRect(ImVec2(at.x - 6, at.y - 6), ImVec2(at.x + 6, at.y + 6), IM_COL32(0, 0, 0, 255), 0, 0, 4.0f);
    dl->AddRect(ImVec2(at.x - 6, at.y - 6), ImVec2(at.x + 6, at.y + 6), colour, 0, 0, 2.0f);
  } else {
    dl->AddCircle(at, 7.0f, IM_COL32(0, 0, 0, 255), 20, 4.0f);
    dl->AddCircle(at, 7.0f, colour, 20, 2.0f);
  }
}

void class_legend(const std::vector<std::string>& names, float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float s = ImGui::GetTextLineHeight() * 0.8f, start = ImGui::GetCursorPosX();
  for (size_t k = 0; k < names.size(); ++k) {
    const int label = static_cast<int>(k);
    const float item = s + 4 + ImGui::CalcTextSize(names[k].c_str()).x;
    if (k > 0) {  // the next name on this line if it fits, else on the next
      ImGui::SameLine(0, 10);
      if (ImGui::GetCursorPosX() + item > start + width) ImGui::NewLine();
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + s, p.y + 2 + s), digit_colour(label));
    ImGui::Dummy(ImVec2(s + 2, s));
    ImGui::SameLine(0, 2);
    ImGui::TextUnformatted(names[k].c_str());
  }
}

}  // namespace aeplay
