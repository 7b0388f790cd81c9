// 3 "See what the autoencoder makes of it": the views and the two error figures (whole, or as the pieces the
// strip and stack layouts arrange), and in the full layout the anomaly meter and the input's size as a code.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

void output_views(PanelContext& c, float side, bool with_clean) {
  OutputsPanelState& s = c.ui.outputs;
  const Playground& pg = c.pg;
  const ImageRenderer& r = c.ui.renderer;
  const float ratio = c.platform.pixel_ratio;
  LayoutState& layout = c.ui.layout;
  side = std::floor(side);
  if (with_clean) {
    image_with_caption(s.clean, r, ratio, pg.clean(), side, ColorMap::Grey, "clean input", layout, "clean");
    ImGui::SameLine();
  }
  image_with_caption(s.corrupted, r, ratio, pg.corrupted(), side, ColorMap::Grey, "corrupted", layout, "corrupted");
  ImGui::SameLine();
  image_with_caption(s.reconstruction, r, ratio, pg.reconstruction(), side, ColorMap::Grey, "reconstruction", layout,
                     "reconstruction");
  ImGui::SameLine();
  image_with_caption(s.error, r, ratio, pg.error_map(), side, ColorMap::Inferno, "|error|", layout, "error");
}

void metrics_table(PanelContext& c) {
  const Metrics& m = c.pg.metrics();
  if (ImGui::BeginTable("metrics", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH)) {
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
    record_item(c.ui.layout.views, "metrics");
    c.ui.layout.texts.push_back(c.ui.layout.views.back());
  }
  if (!m.has_reconstruction) caption_text(c.ui.layout.texts, "no model", "no model loaded yet");
}

// How unfamiliar the input is: its reconstruction error as a percentile of the test digits' errors (draw
// something that is not a digit and watch it rise), and what its code costs at 8 bits per dimension.
void input_scores_lines(PanelContext& c, float width) {
  const InputScores& s = c.pg.input_scores();
  if (!s.valid) return;
  // At the left, what the code's N bytes bring back, as tall as the meter and its caption (no extra height).
  const ImGuiStyle& style = ImGui::GetStyle();
  const float side = s.code_bytes ? ImGui::GetFrameHeight() + style.ItemSpacing.y + ImGui::GetTextLineHeight() : 0.0f;
  if (s.code_bytes) {
    c.ui.outputs.quantised.set_pixels(s.quantised.data(), kImageSide, kImageSide);
    c.ui.outputs.quantised.show(c.ui.renderer, ImVec2(side, side), c.platform.pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
    record_item(c.ui.layout.views, "quantised");
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  char text[128];
  std::snprintf(text, sizeof text, "unfamiliar: error %.1f, above %.0f%% of %d test digits", s.error, s.percentile,
                s.reference_digits);
  const float bar = std::max(60.0f, width - (side > 0 ? side + style.ItemSpacing.x : 0.0f) - 2 * ImGui::GetFontSize());
  ImGui::ProgressBar(static_cast<float>(s.percentile / 100.0), ImVec2(bar, 0), text);
  record_item(c.ui.layout.views, "anomaly meter");
  help_marker("The reconstruction error of the clean input (sum over pixels of the squared difference), ranked "
              "among the model's errors on the first 1000 MNIST test digits. Above 95% it is stranger than "
              "19 digits in 20. The picture at the left: the input sent as its code at 8 bits per number, decoded.");
  if (s.code_bytes) {
    std::snprintf(text, sizeof text, "this digit in %d bytes (its code at 8 bits a number): at the left, %.1f dB",
                  s.code_bytes, s.quantised_psnr);
    caption_text(c.ui.layout.texts, "code bytes", text);
  }
  ImGui::EndGroup();
  if (s.has_likelihood) {
    std::snprintf(text, sizeof text, "how likely: log p(x) >= %.1f nats (IWAE, K = %d), ELBO %.1f", s.log_px,
                  s.likelihood_k, s.elbo);
    caption_text(c.ui.layout.texts, "likelihood", text);
    help_marker(
        "For a Bernoulli VAE: the input binarized (each pixel on with probability its grey level, fixed "
        "seed), then the importance-sampled bound on log p(x) with K samples of z from q(z|x), and the "
        "ELBO. Closer to 0 is more likely: a typical test digit scores about -90 nats, a scribble far less. "
        "aeplay nll gives the same figures over the test set.");
  }
}

void outputs_panel(PanelContext& c, float width) {
  section("3  See what the autoencoder makes of it");
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  output_views(c, std::clamp((width - 3 * spacing) / 4.0f, 56.0f, 168.0f), true);
  metrics_table(c);
  input_scores_lines(c, std::min(width, 4 * 168.0f + 3 * spacing));
  if (const std::string note = c.pg.dataset_note(); !note.empty()) caption_text(c.ui.layout.texts, "dataset note", note.c_str());
}

}  // namespace aeplay
