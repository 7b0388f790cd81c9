// "My set": the user's own data set in the page. Images come from uploads (PNG/JPEG of any size, fitted into
// 28x28 by image_import.h) and from drawings, each with a class name; the set is kept as 28x28 bytes, saved
// in the browser and exported or imported as one .npz file (images float32 N x 28 x 28 in [0, 1], labels
// float32 N, class names in the archive's aeplay metadata). Every limit is checked before anything changes.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image.h"
#include "dataset.h"
#include "image_import.h"

namespace aeplay {

class UserSet {
 public:
  static constexpr size_t kMaxImages = 2000;
  static constexpr size_t kMaxClasses = 32;
  static constexpr size_t kMaxClassNameBytes = 40;
  static constexpr uint64_t kMaxFileBytes = 64ull << 20;  // an imported .npz
  static constexpr const char* kName = "my set";

  // Each returns "" or why nothing was added; a set at its limit refuses more.
  std::string add(const ae::Vec& pixels, const std::string& class_name);  // kPixels values in [0, 1]
  std::string add_image_file(const uint8_t* bytes, size_t size, const std::string& file_name,
                             const std::string& class_name, ae::ImageFit fit, ae::ImageInvert invert);
  bool remove(size_t index);  // classes left without images disappear
  void clear();

  size_t size() const { return labels_.size(); }
  const std::vector<std::string>& classes() const { return classes_; }
  const std::vector<uint8_t>& labels() const { return labels_; }
  ae::Vec image(size_t index) const;
  uint64_t version() const { return version_; }  // bumped by every change
  ae::ImageSet as_dataset() const;               // every image (as bytes), labelled; name kName

  std::vector<uint8_t> to_npz() const;
  // Replaces the whole set with the file's; a bad file leaves the set as it was.
  std::string load_npz(const uint8_t* bytes, size_t size, const std::string& name);

 private:
  std::string check_class(const std::string& class_name) const;
  std::vector<std::array<uint8_t, kPixels>> images_;
  std::vector<uint8_t> labels_;
  std::vector<std::string> classes_;
  uint64_t version_ = 0;
};

}  // namespace aeplay
