// The playground's Dear ImGui panels. Each reads and writes the Playground (and the LatentExplorer) and its
// own state in UiState; none reaches into the engine. frame.cpp lays them out.
#pragma once
#include "core/few_labels.h"
#include "core/lab.h"
#include "core/latent_explorer.h"
#include "core/playground.h"
#include "platform/host.h"
#include "platform/platform.h"
#include "ui/ui_state.h"

namespace aeplay {

// What every panel is drawn with.
struct PanelContext {
  Playground& pg;
  LatentExplorer& latent;
  Lab& lab;
  UiState& ui;
  const Platform& platform;
  host::Listener& host;  // where results of host requests (files, data) go
  FewLabels& few_labels;  // the few-labels lesson
};

void notices_bar(PanelContext& c);
void lesson_caption(PanelContext& c);            // the lesson's title and caption (lesson= in the URL)
// The pieces of panels 1-3, which the strip and stack layouts arrange themselves.
void input_canvas(PanelContext& c, float side);
void input_buttons(PanelContext& c);
void random_digit_button(PanelContext& c, const char* label);  // picks a random test digit (recorded for tests)
void input_caption(PanelContext& c);
void noise_controls(PanelContext& c, float width);
void output_views(PanelContext& c, float side, bool with_clean);  // (clean,) corrupted, reconstruction, error
void metrics_table(PanelContext& c);
void draw_panel(PanelContext& c, float width);   // 1: the canvas, Clear/Undo/Random
void noise_panel(PanelContext& c);               // 2: noise type, level, seed
void outputs_panel(PanelContext& c, float width);  // 3: clean | corrupted | reconstruction | error, metrics
void model_panel(PanelContext& c, bool compact);
void train_panel(PanelContext& c, float width);
void inside_model_panel(PanelContext& c, float width);
void tangent_tab(PanelContext& c, float width);
void search_tab(PanelContext& c, float width);  // inside_model_panel's search tab (search_section.cpp)  // inside_model_panel's tangent plane tab (tangent_section.cpp)
void latent_panel(PanelContext& c, float width);
void few_labels_section(PanelContext& c, float width);  // the latent panel's few-labels lesson (few_labels_section.cpp)
void data_panel(PanelContext& c, float width);   // the data set, and my set
void lab_view(PanelContext& c);                  // the 2-D lab: its controls beside its plot (lab_panel.cpp)

// Switches the data set (the Data panel, the URL, the JS API) and asks the host for its test set.
void switch_dataset(Playground& pg, UiState& ui, host::Listener& host, const std::string& id);
// The Data panel's choices for uploads, as image_import.h spells them.
const char* image_fit_name(int index);
const char* image_invert_name(int index);

// Training as the Train panel starts it: fetches the training set first if needed (starts when it arrives).
void start_training_from_form(Playground& pg, TrainPanelState& state, host::Listener& host);
// Saves the trained model and its history in the browser (desktop: ~/.cache/aeplay).
void persist_trained(const Playground& pg, host::Listener& to);

}  // namespace aeplay
