// "Inside the model": what each family learned — the encoder's filters as 28x28 images, the code's
// activations (the hidden-unit histogram that shows sparsity), and for the VAE new samples from N(0, I)
// and a grid of digits decoded over the 2-D latent plane.
#include <imgui.h>

#include <algorithm>
#include <cfloat>

#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
void filters_tab(PanelContext& c, float width) {
  const Tiles t = c.pg.encoder_filters(64);
  if (t.count == 0) {
    ImGui::TextColored(muted(), "This model's first layer is not a dense layer over the 784 pixels.");
    return;
  }
  ImGui::TextColored(muted(), "The first %d encoder units' weights over the pixels (each scaled to its own range):",
                     t.count);
  show_tiles(c.ui.inside.filters, c.ui.renderer, c.platform.pixel_ratio, t, width, 360.0f);
}

void code_tab(Playground& pg, const ae::Autoencoder& m) {
  const std::vector<float> code = pg.current_code();
  ImGui::TextColored(muted(), "This digit's code (%zu units):", code.size());
  const float plot_w = std::min(ImGui::GetContentRegionAvail().x, 420.0f);
  if (!code.empty())
    ImGui::PlotHistogram("##code", code.data(), static_cast<int>(code.size()), 0, nullptr, FLT_MAX, FLT_MAX,
                         ImVec2(plot_w, 70));
  const CodeStats& st = pg.code_stats();
  if (st.histogram.empty()) return;
  ImGui::TextColored(muted(), "Activations of all units over %d test digits (from %.2f to %.2f):", st.digits,
                     static_cast<double>(st.lo), static_cast<double>(st.hi));
  ImGui::PlotHistogram("##hist", st.histogram.data(), static_cast<int>(st.histogram.size()), 0, nullptr, 0.0f, FLT_MAX,
                       ImVec2(plot_w, 70));
  const ae::ModelSpec& s = m.spec();
  if (s.penalty == ae::Penalty::KL)
    ImGui::Text("mean activation %.3f, target rho %.3f", st.mean_activation, static_cast<double>(s.sparsity_target));
  else
    ImGui::Text("mean activation %.3f, %.0f%% of activations are zero", st.mean_activation, 100 * st.zero_fraction);
}

void samples_tab(PanelContext& c, float width) {
  InsidePanelState& s = c.ui.inside;
  if (ImGui::Button("Sample new digits")) ++s.sample_seed;
  ImGui::SameLine();
  ImGui::TextColored(muted(), "z ~ N(0, I), decoded");
  show_tiles(s.samples, c.ui.renderer, c.platform.pixel_ratio, c.pg.vae_samples(16, s.sample_seed), width, 300.0f);
}

void grid_tab(PanelContext& c, float width) {
  InsidePanelState& s = c.ui.inside;
  // Decoding 144 codes is a few milliseconds in wasm: follow the model at epoch ends (Versions::model_epoch).
  Versions now;
  now.model_epoch = c.pg.versions().model_epoch;
  if (now != s.grid_from) {
    s.grid_from = now;
    s.grid_tiles = c.pg.latent_grid(12, 2.5f);
  }
  ImGui::TextColored(muted(), "Codes on a grid over z1 (right) and z2 (up) in [-2.5, 2.5]%s:",
                     c.pg.current_model()->latent_size() > 2 ? ", other dimensions 0" : "");
  show_tiles(s.grid, c.ui.renderer, c.platform.pixel_ratio, s.grid_tiles, width, 420.0f);
}
}  // namespace

void inside_model_panel(PanelContext& c, float width) {
  const ae::Autoencoder* m = c.pg.current_model();
  if (!m) return;
  // Closed at first so the page opens on the essentials; aeplay.showInside() opens it from JS.
  if (c.ui.inside.open_request) {
    ImGui::SetNextItemOpen(*c.ui.inside.open_request, ImGuiCond_Always);
    c.ui.inside.open_request.reset();
  }
  // The tangent tab asks for the pixel PCA (and computes tangents) only while it is drawn.
  c.ui.inside.tangents_drawn = false;
  c.latent.want_pixel_pca(false);
  if (!ImGui::CollapsingHeader("Inside the model: filters, code, samples, tangents, search")) return;
  if (!ImGui::BeginTabBar("inside")) return;
  const bool vae = ae::family_info(m->spec().family).variational;  // samples from the prior
  if (vae && ImGui::BeginTabItem("Samples")) {
    samples_tab(c, width);
    ImGui::EndTabItem();
  }
  if (vae && ImGui::BeginTabItem("Latent grid")) {
    grid_tab(c, width);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("Filters")) {
    filters_tab(c, width);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("Code")) {
    code_tab(c.pg, *m);
    ImGui::EndTabItem();
  }
  const ImGuiTabItemFlags select = c.ui.inside.select_tangents ? ImGuiTabItemFlags_SetSelected : 0;
  c.ui.inside.select_tangents = false;
  if (ImGui::BeginTabItem("Tangent plane", nullptr, select)) {
    tangent_tab(c, width);
    ImGui::EndTabItem();
  }
  const ImGuiTabItemFlags select_search = c.ui.inside.select_search ? ImGuiTabItemFlags_SetSelected : 0;
  c.ui.inside.select_search = false;
  if (ImGui::BeginTabItem("Search", nullptr, select_search)) {
    search_tab(c, width);
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace aeplay
