// Writes rows of 28x28 images (one image per matrix column) as one PNG grid: grayscale, or RGB for colour
// images (channels = 3: each column holds the R, G and B planes, as the photos data set does).
#pragma once
#include <string>
#include <vector>

#include "tensor.h"

namespace cli {

// rows[r] holds the images of grid row r (same number of columns in every row); values in [0,1].
void write_png_grid(const std::string& path, const std::vector<ae::Mat>& rows, int side = 28, int scale = 2,
                    int channels = 1);

}  // namespace cli
