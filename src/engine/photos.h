// The photos data set: 32x32 RGB patches cut from the photographs of two Debian packages, mate-backgrounds
// (nature/*.jpg) and plasma-workspace-wallpapers (ten of its wallpapers that are photographs), all GPL-2+,
// built once at set-up (`aeplay make-photos`, run by scripts/build-native.sh) into $AEPLAY_CACHE/photos,
// outside the git tree. docs/datasets.md describes it.
//
// Layout of the directory (IDX files as MNIST's, with a channel dimension):
//   train-images-idx4-ubyte   N x 3 x 32 x 32 bytes: patch, channel (R, G, B), row, column (PyTorch's NCHW)
//   train-photos-idx1-ubyte   N bytes: the photograph each patch was cut from (its line in SOURCES.txt)
//   test-images-idx4-ubyte, test-photos-idx1-ubyte   the same for the test photographs
//   SOURCES.txt               one line per photograph: number, split, size, patches, file; then the licence
//   COPYRIGHT.<package>       each package's copyright file, copied
//
// The split is by photograph: photograph i (in the list's order) is a test photograph when i % 4 == 3, so no
// photograph gives patches to both sets. Each photograph is scaled (box filter) so its shorter side is each of
// a few sizes, and patches are cut on a grid at every scale: the coarse scales give whole objects, the fine ones
// texture.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "dataset.h"
#include "image_import.h"

namespace ae {

constexpr int kPhotoPatchSide = 32;
constexpr int kPhotoChannels = 3;

struct PhotoPatchPlan {
  int side = kPhotoPatchSide;
  int stride = 20;                                    // between patch corners, at every scale
  std::vector<int> short_sides{128, 192, 256, 384, 512};  // the photograph's shorter side at each scale
};

// Appends the patches of one photograph to `out` (side x side x 3 bytes each, planar); returns how many.
size_t cut_patches(const RgbImage& photo, const PhotoPatchPlan& plan, std::vector<uint8_t>& out);

// The PNG/JPEG files of a folder, sorted by name (the order the split counts in).
std::vector<std::string> list_photos(const std::string& dir);
// "A,B,...": each a folder (its photographs, sorted) or one image file, in that order.
std::vector<std::string> photo_sources(const std::string& list);
bool is_test_photo(size_t index);  // index % 4 == 3

struct PhotosBuilt {
  size_t train_patches = 0, test_patches = 0;
  std::vector<std::string> train_photos, test_photos;  // their paths
};
// Decodes `photos` (stb_image), cuts and writes the data set into `out_dir` (created; files replaced atomically).
// `licence` is written under the list in SOURCES.txt; each of `copyright_files` (/usr/share/doc/PACKAGE/copyright)
// is copied as COPYRIGHT.PACKAGE.
PhotosBuilt build_photos(const std::vector<std::string>& photos, const std::string& out_dir, const PhotoPatchPlan& plan,
                         const std::string& licence, const std::vector<std::string>& copyright_files = {});

// $AEPLAY_PHOTOS if set, else the directory the build was configured with ($AEPLAY_CACHE/photos).
std::string photos_dir();
// The patches of one split as a Dataset with channels = 3 (labels: the photograph of each patch).
Dataset load_photos(const std::string& dir, Split split, Index limit = 0);

}  // namespace ae
