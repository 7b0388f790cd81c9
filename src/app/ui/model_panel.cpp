// "Model": the model list (shipped models load when chosen), what the current one is, load and download.
#include <algorithm>
#include <string>

#include "error.h"

#include "core/catalog.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
// What "Download as" offers: the playground's own format and the exports (src/engine/interop).
constexpr const char* kFormats[] = {"aep", "safetensors", "npz", "onnx"};
constexpr const char* kFormatLabels[] = {".aep", ".safetensors", ".npz", ".onnx"};

void download_as(PanelContext& c) {
  int& format = c.ui.model.download_format;
  ImGui::SetNextItemWidth(ImGui::CalcTextSize(".safetensors").x + ImGui::GetFrameHeight() * 2);
  ImGui::Combo("##format", &format, kFormatLabels, IM_ARRAYSIZE(kFormatLabels));
  ImGui::SameLine();
  if (!ImGui::Button("Download")) return;
  try {
    const std::vector<uint8_t> bytes = c.pg.current_model_as(kFormats[format]);
    if (bytes.empty()) c.pg.notify("There is no model to download yet.");
    else host::download(c.pg.current_model_id() + kFormatLabels[format], bytes, c.host);
  } catch (const ae::Error& e) {
    c.pg.notify(std::string("Could not export the model: ") + e.what(), true);
  }
}

// The data set a listed model was trained on: its file says so once loaded, the catalog before that.
std::string model_dataset(const ModelEntry& m) {
  if (m.model) return m.file.dataset == UserSet::kName ? Playground::kUserSetId : m.file.dataset;
  for (const auto& s : shipped_models())
    if (m.id == s.id) return s.dataset;
  return "";
}

void model_list(PanelContext& c) {
  Playground& pg = c.pg;
  const std::string current = pg.current_model_label();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 330.0f));
  if (!ImGui::BeginCombo("##model", current.c_str())) return;
  // The current data set's models first, then the others (a model meeting other images is worth seeing too).
  for (bool own : {true, false}) {
    if (!own) ImGui::TextColored(muted(), "trained on other data:");
    for (const auto& m : pg.models()) {
      if ((model_dataset(m) == pg.dataset()) != own) continue;
      const std::string label = m.model ? m.label : m.label + "  (loads when chosen)";
      if (!ImGui::Selectable(label.c_str(), m.id == pg.current_model_id())) continue;
      if (m.model) {
        pg.select_model(m.id);
      } else {
        c.ui.model.pending_model = m.id;
        host::request_model(m.id, c.host);  // selected when it arrives
      }
    }
  }
  if (pg.has_trained_model() &&
      ImGui::Selectable("your model (trained here)", pg.current_model_id() == Playground::kTrainedId))
    pg.select_model(Playground::kTrainedId);
  ImGui::EndCombo();
}
}  // namespace

void model_panel(PanelContext& c, bool compact) {
  section("Model");
  Playground& pg = c.pg;
  model_list(c);
  const std::string& pending = c.ui.model.pending_model;
  if (!pending.empty() && !pg.is_loaded(pending)) ImGui::TextColored(muted(), "loading %s...", pending.c_str());
  if (const ae::Autoencoder* model = pg.current_model()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(muted(), "%s", model->spec().describe().c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextColored(muted(), "%zu parameters", model->parameters().size());
    if (const ModelEntry* e = pg.current_entry())
      ImGui::TextColored(muted(), "trained with noise %s", ae::to_string(e->file.trained_noise).c_str());
  }
  if (compact) return;
  if (ImGui::Button("Load model file...")) host::request_model_file(c.host);
  help_marker("A .aep file written by `aeplay train` or downloaded from this page, or a .safetensors / .npz "
              "export (also one PyTorch wrote with aeplay's metadata). A bad file is refused with a message; the "
              "current model stays. Download as .aep, .safetensors, .npz (PyTorch / NumPy) or .onnx.");
  download_as(c);
}

}  // namespace aeplay
