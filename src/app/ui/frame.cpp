#include "ui/frame.h"

#include <algorithm>

#include "ui/widgets.h"

namespace aeplay {

namespace {
void title_bar(const UiState& ui) {
  if (ui.page.embed) return;
  ImGui::TextUnformatted("aeplay");
  ImGui::SameLine();
  ImGui::TextColored(kMuted, "autoencoder playground: draw, corrupt, reconstruct, train");
  ImGui::SameLine(std::max(ImGui::GetWindowWidth() - 150.0f, 0.0f));
  ImGui::TextColored(kMuted, "%.0f frames/s", ImGui::GetIO().Framerate);
}

void panels(PanelContext& c) {
  const UiState& ui = c.ui;
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool show_training = !ui.page.embed && !ui.page.hide_training;
  if (avail >= 900.0f && ImGui::BeginTable("layout", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("left", ImGuiTableColumnFlags_WidthFixed, std::min(340.0f, avail * 0.35f));
    ImGui::TableSetupColumn("right", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableNextColumn();
    draw_panel(c, ImGui::GetContentRegionAvail().x);
    noise_panel(c);
    model_panel(c, ui.page.embed);
    ImGui::TableNextColumn();
    const float right = ImGui::GetContentRegionAvail().x;
    outputs_panel(c, right);
    if (!ui.page.embed) inside_model_panel(c, right);
    if (show_training) train_panel(c, right);
    ImGui::EndTable();
  } else {
    draw_panel(c, avail);
    noise_panel(c);
    outputs_panel(c, avail);
    model_panel(c, ui.page.embed);
    if (!ui.page.embed) inside_model_panel(c, avail);
    if (show_training) train_panel(c, avail);
  }
  latent_panel(c, ImGui::GetContentRegionAvail().x);  // full width, below both layouts
}

// Keep the address bar in step with what is shown, so the link reproduces it.
void sync_url(PanelContext& c) {
  PageSettings now = c.ui.page;
  const std::string& shown = c.pg.current_model_id();
  now.model = shown.empty() || shown.rfind("file:", 0) == 0 ? c.ui.page.model : shown;  // uploads have no URL
  now.noise = c.pg.noise();
  now.seed = c.pg.seed();
  now.digit = c.pg.source() == InputSource::TestDigit ? c.pg.test_digit() : -1;
  const std::string q = to_query(now);
  if (q != c.ui.last_query && !ImGui::IsAnyItemActive()) {
    host::set_url_query(q);
    c.ui.last_query = q;
  }
}
}  // namespace

void draw_frame(PanelContext& c) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("aeplay", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);
  title_bar(c.ui);
  notices_bar(c);
  panels(c);
  sync_url(c);
  ImGui::End();
}

}  // namespace aeplay
