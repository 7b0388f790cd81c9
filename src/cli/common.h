// Helpers shared by the subcommands: data loading with a clear message, digit picking, formatting.
#pragma once
#include <string>
#include <vector>

#include "args.h"
#include "dataset.h"

namespace cli {

// --data DIR (else $AEPLAY_DATA, else the configured default), limited to `limit` images (0 = all).
ae::Dataset load_split(const Args& args, ae::Split split, ae::Index limit);
// "0,1,2" -> those test indices; default: the first test image of each digit 0..9.
std::vector<int> pick_digits(const Args& args, const ae::Dataset& test);
ae::Mat columns(const ae::Mat& m, const std::vector<int>& idx);
std::string fixed(double v, int decimals);

}  // namespace cli
