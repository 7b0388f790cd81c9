#include "image_store.h"

#include <array>
#include <cstring>

#include "dataset.h"
#include "error.h"

namespace ae {

namespace {
// byte_to_float for every byte, computed once: the conversion per batch is a table look-up.
const std::array<float, 256>& byte_table() {
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (int b = 0; b < 256; ++b) t[size_t(b)] = byte_to_float(static_cast<uint8_t>(b));
    return t;
  }();
  return table;
}
}  // namespace

ImageStore::ImageStore(Mat floats) {
  auto owned = std::make_shared<const Mat>(std::move(floats));
  floats_ = owned->data();
  rows_ = owned->rows();
  cols_ = owned->cols();
  owner_ = std::move(owned);
}

ImageStore ImageStore::from_bytes(std::vector<uint8_t> data, Index pixels) {
  if (pixels < 1 || data.size() % size_t(pixels) != 0)
    throw Error("image bytes: " + std::to_string(data.size()) + " bytes are not whole images of " +
                std::to_string(pixels) + " pixels");
  ImageStore s;
  auto owned = std::make_shared<const std::vector<uint8_t>>(std::move(data));
  s.bytes_ = owned->data();
  s.rows_ = pixels;
  s.cols_ = Index(owned->size() / size_t(pixels));
  s.owner_ = std::move(owned);
  return s;
}

ImageStore ImageStore::view(const Mat& floats) {
  ImageStore s;
  s.floats_ = floats.data();
  s.rows_ = floats.rows();
  s.cols_ = floats.cols();
  return s;
}

float ImageStore::operator()(Index i, Index j) const {
  const size_t at = size_t(j * rows_ + i);
  return bytes_ ? byte_table()[bytes_[at]] : floats_[at];
}

void ImageStore::copy_col(Index j, float* out) const {
  const size_t at = size_t(j * rows_), n = size_t(rows_);
  if (!bytes_) {
    std::memcpy(out, floats_ + at, n * sizeof(float));
    return;
  }
  const float* table = byte_table().data();
  const uint8_t* in = bytes_ + at;
  for (size_t i = 0; i < n; ++i) out[i] = table[in[i]];
}

Vec ImageStore::col(Index j) const {
  Vec v(rows_);
  copy_col(j, v.data());
  return v;
}

void ImageStore::gather(const std::vector<int>& indices, Index first, Index count, Mat& dst) const {
  dst.resize(rows_, count);
  for (Index j = 0; j < count; ++j) copy_col(indices[size_t(first + j)], dst.col(j).data());
}

void ImageStore::columns(Index first, Index count, Mat& dst) const {
  dst.resize(rows_, count);
  for (Index j = 0; j < count; ++j) copy_col(first + j, dst.col(j).data());
}

Mat ImageStore::columns(Index first, Index count) const {
  Mat m;
  columns(first, count, m);
  return m;
}

ImageStore ImageStore::left(Index count) const {
  if (count < 0 || count > cols_)
    throw Error("images: asked for the first " + std::to_string(count) + " of " + std::to_string(cols_));
  ImageStore s = *this;
  s.cols_ = count;
  return s;
}

ImageSet make_image_set(IdxArray&& images, const IdxArray* labels, const std::string& name) {
  check_idx_images(images, labels, name);
  ImageSet s;
  const size_t side = images.dims.size() - 2;
  s.channels = images.dims.size() == 4 ? static_cast<int>(images.dims[1]) : 1;
  s.rows = static_cast<int>(images.dims[side]);
  s.cols = static_cast<int>(images.dims[side + 1]);
  s.images = ImageStore::from_bytes(std::move(images.data), Index(s.channels) * s.rows * s.cols);
  if (labels) {
    s.labels = labels->data;
    s.class_names = numbered_classes(s.labels);
  }
  return s;
}

ImageSet image_set_view(const Dataset& d) {
  ImageSet s;
  s.images = ImageStore::view(d.images);
  s.labels = d.labels;
  s.class_names = d.class_names;
  s.name = d.name;
  s.rows = d.rows;
  s.cols = d.cols;
  s.channels = d.channels;
  return s;
}

}  // namespace ae
