#include "image_folder.h"

#include <algorithm>
#include <filesystem>

#include "error.h"
#include "file_io.h"

namespace ae {

namespace fs = std::filesystem;

namespace {

bool is_image_file(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

std::vector<fs::path> sorted_entries(const fs::path& dir, bool want_dirs) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().filename().string().front() == '.') continue;  // hidden files, .DS_Store
    if (want_dirs ? e.is_directory() : (e.is_regular_file() && is_image_file(e.path()))) out.push_back(e.path());
  }
  if (ec) throw Error(dir.string() + ": cannot read the folder (" + ec.message() + ")");
  std::sort(out.begin(), out.end());
  return out;
}

struct ClassFiles {
  std::string name;
  std::vector<fs::path> files;
};

// The classes of one tree: its subfolders, or (none having images) the tree itself as one class.
std::vector<ClassFiles> classes_of(const fs::path& root) {
  std::vector<ClassFiles> classes;
  for (const auto& sub : sorted_entries(root, true)) {
    auto files = sorted_entries(sub, false);
    if (!files.empty()) classes.push_back({sub.filename().string(), std::move(files)});
  }
  if (classes.empty()) {
    auto files = sorted_entries(root, false);
    if (!files.empty()) classes.push_back({root.filename().string(), std::move(files)});
  }
  return classes;
}

}  // namespace

bool looks_like_image_folder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  try {
    return !classes_of(dir).empty() || (fs::is_directory(fs::path(dir) / "train") && !classes_of(fs::path(dir) / "train").empty());
  } catch (const Error&) {
    return false;
  }
}

Dataset read_image_folder(const std::string& dir, Split split, const FolderOptions& options, Index limit) {
  const fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error(dir + ": not a folder");
  const bool has_split = fs::is_directory(root / "train", ec) && fs::is_directory(root / "test", ec);
  // Class names come from the training tree (or the whole folder), so both splits number them alike.
  const auto train_classes = classes_of(has_split ? root / "train" : root);
  if (train_classes.empty()) throw Error(dir + ": no .png, .jpg or .jpeg files in the folder or its subfolders");
  if (train_classes.size() > options.limits.max_classes)
    throw Error(dir + ": " + std::to_string(train_classes.size()) + " classes (subfolders) is over the limit of " +
                std::to_string(options.limits.max_classes));
  Dataset d;
  d.name = root.filename().empty() ? root.parent_path().filename().string() : root.filename().string();
  for (const auto& c : train_classes) d.class_names.push_back(c.name);

  struct Item { fs::path file; uint8_t label; };
  std::vector<Item> items;
  const auto source = has_split ? classes_of(root / (split == Split::Train ? "train" : "test")) : train_classes;
  for (const auto& c : source) {
    const auto it = std::find(d.class_names.begin(), d.class_names.end(), c.name);
    if (it == d.class_names.end())
      throw Error(dir + ": class '" + c.name + "' is in test/ but not in train/");
    for (size_t i = 0; i < c.files.size(); ++i)
      if (has_split || is_test_item(i) == (split == Split::Test))
        items.push_back({c.files[i], static_cast<uint8_t>(it - d.class_names.begin())});
  }
  if (items.size() > options.limits.max_images)
    throw Error(dir + ": " + std::to_string(items.size()) + " images is over the limit of " +
                std::to_string(options.limits.max_images));
  if (items.empty())
    throw Error(dir + ": no " + std::string(split == Split::Train ? "training" : "test") +
                " images (without train/ and test/ subfolders, every 10th image of a class is a test image)");
  if (limit > 0 && Index(items.size()) > limit) items.resize(size_t(limit));

  d.images.resize(784, Index(items.size()));
  d.labels.reserve(items.size());
  uint64_t total = 0;
  for (size_t j = 0; j < items.size(); ++j) {
    const std::string path = items[j].file.string();
    const std::vector<uint8_t> bytes = read_file(path, options.limits.image.max_file_bytes);
    total += bytes.size();
    if (total > options.limits.max_total_bytes)
      throw Error(dir + ": more than " + std::to_string(options.limits.max_total_bytes >> 20) + " MiB of images");
    d.images.col(Index(j)) = image_file_to_input(bytes.data(), bytes.size(), path, options.fit, options.invert,
                                                 options.limits.image);
    d.labels.push_back(items[j].label);
  }
  return d;
}

}  // namespace ae
