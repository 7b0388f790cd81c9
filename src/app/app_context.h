// The one running app (playground state + UI state), reachable from the JS API entry points and the host.
#pragma once
#include "playground.h"
#include "ui.h"

namespace aeplay {

struct AppContext {
  Playground playground;
  UiState ui;
  long frames = 0;
};

AppContext& app();
// Called when the MNIST training set has been loaded: starts training if the user asked for it.
void train_set_arrived();
// Restores a model trained in an earlier visit (bytes of a .aep file + history JSON). Returns "" or an error.
std::string restore_trained(const std::vector<uint8_t>& bytes, const std::string& history_json);
// Applies URL settings (model, noise, seed, digit, layout) and reports bad values as notices.
void apply_page_settings(const std::string& query);

}  // namespace aeplay
