// Colorization with a conv autoencoder: the model sees a photograph's lightness (1 plane, L*/100) and predicts
// its chroma (2 planes, a* and b*, colour.h); its colours are (the given L*, the predicted a* b*). Scored
// against two baselines that need no model: the grey image itself (a* = b* = 0) and the per-pixel mean chroma
// of the training set.
#pragma once
#include "colour.h"
#include "dataset.h"
#include "model.h"

namespace ae {

// A conv spec that maps 1 lightness plane to 2 chroma planes.
bool is_colorizer(const ModelSpec& spec);
// Throws ae::Error saying what does not fit: a model that is not a colorizer, images that are not RGB, or
// images of another size than the model's.
void check_colorization(const ModelSpec& spec, const Dataset& rgb, const std::string& model_name);

// The model's colours for RGB images (3 pixels x N): their lightness through the model, back to RGB.
Mat colorize(const Autoencoder& model, const LabPlanes& lab);

struct ColorizationScores {
  struct Three {
    double model, grey, mean_chroma;
  };
  Three psnr;           // dB, on RGB in [0, 1], every value of every test image (ae::psnr)
  Three colourfulness;  // Hasler & Suesstrunk, mean over images
  double original_colourfulness;
  Index images;
};
// `test` is RGB; `train_mean_chroma` the mean_chroma() of the training set's chroma.
ColorizationScores score_colorization(const Autoencoder& model, const Dataset& test, const Vec& train_mean_chroma);

}  // namespace ae
