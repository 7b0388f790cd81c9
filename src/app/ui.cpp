#include "ui.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "error.h"
#include "family_panel.h"
#include "host.h"
#include "latent_panel.h"
#include "presets.h"
#include "platform.h"

namespace aeplay {

namespace {

// The families the page can train (the deep hinton2006 and the stacked preset are CLI-only: too slow
// here, and greedy pretraining is not step-wise).
const std::vector<const ae::Preset*>& page_presets() {
  static const std::vector<const ae::Preset*> list = [] {
    std::vector<const ae::Preset*> v;
    for (const auto& p : ae::presets())
      if (p.name != "hinton2006" && p.name != "stacked" && p.name != "vae-32d") v.push_back(&p);
    return v;
  }();
  return list;
}
const int kHiddenSizes[] = {64, 128, 256, 512};
const char* kActivations[] = {"relu", "leakyrelu", "sigmoid", "tanh"};
const char* kNoiseLabels[] = {"none", "Gaussian", "masking", "salt & pepper", "dropout"};
const int kBatchSizes[] = {16, 32, 64, 128, 256};
const int kDataSizes[] = {1000, 5000, 10000, 20000, 60000};
// Training time per frame: what is left of a 30 frames/s frame (33 ms) after drawing, within [8, 24] ms,
// so fast GPUs train most of the frame and slow (software) rendering still keeps the page responsive.
double training_budget_ms(double frame_ms, double train_ms) {
  const double render_ms = std::max(0.0, frame_ms - train_ms);
  return std::clamp(28.0 - render_ms, 8.0, 24.0);
}

const ImVec4 kMuted(0.65f, 0.65f, 0.7f, 1.0f);
const ImVec4 kError(1.0f, 0.45f, 0.45f, 1.0f);
const ImVec4 kGood(0.5f, 0.85f, 0.55f, 1.0f);

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextUnformatted(title);
  ImGui::Separator();
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

// Level slider range per noise type: σ for Gaussian, a probability for the others.
float max_level(ae::NoiseKind k) { return k == ae::NoiseKind::Gaussian ? 1.0f : 0.9f; }

void notices_bar(Playground& pg) {
  for (size_t i = 0; i < pg.notices().size(); ++i) {
    const Notice& n = pg.notices()[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::SmallButton("x")) {
      pg.dismiss_notice(i);
      ImGui::PopID();
      break;
    }
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, n.error ? kError : kMuted);
    ImGui::TextWrapped("%s", n.text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
}

void draw_panel(Playground& pg, UiState& ui, const Platform& p, float width) {
  section("1  Draw a digit");
  const float side = std::floor(std::min(width, 320.0f));
  Drawing& d = pg.drawing();
  // The canvas shows the ink while drawing, and the MNIST digit itself while a test digit is the input.
  const bool showing_digit = pg.source() == InputSource::TestDigit;
  if (showing_digit) {
    ui.canvas.set_pixels(pg.clean().data(), 28, 28);  // 784 floats: cheap enough to upload every frame
    ui.canvas_version = -1;
  } else if (ui.canvas_version != d.version()) {
    ui.canvas.set_pixels(d.ink().data(), Drawing::kSize, Drawing::kSize);
    ui.canvas_version = d.version();
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ui.canvas.show(ui.renderer, ImVec2(side, side), p.pixel_ratio, {ColorMap::Grey, 0.0f, 1.0f});
  ImGui::GetWindowDrawList()->AddRect(origin, ImVec2(origin.x + side, origin.y + side), IM_COL32(90, 90, 110, 255));
  const char* hint = showing_digit ? "draw here to replace this MNIST digit"
                                   : d.empty() ? "draw a digit here (mouse or finger)" : nullptr;
  if (hint)
    ImGui::GetWindowDrawList()->AddText(ImVec2(origin.x + 10, origin.y + 8), IM_COL32(150, 150, 170, 255), hint);

  // Strokes: start on a press over the canvas, follow the pointer until release (even outside it).
  const ImGuiIO& io = ImGui::GetIO();
  const float x = (io.MousePos.x - origin.x) / side, y = (io.MousePos.y - origin.y) / side;
  if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    if (pg.source() != InputSource::Drawing) d.clear();  // a fresh drawing replaces the test digit
    pg.use_drawing();
    d.begin_stroke(x, y);
    ui.drawing_active = true;
  } else if (ui.drawing_active && io.MouseDown[0]) {
    d.extend_stroke(x, y);
  } else if (ui.drawing_active) {
    d.end_stroke();
    ui.drawing_active = false;
  }

  if (ImGui::Button("Clear")) { d.clear(); pg.use_drawing(); }
  ImGui::SameLine();
  if (ImGui::Button("Undo")) { d.undo(); pg.use_drawing(); }
  ImGui::SameLine();
  if (ImGui::Button("Random test digit")) {
    if (pg.random_test_digit() < 0) pg.notify("The MNIST test set is still loading.");
  }
  if (pg.source() == InputSource::TestDigit && pg.test_set().size() > 0)
    ImGui::TextColored(kMuted, "input: MNIST test digit #%d (label %d)", pg.test_digit(),
                       pg.test_set().labels.empty() ? -1 : pg.test_set().labels[static_cast<size_t>(pg.test_digit())]);
  else
    ImGui::TextColored(kMuted, "input: your drawing, cropped, scaled to 20x20, centred by mass");
}

void noise_panel(Playground& pg) {
  section("2  Corrupt it");
  ae::NoiseSpec n = pg.noise();
  int kind = static_cast<int>(n.kind);
  const float w = std::min(ImGui::GetContentRegionAvail().x - 80.0f, 220.0f);
  ImGui::SetNextItemWidth(w);
  if (ImGui::Combo("noise", &kind, kNoiseLabels, IM_ARRAYSIZE(kNoiseLabels))) {
    n.kind = static_cast<ae::NoiseKind>(kind);
    n.level = std::min(n.level, max_level(n.kind));
    if (n.kind != ae::NoiseKind::None && n.level == 0) n.level = 0.3f;
  }
  if (n.kind != ae::NoiseKind::None) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat(n.kind == ae::NoiseKind::Gaussian ? "sigma" : "fraction", &n.level, 0.0f, max_level(n.kind),
                       "%.2f");
  }
  pg.set_noise(n);
  if (ImGui::Button("Re-seed")) pg.set_seed(pg.seed() + 1);
  ImGui::SameLine();
  ImGui::TextColored(kMuted, "seed %llu", static_cast<unsigned long long>(pg.seed()));
  help_marker("The same seed gives the same noise pattern, so a link reproduces exactly what you see.");
}

void image_with_caption(ImageView& view, const UiState& ui, const Platform& p, const std::vector<float>& pixels,
                        float side, ColorMap cmap, const char* caption) {
  ImGui::BeginGroup();
  view.set_pixels(pixels.data(), 28, 28);
  view.show(ui.renderer, ImVec2(side, side), p.pixel_ratio, {cmap, 0.0f, 1.0f});
  ImGui::TextColored(kMuted, "%s", caption);
  ImGui::EndGroup();
}

void outputs_panel(Playground& pg, UiState& ui, const Platform& p, float width) {
  section("3  See what the autoencoder makes of it");
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float side = std::floor(std::clamp((width - 3 * spacing) / 4.0f, 56.0f, 168.0f));
  image_with_caption(ui.clean, ui, p, pg.clean(), side, ColorMap::Grey, "clean input");
  ImGui::SameLine();
  image_with_caption(ui.corrupted, ui, p, pg.corrupted(), side, ColorMap::Grey, "corrupted");
  ImGui::SameLine();
  image_with_caption(ui.reconstruction, ui, p, pg.reconstruction(), side, ColorMap::Grey, "reconstruction");
  ImGui::SameLine();
  image_with_caption(ui.error, ui, p, pg.error_map(), side, ColorMap::Inferno, "|error|");

  const Metrics& m = pg.metrics();
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
      if (std::isfinite(psnr)) ImGui::Text("%.1f dB", psnr); else ImGui::TextUnformatted("exact");
    };
    row("corrupted", m.corrupted_mse, m.corrupted_psnr);
    if (m.has_reconstruction) row("reconstruction", m.reconstruction_mse, m.reconstruction_psnr);
    ImGui::EndTable();
  }
  if (!m.has_reconstruction) ImGui::TextColored(kMuted, "no model loaded yet");
}

void model_panel(Playground& pg, UiState& ui, bool compact) {
  section("Model");
  std::string current = pg.current_model_label();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 330.0f));
  if (ImGui::BeginCombo("##model", current.c_str())) {
    for (const auto& m : pg.models()) {
      const std::string label = m.model ? m.label : m.label + "  (loads when chosen)";
      if (ImGui::Selectable(label.c_str(), m.id == pg.current_model_id())) {
        if (m.model) {
          pg.select_model(m.id);
        } else {
          ui.pending_model = m.id;
          host::request_model(m.id);  // arrives through aeplay_add_model, selected then
        }
      }
    }
    if (pg.has_trained_model() &&
        ImGui::Selectable("your model (trained here)", pg.current_model_id() == Playground::kTrainedId))
      pg.select_model(Playground::kTrainedId);
    ImGui::EndCombo();
  }
  if (!ui.pending_model.empty() && !pg.is_loaded(ui.pending_model))
    ImGui::TextColored(kMuted, "loading %s...", ui.pending_model.c_str());
  if (const ae::Autoencoder* model = pg.current_model()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kMuted, "%s", model->spec().describe().c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextColored(kMuted, "%zu parameters", model->parameters().size());
    for (const auto& m : pg.models())
      if (m.id == pg.current_model_id())
        ImGui::TextColored(kMuted, "trained with noise %s", ae::to_string(m.file.trained_noise).c_str());
  }
  if (compact) return;
  if (ImGui::Button("Load model file...")) host::request_model_file();
  help_marker("A .aep file written by `aeplay train` or downloaded from this page. A bad file is refused "
              "with a message; the current model stays.");
  ImGui::SameLine();
  if (ImGui::Button("Download model")) {
    std::vector<uint8_t> bytes = pg.current_model_bytes();
    if (bytes.empty()) pg.notify("There is no model to download yet.");
    else host::download(pg.current_model_id() + ".aep", bytes);
  }
}

// The live loss curve: training loss (smoothed, every 10 batches) and the test loss at each epoch end.
void loss_plot(const TrainingSession& t, float width) {
  const std::vector<float>& curve = t.curve_loss();
  const auto& hist = t.history();
  const float height = 120.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1(p0.x + width, p0.y + height);
  dl->AddRectFilled(p0, p1, IM_COL32(28, 28, 36, 255));
  if (curve.size() < 2 && hist.empty()) {
    dl->AddText(ImVec2(p0.x + 8, p0.y + 8), IM_COL32(140, 140, 160, 255), "loss curve appears here");
    return;
  }
  float lo = 1e30f, hi = -1e30f;
  for (float v : curve) lo = std::min(lo, v), hi = std::max(hi, v);
  for (const auto& h : hist)
    if (std::isfinite(h.test_loss)) lo = std::min(lo, float(h.test_loss)), hi = std::max(hi, float(h.test_loss));
  if (hi <= lo) hi = lo + 1;
  const long batches_per_epoch = std::max<long>(1, t.progress().batches_per_epoch);
  // x axis in batches; curve points are every 10 batches.
  const float total = std::max<float>(static_cast<float>(curve.size()) * 10.0f,
                                      static_cast<float>(hist.size() * batches_per_epoch));
  auto X = [&](float batches) { return p0.x + 4 + (width - 8) * batches / std::max(total, 1.0f); };
  auto Y = [&](float v) { return p1.y - 6 - (height - 20) * (v - lo) / (hi - lo); };
  for (size_t i = 1; i < curve.size(); ++i)
    dl->AddLine(ImVec2(X(i * 10.0f), Y(curve[i - 1])), ImVec2(X((i + 1) * 10.0f), Y(curve[i])),
                IM_COL32(110, 170, 255, 255), 1.5f);
  for (size_t i = 0; i < hist.size(); ++i)
    if (std::isfinite(hist[i].test_loss)) {
      ImVec2 c(X(static_cast<float>((i + 1) * batches_per_epoch)), Y(static_cast<float>(hist[i].test_loss)));
      dl->AddCircleFilled(c, 4.0f, IM_COL32(255, 170, 60, 255));
      if (i > 0 && std::isfinite(hist[i - 1].test_loss))
        dl->AddLine(ImVec2(X(static_cast<float>(i * batches_per_epoch)), Y(static_cast<float>(hist[i - 1].test_loss))), c,
                    IM_COL32(255, 170, 60, 200), 1.5f);
    }
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.2f", hi);
  dl->AddText(ImVec2(p0.x + 6, p0.y + 2), IM_COL32(150, 150, 170, 255), buf);
  std::snprintf(buf, sizeof buf, "%.2f", lo);
  dl->AddText(ImVec2(p0.x + 6, p1.y - 16), IM_COL32(150, 150, 170, 255), buf);
  dl->AddText(ImVec2(p1.x - 190, p0.y + 2), IM_COL32(110, 170, 255, 255), "train");
  dl->AddText(ImVec2(p1.x - 140, p0.y + 2), IM_COL32(255, 170, 60, 255), "test (per epoch)");
}

// Loads a family's defaults into the form.
void apply_preset(TrainForm& f, int index) {
  const ae::Preset& p = *page_presets()[static_cast<size_t>(index)];
  f.family = index;
  f.code = p.spec.latent_size();
  f.penalty_weight = p.spec.penalty_weight;
  f.rho = p.spec.sparsity_target;
  f.beta = p.spec.beta;
  f.noise_kind = static_cast<int>(p.train.noise.kind);
  if (p.train.noise.kind != ae::NoiseKind::None) f.noise_level = p.train.noise.level;
  f.lr = p.train.optim.lr;
  for (int i = 0; i < IM_ARRAYSIZE(kActivations); ++i)
    if (ae::to_string(p.spec.hidden) == std::string(kActivations[i])) f.activation = i;
}

void train_panel(Playground& pg, UiState& ui, float width) {
  section("Train your own (in this page, on MNIST)");
  TrainingSession& t = pg.training;
  TrainForm& f = ui.form;
  const bool busy = t.state() == TrainState::Running || t.state() == TrainState::Paused;
  ImGui::BeginDisabled(busy);
  const float w = std::min(width * 0.5f, 260.0f);
  const auto& families = page_presets();
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("family", families[static_cast<size_t>(f.family)]->name.c_str())) {
    for (int i = 0; i < static_cast<int>(families.size()); ++i) {
      if (ImGui::Selectable(families[static_cast<size_t>(i)]->name.c_str(), i == f.family)) apply_preset(f, i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", families[static_cast<size_t>(i)]->summary.c_str());
    }
    ImGui::EndCombo();
  }
  const ae::Preset& preset = *families[static_cast<size_t>(f.family)];
  ImGui::SameLine();
  help_marker(preset.summary.c_str());
  const bool has_hidden = preset.spec.family != ae::Family::Conv && preset.spec.sizes.size() > 2;
  if (has_hidden) {
    char hidden_label[16];
    std::snprintf(hidden_label, sizeof hidden_label, "%d", kHiddenSizes[f.hidden]);
    ImGui::SetNextItemWidth(w * 0.45f);
    if (ImGui::BeginCombo("hidden", hidden_label)) {
      for (int i = 0; i < IM_ARRAYSIZE(kHiddenSizes); ++i) {
        std::snprintf(hidden_label, sizeof hidden_label, "%d", kHiddenSizes[i]);
        if (ImGui::Selectable(hidden_label, i == f.hidden)) f.hidden = i;
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
  }
  ImGui::SetNextItemWidth(has_hidden ? w * 0.35f : w);
  ImGui::SliderInt("code size", &f.code, 2, preset.name.rfind("overcomplete", 0) == 0 ? 1000 : 64);
  if (preset.spec.hidden != ae::Activation::Identity) {
    ImGui::SetNextItemWidth(w);
    ImGui::Combo("activation", &f.activation, kActivations, IM_ARRAYSIZE(kActivations));
  }
  if (preset.spec.penalty != ae::Penalty::None) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat(preset.spec.penalty == ae::Penalty::KL ? "sparsity weight (beta)" : "penalty weight (lambda)",
                       &f.penalty_weight, 1e-3f, 10.0f, "%.3f", ImGuiSliderFlags_Logarithmic);
  }
  if (preset.spec.penalty == ae::Penalty::KL) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat("sparsity target (rho)", &f.rho, 0.01f, 0.5f, "%.2f");
  }
  if (preset.spec.family == ae::Family::Vae) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat("KL weight (beta)", &f.beta, 0.0f, 4.0f, "%.2f");
  }
  ImGui::SetNextItemWidth(w * 0.6f);
  ImGui::Combo("##trainnoise", &f.noise_kind, kNoiseLabels, IM_ARRAYSIZE(kNoiseLabels));
  if (f.noise_kind != 0) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 0.4f - ImGui::GetStyle().ItemSpacing.x);
    ImGui::SliderFloat("##trainlevel", &f.noise_level, 0.0f, max_level(static_cast<ae::NoiseKind>(f.noise_kind)), "%.2f");
  }
  ImGui::SameLine();
  ImGui::TextUnformatted("training noise");
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat("learning rate", &f.lr, 1e-4f, 1e-1f, "%.4f", ImGuiSliderFlags_Logarithmic);
  char batch_label[16];
  std::snprintf(batch_label, sizeof batch_label, "%d", kBatchSizes[f.batch]);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("batch size", batch_label)) {
    for (int i = 0; i < IM_ARRAYSIZE(kBatchSizes); ++i) {
      std::snprintf(batch_label, sizeof batch_label, "%d", kBatchSizes[i]);
      if (ImGui::Selectable(batch_label, i == f.batch)) f.batch = i;
    }
    ImGui::EndCombo();
  }
  char data_label[32];
  std::snprintf(data_label, sizeof data_label, "%d images", kDataSizes[f.data]);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("training data", data_label)) {
    for (int i = 0; i < IM_ARRAYSIZE(kDataSizes); ++i) {
      std::snprintf(data_label, sizeof data_label, "%d images", kDataSizes[i]);
      if (ImGui::Selectable(data_label, i == f.data)) f.data = i;
    }
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("epochs", &f.epochs, 1, 50);
  ImGui::EndDisabled();

  if (!busy) {
    if (ImGui::Button(t.model() ? "Train a new model" : "Train")) {
      if (t.model()) ui.confirm_replace = true;
      else start_training(pg, ui);
    }
    if (ui.start_when_data_arrives) {
      ImGui::SameLine();
      ImGui::TextColored(kMuted, "loading the MNIST training set...");
    }
  } else {
    if (t.state() == TrainState::Running ? ImGui::Button("Pause") : ImGui::Button("Resume")) {
      if (t.state() == TrainState::Running) {
        t.pause();
        persist_trained(pg);
      } else {
        t.resume();
      }
    }
  }
  if (t.model()) {
    ImGui::SameLine();
    if (ImGui::Button("Discard model...")) ui.confirm_discard = true;
  }

  if (ui.confirm_replace) ImGui::OpenPopup("Replace your model?");
  if (ImGui::BeginPopupModal("Replace your model?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("Training a new model replaces the one you trained.\nDownload it first to keep it.");
    if (ImGui::Button("Download it")) host::download("my-autoencoder.aep", ae::serialize_model(ae::make_model_file(
                                                         *t.model(), t.settings().noise, "trained in the aeplay playground")));
    ImGui::SameLine();
    if (ImGui::Button("Replace")) {
      ui.confirm_replace = false;
      start_training(pg, ui);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) { ui.confirm_replace = false; ImGui::CloseCurrentPopup(); }
    ImGui::EndPopup();
  }
  if (ui.confirm_discard) ImGui::OpenPopup("Discard your model?");
  if (ImGui::BeginPopupModal("Discard your model?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("This deletes the model you trained and its loss history,\nalso from this browser's storage.");
    if (ImGui::Button("Discard")) {
      if (pg.current_model_id() == Playground::kTrainedId && !pg.models().empty()) pg.select_model(pg.models()[0].id);
      t.discard();
      host::forget_trained();
      ui.confirm_discard = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Keep it")) { ui.confirm_discard = false; ImGui::CloseCurrentPopup(); }
    ImGui::EndPopup();
  }

  const ae::TrainProgress& pr = t.progress();
  if (t.state() != TrainState::Idle) {
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%s  epoch %d/%d", to_string(t.state()),
                  std::min(pr.epoch + (pr.done ? 0 : 1), pr.epochs), pr.epochs);
    ImGui::ProgressBar(static_cast<float>(pr.done ? 1.0 : pr.fraction()), ImVec2(width, 0), overlay);
    ImGui::TextColored(kMuted, "%.0f samples/s   train loss %.3f   ", t.samples_per_second(), pr.running_loss);
    if (!t.history().empty() && std::isfinite(t.history().back().test_loss)) {
      ImGui::SameLine();
      ImGui::TextColored(kMuted, "test loss %.3f", t.history().back().test_loss);
    }
    if (t.state() == TrainState::Failed) ImGui::TextColored(kError, "%s", t.failure().c_str());
    if (t.state() == TrainState::Running && host::tab_hidden())
      ImGui::TextColored(kMuted, "training pauses while this tab is in the background");
  }
  loss_plot(t, width);
  ImGui::TextColored(kMuted, "loss = squared error per image (sum over 784 pixels)");
}

}  // namespace

std::string history_json(const TrainingSession& t) {
  std::string s = "{\"epochs\":[";
  char buf[96];
  for (size_t i = 0; i < t.history().size(); ++i) {
    const auto& h = t.history()[i];
    std::snprintf(buf, sizeof buf, "%s[%d,%.6g,%.6g]", i ? "," : "", h.epoch, h.train_loss,
                  std::isfinite(h.test_loss) ? h.test_loss : -1.0);
    s += buf;
  }
  s += "],\"curve\":[";
  for (size_t i = 0; i < t.curve_loss().size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%.5g", i ? "," : "", static_cast<double>(t.curve_loss()[i]));
    s += buf;
  }
  return s + "]}";
}

void persist_trained(Playground& pg) {
  const TrainingSession& t = pg.training;
  if (!t.model()) return;
  host::save_trained(ae::serialize_model(ae::make_model_file(*t.model(), t.settings().noise,
                                                             "trained in the aeplay playground")),
                     history_json(t));
}

void start_training(Playground& pg, UiState& ui) {
  const TrainForm& f = ui.form;
  if (pg.train_set().size() < kDataSizes[f.data]) {
    ui.start_when_data_arrives = true;
    host::request_train_set();
    return;
  }
  ui.start_when_data_arrives = false;
  const ae::Preset& preset = *page_presets()[static_cast<size_t>(f.family)];
  TrainSettings s = settings_for_preset(preset, f.code);
  if (s.model.family != ae::Family::Conv)
    for (size_t i = 1; i + 1 < s.model.sizes.size(); ++i) s.model.sizes[i] = kHiddenSizes[f.hidden];
  if (preset.spec.hidden != ae::Activation::Identity) {
    s.model.hidden = ae::parse_activation(kActivations[f.activation]);
    // The code keeps the family's activation where it matters (sigmoid for KL sparsity and the contractive
    // penalty, linear for the conv code and the VAE's μ); otherwise it follows the hidden layers.
    if (preset.spec.latent == preset.spec.hidden && preset.spec.penalty != ae::Penalty::KL &&
        preset.spec.penalty != ae::Penalty::Contractive)
      s.model.latent = s.model.hidden;
  }
  s.model.penalty_weight = f.penalty_weight;
  s.model.sparsity_target = f.rho;
  s.model.beta = f.beta;
  s.noise = {static_cast<ae::NoiseKind>(f.noise_kind), f.noise_kind ? f.noise_level : 0.0f, true};
  s.lr = f.lr;
  s.batch = kBatchSizes[f.batch];
  s.train_images = kDataSizes[f.data];
  s.epochs = f.epochs;
  s.seed = pg.seed();
  try {
    pg.training.start(s, pg.train_set(), pg.test_set());
    pg.select_model(Playground::kTrainedId);
  } catch (const ae::Error& e) {
    pg.notify(std::string("Training not started: ") + e.what(), true);
  } catch (const std::bad_alloc&) {
    pg.notify("Training not started: not enough memory for this much data; choose fewer images.", true);
  }
}

void draw_ui(Playground& pg, UiState& ui, const Platform& p) {
  // Train first, within the frame budget, then show the state it left.
  const ImGuiIO& io = ImGui::GetIO();
  ui.frame_ms = 0.9 * ui.frame_ms + 0.1 * (1000.0 * io.DeltaTime);
  if (pg.training.state() == TrainState::Running) {
    const auto t0 = std::chrono::steady_clock::now();
    pg.training.advance(training_budget_ms(ui.frame_ms, ui.train_ms));
    const double spent = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ui.train_ms = 0.9 * ui.train_ms + 0.1 * spent;
    if (pg.training.epoch_just_finished()) persist_trained(pg);
    if (pg.training.state() == TrainState::Failed) {
      pg.notify("Training stopped: " + pg.training.failure(), true);
      persist_trained(pg);  // the restored last good weights are the model now: keep them
    }
  }
  pg.update();

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("aeplay", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);

  if (!ui.page.embed) {
    ImGui::TextUnformatted("aeplay");
    ImGui::SameLine();
    ImGui::TextColored(kMuted, "autoencoder playground: draw, corrupt, reconstruct, train");
    ImGui::SameLine(std::max(ImGui::GetWindowWidth() - 150.0f, 0.0f));
    ImGui::TextColored(kMuted, "%.0f frames/s", io.Framerate);
  }
  notices_bar(pg);

  const float avail = ImGui::GetContentRegionAvail().x;
  const bool two_columns = avail >= 900.0f;
  const bool show_training = !ui.page.embed && !ui.page.hide_training;
  if (two_columns && ImGui::BeginTable("layout", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("left", ImGuiTableColumnFlags_WidthFixed, std::min(340.0f, avail * 0.35f));
    ImGui::TableSetupColumn("right", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableNextColumn();
    draw_panel(pg, ui, p, ImGui::GetContentRegionAvail().x);
    noise_panel(pg);
    model_panel(pg, ui, ui.page.embed);
    ImGui::TableNextColumn();
    const float right = ImGui::GetContentRegionAvail().x;
    outputs_panel(pg, ui, p, right);
    if (!ui.page.embed) inside_model_panel(pg, ui, p, right);
    if (show_training) train_panel(pg, ui, right);
    ImGui::EndTable();
  } else {
    draw_panel(pg, ui, p, avail);
    noise_panel(pg);
    outputs_panel(pg, ui, p, avail);
    model_panel(pg, ui, ui.page.embed);
    if (!ui.page.embed) inside_model_panel(pg, ui, p, avail);
    if (show_training) train_panel(pg, ui, avail);
  }
  latent_panel(pg, ui, p, ImGui::GetContentRegionAvail().x);  // full width, below both layouts (latent_panel.h)

  // Keep the address bar in step with what is shown, so the link reproduces it.
  PageSettings now = ui.page;
  const std::string& shown = pg.current_model_id();
  now.model = shown.empty() || shown.rfind("file:", 0) == 0 ? ui.page.model : shown;  // uploads have no URL
  now.noise = pg.noise();
  now.seed = pg.seed();
  now.digit = pg.source() == InputSource::TestDigit ? pg.test_digit() : -1;
  const std::string q = to_query(now);
  if (q != ui.last_query && !ImGui::IsAnyItemActive()) {
    host::set_url_query(q);
    ui.last_query = q;
  }
  ImGui::End();
}

}  // namespace aeplay
