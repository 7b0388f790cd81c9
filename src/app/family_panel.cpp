#include "family_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "platform.h"

namespace aeplay {

namespace {

const ImVec4 kMuted(0.65f, 0.65f, 0.7f, 1.0f);

// Shows tiles through an ImageView at `scale` CSS pixels per texel (fitting `width`).
void show_tiles(ImageView& view, const UiState& ui, const Platform& p, const Tiles& t, float width, float max_side) {
  if (t.count == 0) return;
  view.set_pixels(t.pixels.data(), t.w, t.h);
  const float scale = std::max(1.0f, std::floor(std::min(width, max_side) / static_cast<float>(std::max(t.w, t.h))));
  view.show(ui.renderer, ImVec2(t.w * scale, t.h * scale), p.pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
}

void filters_tab(Playground& pg, UiState& ui, const Platform& p, float width) {
  const Tiles t = pg.encoder_filters(64);
  if (t.count == 0) {
    ImGui::TextColored(kMuted, "This model's first layer is not a dense layer over the 784 pixels.");
    return;
  }
  ImGui::TextColored(kMuted, "The first %d encoder units' weights over the pixels (each scaled to its own range):", t.count);
  show_tiles(ui.filters, ui, p, t, width, 360.0f);
}

void code_tab(Playground& pg, const ae::Autoencoder& m) {
  const std::vector<float> code = pg.current_code();
  ImGui::TextColored(kMuted, "This digit's code (%zu units):", code.size());
  if (!code.empty())
    ImGui::PlotHistogram("##code", code.data(), static_cast<int>(code.size()), 0, nullptr, FLT_MAX, FLT_MAX,
                         ImVec2(std::min(ImGui::GetContentRegionAvail().x, 420.0f), 70));
  const CodeStats& st = pg.code_stats();
  if (st.histogram.empty()) return;
  ImGui::TextColored(kMuted, "Activations of all units over %d test digits (from %.2f to %.2f):", st.digits,
                     static_cast<double>(st.lo), static_cast<double>(st.hi));
  ImGui::PlotHistogram("##hist", st.histogram.data(), static_cast<int>(st.histogram.size()), 0, nullptr, 0.0f, FLT_MAX,
                       ImVec2(std::min(ImGui::GetContentRegionAvail().x, 420.0f), 70));
  const ae::ModelSpec& s = m.spec();
  if (s.penalty == ae::Penalty::KL)
    ImGui::Text("mean activation %.3f, target rho %.3f", st.mean_activation, static_cast<double>(s.sparsity_target));
  else
    ImGui::Text("mean activation %.3f, %.0f%% of activations are zero", st.mean_activation, 100 * st.zero_fraction);
}

void samples_tab(Playground& pg, UiState& ui, const Platform& p, float width) {
  if (ImGui::Button("Sample new digits")) ++ui.sample_seed;
  ImGui::SameLine();
  ImGui::TextColored(kMuted, "z ~ N(0, I), decoded");
  show_tiles(ui.samples, ui, p, pg.vae_samples(16, ui.sample_seed), width, 300.0f);
}

void grid_tab(Playground& pg, UiState& ui, const Platform& p, float width) {
  // Decoding 144 codes is a few milliseconds in wasm: recompute only when the model changes.
  const std::string now = pg.current_model_id() + "|" + std::to_string(reinterpret_cast<uintptr_t>(pg.current_model())) +
                          "|" + std::to_string(pg.training.progress().total_batches / 50);
  if (now != ui.grid_key) {
    ui.grid_key = now;
    ui.grid_tiles = pg.latent_grid(12, 2.5f);
  }
  const Tiles& grid = ui.grid_tiles;
  ImGui::TextColored(kMuted, "Codes on a grid over z1 (right) and z2 (up) in [-2.5, 2.5]%s:",
                     pg.current_model()->latent_size() > 2 ? ", other dimensions 0" : "");
  show_tiles(ui.grid, ui, p, grid, width, 420.0f);
}

}  // namespace

void inside_model_panel(Playground& pg, UiState& ui, const Platform& p, float width) {
  const ae::Autoencoder* m = pg.current_model();
  if (!m) return;
  // Closed at first so the page opens on the essentials; aeplay.showInside() opens it from JS.
  if (ui.inside_request >= 0) {
    ImGui::SetNextItemOpen(ui.inside_request == 1, ImGuiCond_Always);
    ui.inside_request = -1;
  }
  if (!ImGui::CollapsingHeader("Inside the model: filters, code, samples")) return;
  const bool vae = m->spec().family == ae::Family::Vae;
  if (ImGui::BeginTabBar("inside")) {
    if (vae && ImGui::BeginTabItem("Samples")) {
      ui.inside_tab = 2;
      samples_tab(pg, ui, p, width);
      ImGui::EndTabItem();
    }
    if (vae && ImGui::BeginTabItem("Latent grid")) {
      ui.inside_tab = 3;
      grid_tab(pg, ui, p, width);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Filters")) {
      ui.inside_tab = 0;
      filters_tab(pg, ui, p, width);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Code")) {
      ui.inside_tab = 1;
      code_tab(pg, *m);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

}  // namespace aeplay
