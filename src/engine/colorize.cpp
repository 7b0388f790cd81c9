#include "colorize.h"

#include <algorithm>

#include "error.h"
#include "metrics.h"

namespace ae {

bool is_colorizer(const ModelSpec& s) {
  return s.family == Family::Conv && s.in_channels == 1 && s.out_channels == 2;
}

void check_colorization(const ModelSpec& spec, const Dataset& rgb, const std::string& model_name) {
  if (!is_colorizer(spec))
    throw Error(model_name + ": not a colorization model (it maps " + std::to_string(spec.in_channels) + " channel(s) to " +
                std::to_string(spec.out_channels) + "; a colorizer maps 1 lightness channel to 2 chroma channels)");
  if (rgb.channels != 3)
    throw Error(rgb.name + ": " + std::to_string(rgb.channels) + "-channel images; colorization needs RGB images "
                "(--dataset photos)");
  if (rgb.rows != spec.image_side || rgb.cols != spec.image_side)
    throw Error(model_name + ": the model takes " + std::to_string(spec.image_side) + "x" + std::to_string(spec.image_side) +
                " images, " + rgb.name + " has " + std::to_string(rgb.rows) + "x" + std::to_string(rgb.cols));
}

Mat colorize(const Autoencoder& model, const LabPlanes& lab) {
  // In chunks: a whole test set at once would need its im2col buffers for every image together.
  constexpr Index kChunk = 256;
  const Index n = lab.lightness.cols();
  Mat chroma(2 * lab.lightness.rows(), n);
  for (Index at = 0; at < n; at += kChunk) {
    const Index m = std::min(kChunk, n - at);
    chroma.middleCols(at, m) = model.reconstruct(lab.lightness.middleCols(at, m));
  }
  return lab_planes_to_rgb(lab.lightness, chroma);
}

ColorizationScores score_colorization(const Autoencoder& model, const Dataset& test, const Vec& train_mean_chroma) {
  check_colorization(model.spec(), test, "the model");
  if (train_mean_chroma.size() != 2 * Index(test.rows) * test.cols)
    throw Error("mean chroma: " + std::to_string(train_mean_chroma.size()) + " values, expected 2 per pixel");
  const LabPlanes lab = rgb_to_lab_planes(test.images);
  const Index n = test.size(), pixels = lab.lightness.rows();
  const Mat model_rgb = colorize(model, lab);
  const Mat grey_rgb = lab_planes_to_rgb(lab.lightness, grey_chroma(pixels, n));
  const Mat mean_rgb = lab_planes_to_rgb(lab.lightness, train_mean_chroma.replicate(1, n));
  ColorizationScores s;
  s.psnr = {psnr(test.images, model_rgb), psnr(test.images, grey_rgb), psnr(test.images, mean_rgb)};
  s.colourfulness = {colourfulness(model_rgb), colourfulness(grey_rgb), colourfulness(mean_rgb)};
  s.original_colourfulness = colourfulness(test.images);
  s.images = n;
  return s;
}

}  // namespace ae
