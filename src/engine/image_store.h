// Images as the page and its training worker hold them: one image per column, kept as the uint8 bytes they
// came as (IDX files: MNIST, Fashion-MNIST; my set) and turned into floats only per batch, or kept as floats
// (images that were floats: the CLI's and the tests' reference path). A byte b reads as byte_to_float(b),
// the expression make_dataset (dataset.h) has always used, so a batch gathered from bytes is bit for bit the
// batch gathered from the float matrix make_dataset builds from the same file.
//
// The storage is shared and immutable: copies of an ImageStore, and left(n), share it (no pixels copied), so
// the page's data set, its training session and a run's images are one buffer. view() wraps a float matrix
// without owning it (the caller keeps it alive), for code that hands an ae::Mat to the trainer.
//
// ImageSet is ae::Dataset (dataset.h) with an ImageStore for its images: what the page holds.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "idx.h"
#include "tensor.h"

namespace ae {

inline float byte_to_float(uint8_t b) { return static_cast<float>(b) * (1.0f / 255.0f); }

struct Dataset;

class ImageStore {
 public:
  ImageStore() = default;
  ImageStore(Mat floats);  // NOLINT(google-explicit-constructor): owned floats, so an ae::Mat can be passed
  // `data` holds count images of `pixels` bytes each, image j at [j * pixels, (j + 1) * pixels).
  static ImageStore from_bytes(std::vector<uint8_t> data, Index pixels);
  static ImageStore view(const Mat& floats);  // not owned: `floats` must outlive the store and its copies

  Index rows() const { return rows_; }  // pixels per image
  Index cols() const { return cols_; }  // images
  bool holds_bytes() const { return bytes_ != nullptr; }
  const uint8_t* byte_data() const { return bytes_; }  // nullptr when it holds floats
  const float* float_data() const { return floats_; }  // nullptr when it holds bytes
  size_t bytes_per_pixel() const { return holds_bytes() ? 1 : sizeof(float); }
  size_t storage_bytes() const { return static_cast<size_t>(rows_ * cols_) * bytes_per_pixel(); }

  float operator()(Index i, Index j) const;
  Vec col(Index j) const;
  void copy_col(Index j, float* out) const;  // rows() floats
  // Columns indices[first .. first + count) into dst (resized to rows() x count).
  void gather(const std::vector<int>& indices, Index first, Index count, Mat& dst) const;
  void columns(Index first, Index count, Mat& dst) const;  // columns [first, first + count)
  Mat columns(Index first, Index count) const;
  Mat to_mat() const { return columns(0, cols_); }
  ImageStore left(Index count) const;  // the first `count` images, sharing the storage

 private:
  std::shared_ptr<const void> owner_;  // keeps the storage alive (empty for a view)
  const uint8_t* bytes_ = nullptr;
  const float* floats_ = nullptr;
  Index rows_ = 0, cols_ = 0;
};

struct ImageSet {
  ImageStore images;            // (rows*cols) x N, values in [0, 1]
  std::vector<uint8_t> labels;  // as in Dataset
  std::vector<std::string> class_names;
  std::string name = "images";
  int rows = 28, cols = 28;
  int channels = 1;
  Index size() const { return images.cols(); }
};

// An IDX image file (N x rows x cols) and its labels as an ImageSet that keeps the file's bytes (moved, not
// copied); the checks and messages are make_dataset's.
ImageSet make_image_set(IdxArray&& images, const IdxArray* labels, const std::string& name = "images");
// A Dataset's images without copying them (a view: `d` must outlive the set), its labels and names copied.
ImageSet image_set_view(const Dataset& d);

}  // namespace ae
