// "Train your own": the form (family and its hyperparameters, noise, optimiser, data), the run's buttons
// and confirmations, progress and the loss curve.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/catalog.h"
#include "core/loss_history.h"
#include "ui/loss_plot.h"
#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {

void family_combo(TrainForm& f, float w) {
  const auto& families = page_presets();
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("family", families[static_cast<size_t>(f.family)]->name.c_str())) {
    for (int i = 0; i < static_cast<int>(families.size()); ++i) {
      if (ImGui::Selectable(families[static_cast<size_t>(i)]->name.c_str(), i == f.family)) apply_preset(f, i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", families[static_cast<size_t>(i)]->summary.c_str());
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  help_marker(families[static_cast<size_t>(f.family)]->summary.c_str());
}

// The family's own hyperparameters: only the ones its preset uses.
void family_controls(TrainForm& f, float w) {
  family_combo(f, w);
  const ae::Preset& preset = *page_presets()[static_cast<size_t>(f.family)];
  const ae::FamilyInfo& family = ae::family_info(preset.spec.family);
  const bool has_hidden = family.has(ae::kHiddenLayers) && preset.spec.sizes.size() > 2;
  if (has_hidden) {
    ImGui::SetNextItemWidth(w * 0.45f);
    int_combo("hidden", &f.hidden, kHiddenSizes);
    ImGui::SameLine();
  }
  ImGui::SetNextItemWidth(has_hidden ? w * 0.35f : w);
  ImGui::SliderInt("code size", &f.code, 2, max_code_size(f));
  if (preset.spec.hidden != ae::Activation::Identity) {
    ImGui::SetNextItemWidth(w);
    ImGui::Combo("activation", &f.activation, kActivationNames.data(), static_cast<int>(kActivationNames.size()));
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
  if (family.has(ae::kKlBeta)) {
    ImGui::SetNextItemWidth(w);
    ImGui::SliderFloat("KL weight (beta)", &f.beta, 0.0f, 4.0f, "%.2f");
  }
}

// Noise, optimiser and data: the same for every family.
void run_controls(TrainForm& f, float w) {
  ImGui::SetNextItemWidth(w * 0.6f);
  ImGui::Combo("##trainnoise", &f.noise_kind, kNoiseLabels.data(), ae::kPixelNoiseKindCount);
  if (f.noise_kind != 0) {
    const ae::NoiseKindInfo& info = ae::noise_info(static_cast<ae::NoiseKind>(f.noise_kind));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w * 0.4f - ImGui::GetStyle().ItemSpacing.x);
    ImGui::SliderFloat("##trainlevel", &f.noise_level, info.min, info.slider_max, "%.2f");
  }
  ImGui::SameLine();
  ImGui::TextUnformatted("training noise");
  ImGui::SetNextItemWidth(w);
  ImGui::SliderFloat("learning rate", &f.lr, 1e-4f, 1e-1f, "%.4f", ImGuiSliderFlags_Logarithmic);
  ImGui::SetNextItemWidth(w);
  int_combo("batch size", &f.batch, kBatchSizes);
  ImGui::SetNextItemWidth(w);
  int_combo("training data", &f.images, kTrainingImageCounts, "%d images");
  ImGui::SetNextItemWidth(w);
  ImGui::SliderInt("epochs", &f.epochs, 1, 50);
}

void run_buttons(PanelContext& c, bool busy) {
  const TrainingSession& t = c.pg.training();
  TrainPanelState& s = c.ui.train;
  if (!busy) {
    if (ImGui::Button(t.model() ? "Train a new model" : "Train")) {
      if (t.model()) s.confirm_replace = true;
      else start_training_from_form(c.pg, c.ui.train, c.host);
    }
    if (s.start_when_data_arrives) {
      ImGui::SameLine();
      ImGui::TextColored(muted(), "loading the MNIST training set...");
    }
  } else if (t.state() == TrainState::Running ? ImGui::Button("Pause") : ImGui::Button("Resume")) {
    if (t.state() == TrainState::Running) {
      c.pg.pause_training();
      persist_trained(c.pg, c.host);
    } else {
      c.pg.resume_training();
    }
  }
  if (t.model()) {
    ImGui::SameLine();
    if (ImGui::Button("Discard model...")) s.confirm_discard = true;
  }
}

// A modal question; returns the index of the button pressed (-1: none). Every button but `stays_open` closes it.
int confirm(const char* title, bool* open, const char* text, std::initializer_list<const char*> buttons,
            int stays_open = -1) {
  int pressed = -1;
  if (*open) ImGui::OpenPopup(title);
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return -1;
  ImGui::TextUnformatted(text);
  int i = 0;
  for (const char* b : buttons) {
    if (i > 0) ImGui::SameLine();
    if (ImGui::Button(b)) pressed = i;
    ++i;
  }
  if (pressed >= 0 && pressed != stays_open) *open = false, ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return pressed;
}

void confirmations(PanelContext& c) {
  TrainPanelState& s = c.ui.train;
  const int replace = confirm("Replace your model?", &s.confirm_replace,
                              "Training a new model replaces the one you trained.\nDownload it first to keep it.",
                              {"Download it", "Replace", "Cancel"}, /*stays_open=*/0);
  if (replace == 0) host::download("my-autoencoder.aep", c.pg.trained_model_bytes(), c.host);
  if (replace == 1) start_training_from_form(c.pg, c.ui.train, c.host);
  const int discard = confirm("Discard your model?", &s.confirm_discard,
                              "This deletes the model you trained and its loss history,\nalso from this browser's storage.",
                              {"Discard", "Keep it"});
  if (discard == 0) {
    c.pg.discard_training();
    host::forget_trained();
  }
}

void progress(const TrainingSession& t, float width) {
  if (t.state() == TrainState::Idle) return;
  const ae::TrainProgress& pr = t.progress();
  char overlay[96];
  std::snprintf(overlay, sizeof overlay, "%s  epoch %d/%d", to_string(t.state()),
                std::min(pr.epoch + (pr.done ? 0 : 1), pr.epochs), pr.epochs);
  ImGui::ProgressBar(static_cast<float>(pr.done ? 1.0 : pr.fraction()), ImVec2(width, 0), overlay);
  ImGui::TextColored(muted(), "%.0f samples/s   train loss %.3f   ", t.samples_per_second(), pr.running_loss);
  if (!t.history().empty() && std::isfinite(t.history().back().test_loss)) {
    ImGui::SameLine();
    ImGui::TextColored(muted(), "test loss %.3f", t.history().back().test_loss);
  }
  if (t.state() == TrainState::Failed) ImGui::TextColored(error_colour(), "%s", t.failure().c_str());
  if (t.state() == TrainState::Running && host::tab_hidden() && !t.remote())
    ImGui::TextColored(muted(), "training pauses while this tab is in the background");
}
}  // namespace

void train_panel(PanelContext& c, float width) {
  const std::string title = "Train your own (in this page, on " + Playground::dataset_title(c.pg.dataset()) + ")";
  section(title.c_str());
  const TrainingSession& t = c.pg.training();
  const bool busy = t.state() == TrainState::Running || t.state() == TrainState::Paused;
  const float w = std::min(width * 0.5f, 260.0f);
  ImGui::BeginDisabled(busy);
  family_controls(c.ui.train.form, w);
  run_controls(c.ui.train.form, w);
  ImGui::EndDisabled();
  run_buttons(c, busy);
  confirmations(c);
  progress(t, width);
  loss_plot(t, width);
  ImGui::TextColored(muted(), "loss = squared error per image (sum over 784 pixels)");
}

void start_training_from_form(Playground& pg, TrainPanelState& s, host::Listener& host) {
  const TrainSettings settings = settings_from_form(s.form, pg.seed());
  if (!pg.dataset_is_user_set() && pg.train_set().size() < settings.train_images) {
    s.start_when_data_arrives = true;  // AppContext::set_dataset_split starts it
    host::request_dataset_split(pg.dataset(), true, host);
    return;
  }
  s.start_when_data_arrives = false;
  pg.start_training(settings);
}

void persist_trained(const Playground& pg, host::Listener& to) {
  const TrainingSession& t = pg.training();
  if (!t.model()) return;
  host::save_trained(pg.trained_model_bytes(), to_json(LossHistory{t.history(), t.curve_loss()}), to);
}

}  // namespace aeplay
