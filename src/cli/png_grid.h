// Writes rows of 28x28 images (one image per matrix column) as one grayscale PNG grid.
#pragma once
#include <string>
#include <vector>

#include "tensor.h"

namespace cli {

// rows[r] holds the images of grid row r (same number of columns in every row); values in [0,1].
void write_png_grid(const std::string& path, const std::vector<ae::Mat>& rows, int side = 28, int scale = 2);

}  // namespace cli
