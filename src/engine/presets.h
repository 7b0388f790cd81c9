// Named starting points from the autoencoder curriculum, shared by `aeplay train --preset` and the
// playground's family selector. Flags (or UI controls) override any field afterwards.
#pragma once
#include <string>
#include <vector>

#include "model.h"
#include "trainer.h"

namespace ae {

struct Preset {
  std::string name, summary;
  ModelSpec spec;
  TrainConfig train;
  bool stacked = false;     // greedy layer-wise pretraining before fine-tuning
  int pretrain_epochs = 0;  // per layer, when stacked
  // Offered by the playground's Train panel. Not: the deep hinton2006 (minutes per epoch in wasm), stacked
  // (greedy pretraining is not step-wise) and vae-32d (the page's code-size control covers it from vae-20d).
  bool trains_in_page = true;
};

const std::vector<Preset>& presets();
const Preset& find_preset(const std::string& name);  // throws ae::Error listing the names

}  // namespace ae
