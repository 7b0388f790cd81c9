// A grid of 28x28 images with text: a name at the start of each row and a caption under each image
// (stb_easy_font), written as one grayscale PNG. Made for `aeplay tangent`: a digit, its reconstruction and
// its tangent images with their singular values, one row per model.
#pragma once
#include <string>
#include <vector>

#include "tensor.h"

namespace cli {

struct LabelledRow {
  std::string name;                   // drawn left of the row
  ae::Mat images;                     // one 784-pixel image per column, values in [0, 1]
  std::vector<std::string> captions;  // one per column (may be shorter: the rest are blank)
};

void write_labelled_grid(const std::string& path, const std::vector<LabelledRow>& rows, int side = 28, int scale = 2);

// A signed direction as an image: 0 is mid grey, +-max|v| of the image are white and black (symmetric, per
// image: every image uses its full range).
ae::Vec signed_to_grey(const ae::Vec& v);

}  // namespace cli
