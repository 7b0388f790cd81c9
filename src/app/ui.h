// The playground's Dear ImGui layout: panels that read and write the Playground, nothing else.
#pragma once
#include <string>

#include "image_view.h"
#include "playground.h"
#include "url_params.h"

namespace aeplay {

struct Platform;

struct TrainForm {  // what the Train panel edits before "Train" is pressed
  int family = 0;        // index into page_presets() (ui.cpp): the family and its defaults
  int hidden = 1;        // index into kHiddenSizes: the width of the hidden layer(s)
  int code = 32;         // code size
  int activation = 0;
  float penalty_weight = 0, rho = 0.05f, beta = 1;
  int noise_kind = 1;
  float noise_level = 0.5f;
  float lr = 1e-3f;
  int batch = 2;         // index into kBatchSizes
  int data = 2;          // index into kDataSizes
  int epochs = 5;
};

struct UiState {
  ImageRenderer renderer;
  ImageView canvas, clean, corrupted, reconstruction, error;
  int canvas_version = -1;
  bool drawing_active = false;
  PageSettings page;       // layout flags (embed, hidden panels) from the URL
  TrainForm form;
  bool start_when_data_arrives = false;
  bool confirm_replace = false, confirm_discard = false;
  std::string pending_model;  // chosen but still loading
  ImageView filters, samples, grid;
  std::string grid_key;  // model state the VAE latent grid was decoded for
  Tiles grid_tiles;
  uint64_t sample_seed = 1;
  int inside_tab = 0;
  int inside_request = -1;  // 1 open / 0 close the "Inside the model" panel on the next frame
  std::string last_query;
  double frame_ms = 16;    // smoothed frame time
  double train_ms = 0;     // smoothed training time per frame
};

// Builds the whole frame's UI; advances training within the frame's time budget.
void draw_ui(Playground& pg, UiState& ui, const Platform& platform);
// Starts training from the form (fetching the training set first if needed).
void start_training(Playground& pg, UiState& ui);
// Saves the trained model and its history to browser storage.
void persist_trained(Playground& pg);
std::string history_json(const TrainingSession& t);

}  // namespace aeplay
