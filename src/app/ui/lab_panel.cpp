// The 2-D lab's view (view=lab): the data set, the model, Train / Stop and the view toggles in a column beside
// the plot (ui/lab_plot.cpp). Every change goes through Lab::apply, which keeps the points or the model when
// they did not change.
#include <algorithm>
#include <cstdio>

#include "ui/lab_ui.h"
#include "ui/widgets.h"

namespace aeplay {

namespace {
// A heading without section()'s rule, which spans the window and would cross the plot.
void heading(const char* title) {
  ImGui::Spacing();
  ImGui::TextColored(muted(), "%s", title);
}

void apply(PanelContext& c, const LabSettings& next) {
  const std::string err = c.lab.apply(next);
  if (!err.empty()) c.pg.notify("Lab not changed: " + err, true);
}

void data_controls(PanelContext& c) {
  LabSettings next = c.lab.settings();
  ae::ToyDataSpec& d = next.data;
  bool changed = false;
  heading("Data");
  const char* shown = next.drawn ? "your curve" : ae::to_string(d.shape);
  ImGui::SetNextItemWidth(ImGui::CalcItemWidth());
  if (ImGui::BeginCombo("##labshape", shown)) {
    for (int i = 0; i < ae::kToyShapeCount; ++i) {
      const auto shape = static_cast<ae::ToyShape>(i);
      if (ImGui::Selectable(ae::to_string(shape), !next.drawn && shape == d.shape))
        d.shape = shape, next.drawn = false, changed = true;
    }
    ImGui::EndCombo();
  }
  record_item(c.ui.layout.views, "lab shape");
  changed |= ImGui::SliderInt("points", &d.points, 50, 3000, "%d", ImGuiSliderFlags_AlwaysClamp);
  changed |= ImGui::SliderFloat("noise", &d.noise, 0.0f, 0.3f, "%.3f", ImGuiSliderFlags_AlwaysClamp);
  int seed = static_cast<int>(d.seed);
  if (ImGui::InputInt("seed", &seed) && seed >= 0) d.seed = static_cast<uint64_t>(seed), changed = true;
  if (ae::is_3d(d.shape) && !next.drawn)
    changed |= ImGui::SliderFloat("view angle", &d.view_angle, 0.0f, 1.5708f, "%.2f rad");
  if (changed) apply(c, next);
  bool& draw = c.ui.lab.draw_mode;
  if (ImGui::Checkbox("Draw your own curve", &draw)) c.ui.lab.stroke.clear();
  record_item(c.ui.layout.views, "lab draw");
  if (draw) ImGui::TextColored(muted(), "draw a curve on the plot: points follow it");
}

void model_controls(PanelContext& c) {
  LabSettings next = c.lab.settings();
  ae::LabModelSpec& m = next.model;
  bool changed = false;
  heading("Model");
  ImGui::SetNextItemWidth(ImGui::CalcItemWidth());
  if (ImGui::BeginCombo("##labfamily", ae::to_string(m.family))) {
    for (int i = 0; i < ae::kLabFamilyCount; ++i) {
      const auto family = static_cast<ae::LabFamily>(i);
      if (ImGui::Selectable(ae::to_string(family), family == m.family))
        m.family = family, m.lambda = ae::default_lambda(family) > 0 ? ae::default_lambda(family) : m.lambda,
        changed = true;
    }
    ImGui::EndCombo();
  }
  record_item(c.ui.layout.views, "lab family");
  if (ae::has_bottleneck(m.family)) {
    ImGui::TextUnformatted("code k");
    ImGui::SameLine();
    changed |= ImGui::RadioButton("1", &m.code, 1);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("2", &m.code, 2);
  }
  if (m.family == ae::LabFamily::Denoising)
    changed |= ImGui::SliderFloat("sigma", &m.sigma, 0.01f, 0.5f, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  if (m.family != ae::LabFamily::Plain && m.family != ae::LabFamily::Denoising)
    changed |= ImGui::SliderFloat("lambda", &m.lambda, 0.0f, 1.0f, "%.3f", ImGuiSliderFlags_AlwaysClamp);
  ImGui::TextColored(muted(), "%s", ae::lab_model_spec(m).describe().c_str());
  if (changed) apply(c, next);
}

void train_controls(PanelContext& c) {
  const TrainingSession& t = c.lab.session();
  if (ImGui::Button(c.lab.running() ? "Restart" : "Train")) {
    const std::string err = c.lab.start(c.pg.training_worker());
    if (!err.empty()) c.pg.notify("The lab's training did not start: " + err, true);
  }
  record_item(c.ui.layout.views, "lab train");
  ImGui::SameLine();
  ImGui::BeginDisabled(!c.lab.running());
  if (ImGui::Button("Stop")) c.lab.stop();
  ImGui::EndDisabled();
  record_item(c.ui.layout.views, "lab stop");
  if (t.state() == TrainState::Idle) return ImGui::TextColored(muted(), "not trained yet");
  const ae::TrainProgress& p = t.progress();
  ImGui::Text("%s, epoch %d/%d, loss %.4f", to_string(t.state()), p.epoch, p.epochs, p.batch_loss);
  ImGui::TextColored(muted(), "%.0f points/s%s", t.samples_per_second(), t.remote() ? " in the worker" : "");
  if (!c.lab.failure().empty()) ImGui::TextWrapped("%s", c.lab.failure().c_str());
}

void view_controls(PanelContext& c) {
  heading("Views");
  LabViewToggles v = c.lab.settings().views;
  const bool bottleneck = ae::has_bottleneck(c.lab.settings().model.family);
  bool changed = ImGui::Checkbox("points", &v.points);
  changed |= ImGui::Checkbox("PCA line", &v.pca);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("projections", &v.projections);
  ImGui::BeginDisabled(!bottleneck);
  changed |= ImGui::Checkbox("decoder curve g(z)", &v.curve);
  ImGui::EndDisabled();
  changed |= ImGui::Checkbox("x -> r(x)", &v.segments);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("field r(x) - x", &v.field);
  changed |= ImGui::Checkbox("Jacobian", &v.jacobian);
  ImGui::BeginDisabled(c.lab.settings().model.family != ae::LabFamily::Vae);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("VAE spread", &v.spread);
  ImGui::EndDisabled();
  if (changed) c.lab.set_views(v);
  const LabProbe& p = c.lab.probe();
  if (!p.active) return ImGui::TextColored(muted(), "press on the plot to pick a point, drag it");
  ImGui::Text("x (%.2f, %.2f) -> r(x) (%.2f, %.2f)", p.x, p.y, p.rx, p.ry);
}
}  // namespace

void lab_view(PanelContext& c) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const float controls = std::min(300.0f, avail);
  const bool side_by_side = avail >= controls + 240.0f;
  ImGui::BeginGroup();
  if (ImGui::Button("Back to the digits")) c.ui.page.lab_view = false;
  record_item(c.ui.layout.views, "lab back");
  ImGui::PushItemWidth(controls * 0.55f);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + controls);
  data_controls(c);
  model_controls(c);
  train_controls(c);
  view_controls(c);
  ImGui::PopTextWrapPos();
  ImGui::PopItemWidth();
  ImGui::EndGroup();
  record_item(c.ui.layout.panel_rects, "lab controls");
  // The plot at a fixed offset beside the controls (a wide control must not push it out of the frame).
  const float left = controls + 2 * ImGui::GetStyle().ItemSpacing.x;
  if (side_by_side) ImGui::SameLine(left);
  const float room = side_by_side ? avail - left + ImGui::GetStyle().ItemSpacing.x : avail;
  const float below = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().WindowPadding.y;
  lab_plot(c, std::max(200.0f, std::min(room, side_by_side ? below : room)));
}

}  // namespace aeplay
