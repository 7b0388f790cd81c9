// Every list the page and the desktop app share, written once: the shipped models (assets/models/) and the
// families the Train panel offers. The web page reads the model list from here (aeplay_catalog_json), and
// test_catalog checks it against the files in assets/models/.
#pragma once
#include <string>
#include <vector>

#include "presets.h"

namespace aeplay {

struct ShippedModel {
  const char* id;     // in URLs (model=...) and the JS API
  const char* label;  // in the model list
  const char* file;   // under assets/models/
  bool at_start;      // loaded at start; the others when chosen
  const char* dataset = "mnist";  // what it was trained on (ae::named_datasets()); the model list follows it
};

const std::vector<ShippedModel>& shipped_models();
// Every id the URL's model= accepts: the shipped models and "trained" (the user's own).
std::vector<std::string> known_model_ids();
// The presets the Train panel offers (ae::Preset::trains_in_page), in the engine's order.
const std::vector<const ae::Preset*>& page_presets();
// [{"id", "label", "file", "lazy", "dataset"}, ...] for the page.
std::string catalog_json();

}  // namespace aeplay
