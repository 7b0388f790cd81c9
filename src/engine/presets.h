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
};

const std::vector<Preset>& presets();
const Preset& find_preset(const std::string& name);  // throws ae::Error listing the names

}  // namespace ae
