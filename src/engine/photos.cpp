#include "photos.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "error.h"
#include "file_io.h"

#ifndef AEPLAY_DEFAULT_PHOTOS_DIR
#define AEPLAY_DEFAULT_PHOTOS_DIR ""
#endif

namespace ae {

namespace fs = std::filesystem;

size_t cut_patches(const RgbImage& photo, const PhotoPatchPlan& plan, std::vector<uint8_t>& out) {
  if (plan.side < 1 || plan.stride < 1) throw Error("photo patches: side and stride must be positive");
  const int S = plan.side;
  size_t count = 0;
  for (int short_side : plan.short_sides) {
    const double scale = double(short_side) / std::min(photo.width, photo.height);
    if (scale > 1.0) continue;  // never enlarge: an upscaled patch holds no more than the original's pixels
    const int w = std::max(1, int(std::lround(photo.width * scale))), h = std::max(1, int(std::lround(photo.height * scale)));
    const RgbImage small = resize_rgb(photo, w, h);
    for (int y0 = 0; y0 + S <= h; y0 += plan.stride)
      for (int x0 = 0; x0 + S <= w; x0 += plan.stride) {
        for (int c = 0; c < 3; ++c)
          for (int y = 0; y < S; ++y)
            for (int x = 0; x < S; ++x) {
              const float v = small.pixels[(size_t(y0 + y) * w + size_t(x0 + x)) * 3 + size_t(c)];
              out.push_back(static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)));
            }
        ++count;
      }
  }
  return count;
}

std::vector<std::string> list_photos(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(dir + ": no such folder of photographs");
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string ext = e.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (e.is_regular_file() && (ext == ".jpg" || ext == ".jpeg" || ext == ".png")) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw Error(dir + ": no PNG or JPEG photographs in it");
  return files;
}

std::vector<std::string> photo_sources(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = list.find(',', start);
    const std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::error_code ec;
    if (fs::is_directory(item, ec)) {
      for (std::string& f : list_photos(item)) out.push_back(std::move(f));
    } else if (fs::is_regular_file(item, ec)) {
      out.push_back(item);
    } else {
      throw Error("photographs: '" + item + "' is neither a folder nor a file");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool is_test_photo(size_t index) { return index % 4 == 3; }

namespace {

std::vector<uint8_t> idx_bytes(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> out{0, 0, 0x08, uint8_t(dims.size())};
  for (uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(d >> shift));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

}  // namespace

PhotosBuilt build_photos(const std::vector<std::string>& photos, const std::string& out_dir, const PhotoPatchPlan& plan,
                         const std::string& licence, const std::vector<std::string>& copyright_files) {
  if (photos.size() > 255) throw Error("photos: at most 255 photographs (the patch labels are bytes)");
  fs::create_directories(out_dir);
  PhotosBuilt built;
  std::vector<uint8_t> pixels[2], owners[2];
  std::ostringstream sources;
  sources << "# aeplay photos data set: " << plan.side << "x" << plan.side
          << " RGB patches; photograph i (this list's order) is a test photograph when i % 4 == 3\n"
          << "# number  split  width x height  patches  file\n";
  for (size_t i = 0; i < photos.size(); ++i) {
    const ImageLimits limits{8192, 64ull << 20};
    const std::vector<uint8_t> file = read_file(photos[i], limits.max_file_bytes);
    const RgbImage photo = decode_rgb_image(file.data(), file.size(), photos[i], limits);
    const int split = is_test_photo(i) ? 1 : 0;
    const size_t n = cut_patches(photo, plan, pixels[split]);
    owners[split].insert(owners[split].end(), n, uint8_t(i));
    (split ? built.test_patches : built.train_patches) += n;
    (split ? built.test_photos : built.train_photos).push_back(photos[i]);
    sources << i << "  " << (split ? "test " : "train") << "  " << photo.width << " x " << photo.height << "  " << n
            << "  " << photos[i] << "\n";
  }
  if (built.train_patches == 0 || built.test_patches == 0)
    throw Error("photos: need at least 4 photographs large enough for patches (one in four is the test set)");
  const uint32_t S = uint32_t(plan.side);
  for (int split = 0; split < 2; ++split) {
    const std::string prefix = out_dir + "/" + (split ? "test" : "train");
    const uint32_t n = uint32_t(owners[split].size());
    write_file_atomic(prefix + "-images-idx4-ubyte", idx_bytes({n, 3, S, S}, pixels[split]));
    write_file_atomic(prefix + "-photos-idx1-ubyte", idx_bytes({n}, owners[split]));
  }
  sources << "\n" << licence << "\n";
  const std::string text = sources.str();
  write_file_atomic(out_dir + "/SOURCES.txt", std::vector<uint8_t>(text.begin(), text.end()));
  for (const std::string& f : copyright_files)  // /usr/share/doc/PACKAGE/copyright -> COPYRIGHT.PACKAGE
    write_file_atomic(out_dir + "/COPYRIGHT." + fs::path(f).parent_path().filename().string(), read_file(f, 1u << 20));
  return built;
}

std::string photos_dir() {
  if (const char* env = std::getenv("AEPLAY_PHOTOS"); env && *env) return env;
  return AEPLAY_DEFAULT_PHOTOS_DIR;
}

Dataset load_photos(const std::string& dir, Split split, Index limit) {
  if (dir.empty()) throw Error("photos directory not set: run scripts/build-native.sh (it builds the set), or set AEPLAY_PHOTOS");
  const std::string prefix = dir + "/" + (split == Split::Train ? "train" : "test");
  const std::string images_path = prefix + "-images-idx4-ubyte";
  std::error_code ec;
  if (!fs::is_regular_file(images_path, ec))
    throw Error(images_path + ": not found; build the photos data set with `aeplay make-photos` (scripts/build-native.sh "
                "runs it when Debian's mate-backgrounds is installed)");
  const IdxArray images = read_idx(images_path);
  const IdxArray owners = read_idx(prefix + "-photos-idx1-ubyte");
  if (images.dims.size() != 4 || images.dims[1] != kPhotoChannels)
    throw Error(images_path + ": expected RGB patches (count x 3 x rows x cols), got " +
                std::to_string(images.dims.size()) + " dimensions" +
                (images.dims.size() == 4 ? " with " + std::to_string(images.dims[1]) + " channels" : std::string()));
  Dataset d = make_dataset(images, &owners, limit, images_path);
  d.name = "photos";
  return d;
}

}  // namespace ae
