// What `aeplay train --preset colorize` and `aeplay eval` on a colorization model report: the table of PSNR and
// colourfulness against the two baselines (text or JSON), and the PNG of test patches (grey, model, original).
#pragma once
#include <string>

#include "args.h"
#include "colorize.h"

namespace cli {

// The per-pixel mean chroma of the training photographs (the "mean chroma" baseline), from --dataset's
// training split (default photos), read in chunks.
ae::Vec training_mean_chroma(const Args& args);
// {"psnr": {"model": m, "grey": g, "mean_chroma": c}, "colourfulness": {..., "original": o}, "test_images": n}
std::string colorization_json(const ae::ColorizationScores& s);
void print_colorization_table(const ae::ColorizationScores& s);
// Eight test patches spread over the test set (or --digits): rows grey / model / original, RGB.
void write_colorization_png(const std::string& path, const Args& args, const ae::Autoencoder& model,
                            const ae::Dataset& test);

}  // namespace cli
