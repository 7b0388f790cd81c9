// JS API: where the frame put things (aeplay.layout()), the theme's colours, and the lessons.
#include "aeplay_version.h"
#include "core/lessons.h"
#include "ui/theme.h"
#include "bridge/bridge.h"

using aeplay::web::app;
using aeplay::web::give;
using aeplay::web::give_json;
using nlohmann::json;

namespace {
json rect(const aeplay::ScreenRect& r) { return {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}}; }
json named(const std::vector<aeplay::NamedRect>& list) {
  json out = json::array();
  for (const auto& n : list) out.push_back({{"name", n.name}, {"x", n.rect.x}, {"y", n.rect.y}, {"w", n.rect.w}, {"h", n.rect.h}});
  return out;
}
json by_name(const std::vector<aeplay::NamedRect>& list) {
  json out = json::object();
  for (const auto& n : list) out[n.name] = rect(n.rect);
  return out;
}
}  // namespace

// {layout, panels, theme, lesson, width, height, contentHeight, views: {name: rect}, panelRects: {name: rect},
//  texts: [{name, x, y, w, h}]}: CSS px in the page (the canvas fills it), as of the last frame.
const char* aeplay_layout_json() {
  const aeplay::LayoutState& l = app().ui.layout;
  return give_json(json{{"layout", aeplay::to_string(l.active)},
                        {"panels", aeplay::to_string(l.panels)},
                        {"theme", l.light ? "light" : "dark"},
                        {"lesson", app().ui.page.lesson},
                        {"width", l.width},
                        {"height", l.height},
                        {"contentHeight", l.content_height},
                        {"touch", l.touch},
                        {"anyHovered", l.any_hovered},
                        {"frameHeight", ImGui::GetFrameHeight()},
                        {"views", by_name(l.views)},
                        {"panelRects", by_name(l.panel_rects)},
                        {"texts", named(l.texts)}});
}

const char* aeplay_theme_json() { return give(aeplay::theme_json()); }

// [{name, title, caption, query, model, layout, panels}, ...] (core/lessons.h), for lessons.html.
const char* aeplay_lessons_json() { return give(aeplay::lessons_json()); }

// The project's version (CMake's project VERSION), e.g. "0.1.0": aeplay.version().
const char* aeplay_version() { return AEPLAY_VERSION; }

namespace {
// Reads `key=value` the way the URL does (core/url_params.cpp), so both accept and reject the same values.
// Returns the notice for a bad value, or "".
std::string parse_setting(const char* key, const std::string& value, aeplay::PageSettings& into) {
  for (char ch : value)
    if (!(ch >= 'a' && ch <= 'z') && ch != ',') return std::string(key) + ": not a valid value";
  const aeplay::ParsedSettings p = aeplay::parse_page_settings(std::string(key) + "=" + value, {});
  if (!p.notices.empty()) return p.notices.front();
  into = p.settings;
  return "";
}
}  // namespace

// layout: auto, strip, full, stack; panels: "" (the layout's own), none, or a list of model, train, inside, latent.
const char* aeplay_set_layout(const char* layout, const char* panels) {
  aeplay::PageSettings l, p;
  std::string err = parse_setting("layout", layout ? layout : "", l);
  const std::string panel_text = panels ? panels : "";
  if (err.empty() && !panel_text.empty()) err = parse_setting("panels", panel_text, p);
  if (!err.empty()) return give(err);
  aeplay::PageSettings& page = app().ui.page;
  page.layout = l.layout;
  page.panels_given = !panel_text.empty();
  page.panels = p.panels;
  return give("");
}

// auto, light or dark.
const char* aeplay_set_theme(const char* theme) {
  aeplay::PageSettings t;
  const std::string err = parse_setting("theme", theme ? theme : "", t);
  if (err.empty()) app().ui.page.theme = t.theme;
  return give(err);
}
