#include "colorize_report.h"

#include <algorithm>
#include <cstdio>

#include "common.h"
#include "error.h"
#include "json.h"
#include "png_grid.h"

namespace cli {

ae::Vec training_mean_chroma(const Args& args) {
  const ae::Dataset train = load_split(args, ae::Split::Train, 0, "photos");
  if (train.channels != 3) throw ae::Error(train.name + ": the mean chroma baseline needs RGB training images");
  constexpr ae::Index kChunk = 1024;
  ae::Vec sum = ae::Vec::Zero(2 * ae::Index(train.rows) * train.cols);
  for (ae::Index at = 0; at < train.size(); at += kChunk) {
    const ae::Index m = std::min(kChunk, train.size() - at);
    sum += ae::rgb_to_lab_planes(train.images.middleCols(at, m)).chroma.rowwise().sum();
  }
  return sum / float(train.size());
}

std::string colorization_json(const ae::ColorizationScores& s) {
  auto three = [](const ae::ColorizationScores::Three& t) {
    return Json().num("model", t.model).num("grey", t.grey).num("mean_chroma", t.mean_chroma);
  };
  return Json()
      .raw("psnr", three(s.psnr).dump())
      .raw("colourfulness", three(s.colourfulness).num("original", s.original_colourfulness).dump())
      .num("test_images", double(s.images))
      .dump();
}

void print_colorization_table(const ae::ColorizationScores& s) {
  std::printf("colorization of %ld test patches (photographs not seen in training)\n", long(s.images));
  std::printf("%-28s %10s %15s\n", "colours from", "PSNR dB", "colourfulness");
  std::printf("%-28s %10.2f %15.1f\n", "the model", s.psnr.model, s.colourfulness.model);
  std::printf("%-28s %10.2f %15.1f\n", "grey (a* = b* = 0)", s.psnr.grey, s.colourfulness.grey);
  std::printf("%-28s %10.2f %15.1f\n", "mean chroma of training set", s.psnr.mean_chroma, s.colourfulness.mean_chroma);
  std::printf("%-28s %10s %15.1f\n", "the original photographs", "-", s.original_colourfulness);
}

void write_colorization_png(const std::string& path, const Args& args, const ae::Autoencoder& model,
                            const ae::Dataset& test) {
  std::vector<int> picks;
  if (args.has("digits")) picks = pick_digits(args, test);
  else
    for (int k = 0; k < 8; ++k) picks.push_back(int((2 * k + 1) * test.size() / 16));  // spread over the photographs
  const ae::LabPlanes lab = ae::rgb_to_lab_planes(columns(test.images, picks));
  const ae::Mat grey = ae::lab_planes_to_rgb(lab.lightness, ae::grey_chroma(lab.lightness.rows(), lab.lightness.cols()));
  write_png_grid(path, {grey, ae::colorize(model, lab), columns(test.images, picks)}, test.rows, 3, 3);
}

}  // namespace cli
