// "Inside the model", search tab: the images nearest to the current input by the method and the bits the user
// chooses (core/search_view.h), as a grid with their labels, and the time the query took. Computed only while
// the tab is drawn; the training set is asked for when the tab first opens (the test set is searched until it
// arrives).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
constexpr int kBitChoices[] = {16, 32, 64};
constexpr const char* kMethodLabels[ae::kSearchMethodCount] = {"pixels", "PCA codes", "model codes",
                                                               "binary codes (Hamming)", "random hyperplanes"};

void method_controls(InsidePanelState& s, const ae::Autoencoder& m) {
  for (int i = 0; i < ae::kSearchMethodCount; ++i) {
    if (i > 0) ImGui::SameLine();
    ImGui::RadioButton(kMethodLabels[i], &s.search_method, i);
  }
  const auto method = static_cast<ae::SearchMethod>(s.search_method);
  if (method == ae::SearchMethod::Pca || method == ae::SearchMethod::Hyperplanes) {
    ImGui::TextUnformatted("bits:");
    for (int b : kBitChoices) {
      ImGui::SameLine();
      ImGui::RadioButton(std::to_string(b).c_str(), &s.search_bits, b);
    }
  } else if (ae::method_needs_model(method)) {
    const bool sigmoid = m.spec().family != ae::Family::Vae && m.spec().latent == ae::Activation::Sigmoid;
    ImGui::TextColored(muted(), "the model's %d-unit code%s", m.latent_size(),
                       method != ae::SearchMethod::Binary ? ""
                       : sigmoid                          ? ", each unit cut at 0.5"
                                                          : ", each unit cut at its median (not a sigmoid code)");
  }
}

void ask_for_training_set(PanelContext& c) {
  InsidePanelState& s = c.ui.inside;
  if (c.pg.dataset_is_user_set() || c.pg.train_set().size() > 0 || s.search_asked_for == c.pg.dataset()) return;
  s.search_asked_for = c.pg.dataset();
  host::request_dataset_split(c.pg.dataset(), true, c.host);
}

void results(PanelContext& c, const SearchOutcome& r, float width) {
  InsidePanelState& s = c.ui.inside;
  ImGui::TextColored(muted(), "%s over %s %ld %s images: %.2f ms for this query (the index took %.0f ms to build)%s",
                     kMethodLabels[s.search_method], r.database == "training" ? "the first" : "the",
                     static_cast<long>(r.database_size), r.database.c_str(), r.query_ms, r.build_ms,
                     r.database == "test" && !c.pg.dataset_is_user_set() ? "; the training set is loading" : "");
  show_tiles(s.search_grid, c.ui.renderer, c.platform.pixel_ratio, grid_of(r.images, 8), width, 480.0f);
  const ImVec2 mn = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
  s.search_rect = {mn.x, mn.y, size.x, size.y};
  std::string labels;
  for (int l : r.labels) labels += (labels.empty() ? "" : " ") + (l < 0 ? std::string("?") : std::to_string(l));
  ImGui::TextColored(muted(), "labels, best first: %s", labels.c_str());
}
}  // namespace

void search_tab(PanelContext& c, float width) {
  InsidePanelState& s = c.ui.inside;
  const ae::Autoencoder* m = c.pg.current_model();
  if (!m) return;
  ImGui::PushTextWrapPos(0.0f);
  ask_for_training_set(c);
  method_controls(s, *m);
  SearchRequest request;
  request.method = static_cast<ae::SearchMethod>(std::clamp(s.search_method, 0, ae::kSearchMethodCount - 1));
  request.bits = s.search_bits;
  request.k = 16;
  const SearchOutcome& r = s.search.search(c.pg, request);
  if (r.valid) results(c, r, width);
  else
    ImGui::TextColored(muted(), "%s", r.why.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace aeplay
