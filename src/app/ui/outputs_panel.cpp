// 3 "See what the autoencoder makes of it": the four views and the two error figures.
#include <algorithm>
#include <cmath>

#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
void metrics_table(const Metrics& m) {
  if (!ImGui::BeginTable("metrics", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH)) return;
  ImGui::TableSetupColumn("vs clean input");
  ImGui::TableSetupColumn("MSE / pixel");
  ImGui::TableSetupColumn("PSNR");
  ImGui::TableHeadersRow();
  auto row = [](const char* name, double mse, double psnr) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name);
    ImGui::TableNextColumn();
    ImGui::Text("%.4f", mse);
    ImGui::TableNextColumn();
    if (std::isfinite(psnr)) ImGui::Text("%.1f dB", psnr);
    else ImGui::TextUnformatted("exact");
  };
  row("corrupted", m.corrupted_mse, m.corrupted_psnr);
  if (m.has_reconstruction) row("reconstruction", m.reconstruction_mse, m.reconstruction_psnr);
  ImGui::EndTable();
}
}  // namespace

void outputs_panel(PanelContext& c, float width) {
  section("3  See what the autoencoder makes of it");
  OutputsPanelState& s = c.ui.outputs;
  const Playground& pg = c.pg;
  const float ratio = c.platform.pixel_ratio;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float side = std::floor(std::clamp((width - 3 * spacing) / 4.0f, 56.0f, 168.0f));
  image_with_caption(s.clean, c.ui.renderer, ratio, pg.clean(), side, ColorMap::Grey, "clean input");
  ImGui::SameLine();
  image_with_caption(s.corrupted, c.ui.renderer, ratio, pg.corrupted(), side, ColorMap::Grey, "corrupted");
  ImGui::SameLine();
  image_with_caption(s.reconstruction, c.ui.renderer, ratio, pg.reconstruction(), side, ColorMap::Grey,
                     "reconstruction");
  ImGui::SameLine();
  image_with_caption(s.error, c.ui.renderer, ratio, pg.error_map(), side, ColorMap::Inferno, "|error|");
  metrics_table(pg.metrics());
  if (!pg.metrics().has_reconstruction) ImGui::TextColored(kMuted, "no model loaded yet");
}

}  // namespace aeplay
