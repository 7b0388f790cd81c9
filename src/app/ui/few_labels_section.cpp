// The latent panel's "Few labels" section (the few-labels lesson, core/few_labels.h): pick N, train the
// fine-tuned and the from-scratch classifier (in the training worker), see both accuracies and the confusion
// matrix of each.
#include <algorithm>
#include <cstdio>
#include <string>

#include "ui/panels.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
// The confusion matrix as a grid of cells shaded by the fraction of each true class (rows) predicted as each
// class (columns); the diagonal is what the classifier got right.
void confusion_grid(const char* title, const FewLabelsSide& side, float cell) {
  ImGui::BeginGroup();
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s: %.1f%%", title, 100 * side.accuracy);
  ImGui::TextUnformatted(buf);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const int k = 10;
  if (side.confusion.size() == static_cast<size_t>(k * k)) {
    for (int t = 0; t < k; ++t) {
      int row = 0;
      for (int p = 0; p < k; ++p) row += side.confusion[static_cast<size_t>(t * k + p)];
      for (int p = 0; p < k; ++p) {
        const float f = row ? float(side.confusion[static_cast<size_t>(t * k + p)]) / float(row) : 0.0f;
        const int level = static_cast<int>(40 + 215 * f);
        const ImU32 colour = t == p ? IM_COL32(40, level, 80, 255) : IM_COL32(level, 40, 60, 255);
        const ImVec2 a(origin.x + (p + 1) * cell, origin.y + (t + 1) * cell);
        draw->AddRectFilled(a, ImVec2(a.x + cell - 1, a.y + cell - 1), colour);
      }
      char digit[4];
      std::snprintf(digit, sizeof digit, "%d", t);
      draw->AddText(ImVec2(origin.x + 3, origin.y + (t + 1) * cell), kHintText, digit);
      draw->AddText(ImVec2(origin.x + (t + 1) * cell + 3, origin.y), kHintText, digit);
    }
  }
  ImGui::Dummy(ImVec2((k + 1) * cell, (k + 1) * cell));
  ImGui::TextColored(muted(), "rows: true digit, columns: predicted");
  ImGui::EndGroup();
}
}  // namespace

void few_labels_section(PanelContext& c, float width) {
  if (!ImGui::TreeNodeEx("Few labels: a classifier from N labelled digits", ImGuiTreeNodeFlags_DefaultOpen)) return;
  FewLabels& f = c.few_labels;
  const int choices = static_cast<int>(std::size(kFewLabelsChoices));
  int index = 0;
  for (int i = 0; i < choices; ++i)
    if (kFewLabelsChoices[i] == f.form.labels) index = i;
  ImGui::SetNextItemWidth(160);
  if (ImGui::BeginCombo("labelled digits (N)", std::to_string(kFewLabelsChoices[index]).c_str())) {
    for (int i = 0; i < choices; ++i)
      if (ImGui::Selectable(std::to_string(kFewLabelsChoices[i]).c_str(), i == index))
        f.form.labels = kFewLabelsChoices[i];
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  const FewLabelsReport& r = f.report();
  const bool running = r.state == TrainState::Running;
  ImGui::BeginDisabled(running);
  if (ImGui::Button("Train both classifiers")) {
    const std::string err = f.start(c.pg.current_model(), c.pg.test_set(), f.form, c.pg.training_worker());
    if (!err.empty()) c.pg.notify("The few-labels training did not start: " + err, true);
    c.ui.latent.few_labels_scroll = err.empty();
  }
  ImGui::EndDisabled();
  ImGui::TextColored(muted(),
                     "A softmax layer on this model's code, fine-tuned end to end, beside the same network from a "
                     "random start; N/10 digits of each class from the first half of the test set, scored on the "
                     "second half.");
  if (running) {
    char buf[64];
    std::snprintf(buf, sizeof buf, r.scoring ? "scoring..." : "step %d of %d", r.step, r.steps);
    ImGui::ProgressBar(r.steps ? float(r.step) / float(r.steps) : 0.0f, ImVec2(std::min(width, 400.0f), 0), buf);
    ImGui::Text("cross-entropy: fine-tuned %.3f, from scratch %.3f", r.finetuned.loss, r.scratch.loss);
  } else if (r.state == TrainState::Failed) {
    ImGui::TextColored(ImVec4(0.9f, 0.4f, 0.4f, 1), "%s", r.failure.c_str());
  } else if (r.state == TrainState::Done) {
    ImGui::Text("N = %d labelled digits, %d steps each", f.settings().labels, r.steps);
    const float cell = std::floor(std::clamp((width - 40) / 24.0f, 12.0f, 20.0f));
    confusion_grid("fine-tuned (pretrained encoder)", r.finetuned, cell);
    ImGui::SameLine(0, 24);
    confusion_grid("from scratch (random encoder)", r.scratch, cell);
    f.results_drawn = true;
    if (c.ui.latent.few_labels_scroll) {
      ImGui::SetScrollHereY(1.0f);  // the results appear below the fold on most screens: bring them into view
      c.ui.latent.few_labels_scroll = false;
    }
  }
  ImGui::TreePop();
}

}  // namespace aeplay
