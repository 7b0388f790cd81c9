// "Data": which data set the playground shows and trains on (MNIST digits, Fashion-MNIST, my set), and my set
// itself: add the input or uploaded images under a class, see them as a grid, remove, download, load.
#include <algorithm>
#include <string>

#include "core/user_set.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
constexpr int kGridCols = 10, kGridPage = 100;  // my set's grid: 10 x 10 images a page
constexpr const char* kFitLabels[] = {"MNIST-style (centre the ink)", "plain (whole image)"};
constexpr const char* kFitNames[] = {"mnist", "plain"};
constexpr const char* kInvertLabels[] = {"invert: auto", "invert: yes", "invert: no"};
constexpr const char* kInvertNames[] = {"auto", "yes", "no"};

std::string dataset_label(const Playground& pg, const std::string& id) {
  if (id != Playground::kUserSetId) return Playground::dataset_title(id);
  return "my set (" + std::to_string(pg.user_set().size()) + " images)";
}

void dataset_selector(PanelContext& c) {
  const std::string current = dataset_label(c.pg, c.pg.dataset());
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 260.0f));
  if (ImGui::BeginCombo("##dataset", current.c_str())) {
    for (const std::string& id : Playground::dataset_ids())
      if (ImGui::Selectable(dataset_label(c.pg, id).c_str(), id == c.pg.dataset()))
        switch_dataset(c.pg, c.ui, c.host, id);
    ImGui::EndCombo();
  }
  record_item(c.ui.layout.views, "dataset");
  ImGui::PushTextWrapPos(0.0f);
  if (const auto* named = ae::find_named_dataset(c.pg.dataset()))
    ImGui::TextColored(muted(), "%s", named->source);
  else
    ImGui::TextColored(muted(), "Your own images: the model trains on all of them, and they are its test set too.");
  ImGui::PopTextWrapPos();
}

void class_field(PanelContext& c) {
  DataPanelState& s = c.ui.data;
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.5f, 160.0f));
  ImGui::InputText("class", s.class_name, std::min(sizeof s.class_name, UserSet::kMaxClassNameBytes + 1));
  const auto& classes = c.pg.user_set().classes();
  if (!classes.empty()) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFrameHeight() * 4);
    if (ImGui::BeginCombo("##classes", "pick", ImGuiComboFlags_None)) {
      for (const auto& name : classes)
        if (ImGui::Selectable(name.c_str())) std::snprintf(s.class_name, sizeof s.class_name, "%s", name.c_str());
      ImGui::EndCombo();
    }
  }
}

void add_controls(PanelContext& c) {
  DataPanelState& s = c.ui.data;
  class_field(c);
  if (ImGui::Button("Add this input to my set")) {
    const std::string err = c.pg.add_input_to_user_set(s.class_name);
    if (err.empty()) host::save_user_set(c.pg.user_set().to_npz(), c.host);
    else c.pg.notify("Not added to my set: " + err, true);
  }
  help_marker("The input as the playground shows it: your drawing (centred the MNIST way) or the test image.");
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.6f, 220.0f));
  ImGui::Combo("##fit", &s.fit, kFitLabels, IM_ARRAYSIZE(kFitLabels));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("invert: auto").x + ImGui::GetFrameHeight() * 2);
  ImGui::Combo("##invert", &s.invert, kInvertLabels, IM_ARRAYSIZE(kInvertLabels));
  if (ImGui::Button("Upload images...")) host::request_image_files(c.host);
  help_marker("PNG or JPEG files of any size, many at once: each becomes a 28x28 grey image of the class above "
              "(at most 2000 images in the set, 16 MiB and 4096x4096 pixels per file). Dark ink on light paper "
              "is inverted to MNIST's light on black when 'invert: auto' sees a light border.");
}

// My set's grid, a page of 100 at a time; a click selects an image.
void user_set_grid(PanelContext& c, float width) {
  DataPanelState& s = c.ui.data;
  const UserSet& set = c.pg.user_set();
  const int pages = std::max(1, int((set.size() + kGridPage - 1) / kGridPage));
  s.page = std::clamp(s.page, 0, pages - 1);
  if (s.grid_version != set.version() || s.grid_page_built != s.page) {
    const size_t first = size_t(s.page) * kGridPage, n = std::min(set.size() - std::min(set.size(), first), size_t(kGridPage));
    ae::Mat images(kPixels, ae::Index(n));
    for (size_t j = 0; j < n; ++j) images.col(ae::Index(j)) = set.image(first + j);
    s.grid_tiles = tile_images(images, {kGridCols, 1, 0.15f, false});
    s.grid_version = set.version(), s.grid_page_built = s.page;
  }
  if (set.size() == 0) {
    ImGui::TextColored(muted(), "My set is empty: draw something and add it, or upload images.");
    return;
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  show_tiles(s.grid, c.ui.renderer, c.platform.pixel_ratio, s.grid_tiles, width, 420.0f);
  const ImVec2 size = ImGui::GetItemRectSize();
  s.grid_rect = {origin.x, origin.y, size.x, size.y};
  const float cell = size.x / float(s.grid_tiles.w) * float(kImageSide + 1);
  if (ImGui::IsItemClicked()) {
    const ImVec2 m = ImGui::GetMousePos();
    const int col = int((m.x - origin.x) / cell), row = int((m.y - origin.y) / cell);
    const int index = s.page * kGridPage + row * kGridCols + col;
    s.selected = col < kGridCols && index < int(set.size()) ? index : -1;
  }
  if (s.selected >= s.page * kGridPage && s.selected < (s.page + 1) * kGridPage && s.selected < int(set.size())) {
    const int k = s.selected - s.page * kGridPage;
    const ImVec2 a(origin.x + float(k % kGridCols) * cell, origin.y + float(k / kGridCols) * cell);
    ImGui::GetWindowDrawList()->AddRect(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(255, 200, 60, 255), 0, 0, 2.0f);
    ImGui::Text("image %d: class %s", s.selected + 1, set.classes()[set.labels()[size_t(s.selected)]].c_str());
    ImGui::SameLine();
    if (ImGui::Button("Remove")) {
      c.pg.remove_from_user_set(size_t(s.selected));
      host::save_user_set(set.to_npz(), c.host);
      s.selected = -1;
    }
  }
  if (pages > 1) {
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) --s.page;
    ImGui::SameLine();
    ImGui::Text("page %d of %d", s.page + 1, pages);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) ++s.page;
  }
}

void file_buttons(PanelContext& c) {
  if (ImGui::Button("Download my set (.npz)")) host::download("my-set.npz", c.pg.user_set().to_npz(), c.host);
  ImGui::SameLine();
  if (ImGui::Button("Load a set...")) host::request_user_set_file(c.host);
  help_marker("One .npz file: 'images' (N x 28 x 28, values 0..1) and 'labels' (N), the class names in its "
              "metadata; numpy.load reads it. Loading one replaces my set.");
}
}  // namespace

void switch_dataset(Playground& pg, UiState& ui, host::Listener& host, const std::string& id) {
  if (id == pg.dataset()) return;
  const std::string err = pg.set_dataset(id);
  if (!err.empty()) {
    pg.notify("Data set not changed: " + err, true);
    return;
  }
  ui.train.start_when_data_arrives = false;
  ui.page.digit = -1;  // the URL's digit= named an image of the first data set
  ui.page.dataset = id;
  if (!pg.dataset_is_user_set()) host::request_dataset_split(id, false, host);
}

void data_panel(PanelContext& c, float width) {
  section("Data");
  dataset_selector(c);
  const std::string title = "My set (" + std::to_string(c.pg.user_set().size()) + " images)###myset";
  if (!ImGui::CollapsingHeader(title.c_str(), c.pg.dataset_is_user_set() ? ImGuiTreeNodeFlags_DefaultOpen : 0)) return;
  add_controls(c);
  user_set_grid(c, width);
  file_buttons(c);
}

const char* image_fit_name(int index) { return kFitNames[std::clamp(index, 0, 1)]; }
const char* image_invert_name(int index) { return kInvertNames[std::clamp(index, 0, 2)]; }

}  // namespace aeplay
