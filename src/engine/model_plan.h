// The layer list of a spec, with its parameter offsets: what validate() and parameter_count() measure and what
// an Autoencoder is built from. Internal to the engine (model_spec.cpp plans, model.cpp builds).
#pragma once
#include <vector>

#include "model.h"

namespace ae {

struct LayerPlan {
  struct Item {
    LayerKind kind;
    int in, out;
    Activation act;
    int tied_to;
    size_t w_offset, b_offset;
    int w_rows, w_cols;
    ConvGeometry geom;
    int maps_out;
  };
  std::vector<Item> items;
  uint64_t total = 0;
};

LayerPlan plan_layers(const ModelSpec& s);

}  // namespace ae
