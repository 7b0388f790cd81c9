#include "subsets.h"

#include <algorithm>
#include <cstdlib>

#include "error.h"

namespace cli {

ae::Dataset select_classes(const ae::Dataset& data, const std::vector<int>& classes) {
  if (data.labels.empty()) throw ae::Error("choosing classes needs a data set with labels");
  std::vector<ae::Index> keep;
  for (ae::Index i = 0; i < data.size(); ++i)
    if (std::find(classes.begin(), classes.end(), data.labels[static_cast<size_t>(i)]) != classes.end())
      keep.push_back(i);
  if (keep.empty()) throw ae::Error("no images of the chosen classes");
  ae::Dataset out;
  out.rows = data.rows, out.cols = data.cols;
  out.images.resize(data.images.rows(), static_cast<ae::Index>(keep.size()));
  for (size_t j = 0; j < keep.size(); ++j) {
    out.images.col(static_cast<ae::Index>(j)) = data.images.col(keep[j]);
    out.labels.push_back(data.labels[static_cast<size_t>(keep[j])]);
  }
  return out;
}

std::vector<int> other_classes(const std::vector<int>& classes) {
  std::vector<int> out;
  for (int c = 0; c < 10; ++c)
    if (std::find(classes.begin(), classes.end(), c) == classes.end()) out.push_back(c);
  return out;
}

std::vector<int> parse_classes(const std::string& text, const std::string& what) {
  std::vector<int> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    const long v = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || end != item.c_str() + item.size() || v < 0 || v > 9)
      throw ae::Error(what + " expects classes 0..9 separated by commas (e.g. 3 or 1,7), got '" + text + "'");
    out.push_back(static_cast<int>(v));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace cli
