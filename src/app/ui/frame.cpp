// The frame: one window filling the viewport, arranged by a layout chosen for the frame's size (or the URL's
// layout=): strip (one row of views, for short frames), stack (one column, phone portrait) or full (two
// columns); the extra panels (panels=) below; the theme; and the address bar kept in step with what is shown.
#include "ui/frame.h"

#include <imgui_internal.h>  // GetActiveID, the window's MoveId: telling a press on empty space from one on a control

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/catalog.h"
#include "core/lessons.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
Layout choose_layout(float w, float h) {
  if (w < 600 && h >= w) return Layout::Stack;  // phone portrait
  if (h < 600) return Layout::Strip;            // course-page frames: 560x315 ... 900x480, phone landscape
  return Layout::Full;
}

Panels default_panels(Layout l, const PageSettings& page) {
  if (l == Layout::Strip) return {};
  if (page.embed) return {l == Layout::Full, false, false, false, false};
  return {true, !page.hide_training, true, true, true};
}

bool light_theme(const PageSettings& page) {
  switch (page.theme) {
    case Theme::Light: return true;
    case Theme::Dark: return false;
    case Theme::Auto: return !host::prefers_dark();
    case Theme::Default: break;
  }
  return host::in_iframe();  // light inside course pages, dark on its own
}

void title_bar(PanelContext& c) {
  ImGui::TextUnformatted("aeplay");
  record_item(c.ui.layout.texts, "title");
  // No frames/s counter: the page draws only when something changes (platform/frame_pacer.h), so a frame
  // rate would say how busy the user is, not how fast the page is.
  const char* subtitle = "autoencoder playground: draw, corrupt, reconstruct, train";
  const float spacing = ImGui::GetStyle().ItemSpacing.x, avail = ImGui::GetContentRegionAvail().x;
  if (ImGui::GetItemRectSize().x + spacing + ImGui::CalcTextSize(subtitle).x <= avail) {
    ImGui::SameLine();
    ImGui::TextColored(muted(), "%s", subtitle);
    record_item(c.ui.layout.texts, "subtitle");
  }
  // The 2-D lab: autoencoders on points of the plane (ui/lab_panel.cpp); its own view has the way back.
  if (c.ui.page.lab_view) return;
  const float button = ImGui::CalcTextSize("2-D lab").x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - button));
  if (ImGui::SmallButton("2-D lab")) c.ui.page.lab_view = true;
  record_item(c.ui.layout.views, "open lab");
}

// The extra panels `p` asks for, each recorded as one rectangle.
void extra_panels(PanelContext& c, float width, const Panels& p) {
  auto panel = [&](bool shown, const char* name, auto&& draw) {
    if (!shown) return;
    ImGui::BeginGroup();
    draw();
    ImGui::EndGroup();
    record_item(c.ui.layout.panel_rects, name);
  };
  panel(p.model, "model", [&] { model_panel(c, c.ui.page.embed); });
  panel(p.data, "data", [&] { data_panel(c, width); });
  panel(p.inside, "inside", [&] { inside_model_panel(c, width); });
  panel(p.train, "train", [&] { train_panel(c, width); });
  panel(p.latent, "latent", [&] { latent_panel(c, ImGui::GetContentRegionAvail().x); });
}

void full_layout(PanelContext& c) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const Panels& p = c.ui.layout.panels;
  if (avail >= 900.0f && ImGui::BeginTable("layout", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("left", ImGuiTableColumnFlags_WidthFixed, std::min(340.0f, avail * 0.35f));
    ImGui::TableSetupColumn("right", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableNextColumn();
    draw_panel(c, ImGui::GetContentRegionAvail().x);
    noise_panel(c);
    extra_panels(c, ImGui::GetContentRegionAvail().x, {p.model, false, false, false, p.data});
    ImGui::TableNextColumn();
    const float right = ImGui::GetContentRegionAvail().x;
    outputs_panel(c, right);
    extra_panels(c, right, {false, p.train, p.inside, false, false});
    ImGui::EndTable();
    extra_panels(c, avail, {false, false, false, p.latent, false});  // full width, below both columns
  } else {
    draw_panel(c, avail);
    noise_panel(c);
    outputs_panel(c, avail);
    extra_panels(c, avail, p);
  }
}

// One row: input | corrupted | reconstruction | |error|, and the noise and the two error figures beneath.
void strip_layout(PanelContext& c) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float line = ImGui::GetTextLineHeightWithSpacing(), row = ImGui::GetFrameHeightWithSpacing();
  // Below the views: one caption line, then the noise controls (two rows) beside the metrics (three rows).
  const float below = line + 3 * row + style.WindowPadding.y + style.CellPadding.y * 6;
  const float by_height = ImGui::GetContentRegionAvail().y - below;
  const float by_width = (avail_w - 3 * style.ItemSpacing.x) / 4.0f;
  const float side = std::max(48.0f, std::min(by_width, by_height));
  // What the frame would need for views at their width-given size (capped): the height a course page should give it.
  c.ui.layout.shrunk_by = std::max(0.0f, std::min(by_width, 240.0f) - side);
  ImGui::BeginGroup();
  input_canvas(c, side);
  ImGui::TextColored(muted(), c.pg.source() == InputSource::Drawing ? "your drawing" : "input (draw on it)");
  record_item(c.ui.layout.texts, "canvas caption");
  ImGui::EndGroup();
  ImGui::SameLine();
  output_views(c, side, false);
  ImGui::BeginGroup();
  noise_controls(c, std::min(avail_w * 0.3f, 200.0f));
  random_digit_button(c, "Random digit");
  ImGui::SameLine();
  if (ImGui::Button("Clear")) c.pg.clear_drawing();
  record_item(c.ui.layout.views, "button clear");
  record_item(c.ui.layout.views, "input buttons");
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  metrics_table(c);
  ImGui::EndGroup();
  extra_panels(c, avail_w, c.ui.layout.panels);
}

// One column, for phones held upright.
void stack_layout(PanelContext& c) {
  const float avail_w = ImGui::GetContentRegionAvail().x, spacing = ImGui::GetStyle().ItemSpacing.x;
  const float canvas = std::min({avail_w, 320.0f, 0.42f * ImGui::GetContentRegionAvail().y});
  c.ui.layout.shrunk_by = std::min(avail_w, 320.0f) - canvas;
  input_canvas(c, canvas);
  input_buttons(c);
  input_caption(c);
  noise_controls(c, avail_w - 80.0f);
  output_views(c, std::min((avail_w - 3 * spacing) / 4.0f, 168.0f), true);
  metrics_table(c);
  extra_panels(c, avail_w, c.ui.layout.panels);
}

// A finger dragged where no control is scrolls the layout (ImGui scrolls only by wheel and scrollbar).
void touch_scroll(PanelContext& c) {
  // A press on empty space makes the window's move handle active (even with NoMove): that one counts as none.
  const ImGuiID active = ImGui::GetActiveID();
  if (!c.platform.touch_pointer || c.ui.draw.stroke_active || (active != 0 && active != ImGui::GetCurrentWindow()->MoveId))
    return;
  if (!ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows) || !ImGui::IsMouseDragging(ImGuiMouseButton_Left))
    return;
  // A drag that started on the draw canvas is a stroke (web/pointer.js draws it), not a scroll.
  const ImVec2 press = ImGui::GetIO().MouseClickedPos[ImGuiMouseButton_Left];
  for (const NamedRect& v : c.ui.layout.views)
    if (v.name == "canvas" && press.x >= v.rect.x && press.y >= v.rect.y && press.x < v.rect.x + v.rect.w &&
        press.y < v.rect.y + v.rect.h)
      return;
  ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
}

// Keep the address bar in step with what is shown, so the link reproduces it.
void sync_url(PanelContext& c) {
  PageSettings now = c.ui.page;
  const std::string& shown = c.pg.current_model_id();
  now.model = shown.empty() || shown.rfind("file:", 0) == 0 ? c.ui.page.model : shown;  // uploads have no URL
  now.noise = c.pg.noise();
  now.seed = c.pg.seed();
  now.digit = c.pg.source() == InputSource::TestDigit ? c.pg.test_digit() : -1;
  now.lab = c.lab.settings();
  const std::string q = to_query(now);
  if (q != c.ui.last_query && !ImGui::IsAnyItemActive()) {
    host::set_url_query(q);
    c.ui.last_query = q;
  }
}
}  // namespace

void draw_frame(PanelContext& c) {
  LayoutState& layout = c.ui.layout;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const bool light = light_theme(c.ui.page);
  if (light != layout.light || !layout.theme_applied) apply_theme(light);
  layout.light = light, layout.theme_applied = true;
  const bool touch = c.platform.touch_pointer || host::coarse_pointer();
  if (touch != layout.touch || !layout.sizes_applied) apply_sizes(touch);
  layout.touch = touch, layout.sizes_applied = true;
  layout.width = vp->WorkSize.x, layout.height = vp->WorkSize.y;
  layout.active = c.ui.page.layout != Layout::Auto ? c.ui.page.layout : choose_layout(vp->WorkSize.x, vp->WorkSize.y);
  layout.panels = c.ui.page.panels_given ? c.ui.page.panels : default_panels(layout.active, c.ui.page);
  layout.views.clear(), layout.texts.clear(), layout.panel_rects.clear();
  layout.shrunk_by = 0;

  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("aeplay", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  if (!c.ui.page.embed && layout.active == Layout::Full) title_bar(c);
  notices_bar(c);
  lesson_caption(c);
  if (c.ui.page.lab_view) {
    lab_view(c);
  } else {
    switch (layout.active) {
      case Layout::Strip: strip_layout(c); break;
      case Layout::Stack: stack_layout(c); break;
      default: full_layout(c); break;
    }
  }
  layout.content_height = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y + layout.shrunk_by;
  touch_scroll(c);
  layout.any_hovered = ImGui::IsAnyItemHovered();
  sync_url(c);
  ImGui::End();
}

}  // namespace aeplay
