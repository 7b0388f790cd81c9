// Subsets of a data set by label: the one-class models train on one digit, and the anomaly command
// scores one set of classes against the rest.
#pragma once
#include <string>
#include <vector>

#include "dataset.h"

namespace cli {

// The images whose label is in `classes` (in their original order). Throws if the set has no labels
// or nothing is left.
ae::Dataset select_classes(const ae::Dataset& data, const std::vector<int>& classes);
// 0..9 without `classes`.
std::vector<int> other_classes(const std::vector<int>& classes);
// "3" or "1,7" -> {3} or {1, 7}, each in 0..9; `what` names the flag in the error.
std::vector<int> parse_classes(const std::string& text, const std::string& what);

}  // namespace cli
