#include "dataset.h"

#include <cstdlib>

#include "error.h"

#ifndef AEPLAY_DEFAULT_DATA_DIR
#define AEPLAY_DEFAULT_DATA_DIR ""
#endif

namespace ae {

Dataset make_dataset(const IdxArray& images, const IdxArray* labels, Index limit, const std::string& name) {
  if (images.dims.size() != 3)
    throw Error(name + ": expected an image file with 3 dimensions (count x rows x cols), got " +
                std::to_string(images.dims.size()));
  Dataset d;
  d.rows = static_cast<int>(images.dims[1]);
  d.cols = static_cast<int>(images.dims[2]);
  if (d.rows < 1 || d.cols < 1 || d.rows > 1024 || d.cols > 1024) throw Error(name + ": image size out of range");
  Index n = images.dims[0];
  if (labels) {
    if (labels->dims.size() != 1) throw Error(name + ": label file must have 1 dimension");
    if (labels->dims[0] != images.dims[0])
      throw Error(name + ": " + std::to_string(images.dims[0]) + " images but " + std::to_string(labels->dims[0]) + " labels");
  }
  if (limit > 0 && limit < n) n = limit;
  const Index pixels = Index(d.rows) * d.cols;
  d.images.resize(pixels, n);
  // IDX stores row-major 28x28 images; our column holds the same bytes in the same order.
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < pixels; ++i)
      d.images(i, j) = static_cast<float>(images.data[static_cast<size_t>(j * pixels + i)]) * (1.0f / 255.0f);
  if (labels) d.labels.assign(labels->data.begin(), labels->data.begin() + n);
  return d;
}

Dataset load_mnist(const std::string& dir, Split split, Index limit) {
  if (dir.empty())
    throw Error("MNIST data directory not set: run scripts/setup.sh, or set AEPLAY_DATA or --data");
  const std::string prefix = dir + "/" + (split == Split::Train ? "train" : "t10k");
  IdxArray images = read_idx(prefix + "-images-idx3-ubyte");
  IdxArray labels = read_idx(prefix + "-labels-idx1-ubyte");
  return make_dataset(images, &labels, limit, prefix + "-images-idx3-ubyte");
}

std::string default_data_dir() {
  if (const char* env = std::getenv("AEPLAY_DATA"); env && *env) return env;
  return AEPLAY_DEFAULT_DATA_DIR;
}

void gather_columns(const Mat& src, const std::vector<int>& indices, Index first, Index count, Mat& dst) {
  dst.resize(src.rows(), count);
  for (Index j = 0; j < count; ++j) dst.col(j) = src.col(indices[static_cast<size_t>(first + j)]);
}

}  // namespace ae
