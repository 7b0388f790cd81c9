#include "core/user_set.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "error.h"
#include "interop/npz.h"

namespace aeplay {

std::string UserSet::check_class(const std::string& name) const {
  if (name.empty()) return "give the image a class name";
  if (name.size() > kMaxClassNameBytes)
    return "class names have at most " + std::to_string(kMaxClassNameBytes) + " characters";
  if (std::find(classes_.begin(), classes_.end(), name) == classes_.end() && classes_.size() >= kMaxClasses)
    return "my set has room for " + std::to_string(kMaxClasses) + " classes";
  return "";
}

std::string UserSet::add(const ae::Vec& pixels, const std::string& class_name) {
  if (size() >= kMaxImages) return "my set is full (" + std::to_string(kMaxImages) + " images): remove some first";
  if (pixels.size() != kPixels) return "an image of my set has " + std::to_string(kPixels) + " pixels";
  if (std::string err = check_class(class_name); !err.empty()) return err;
  std::array<uint8_t, kPixels> bytes{};
  for (int i = 0; i < kPixels; ++i) {
    const float v = pixels(i);
    if (!std::isfinite(v)) return "the image has pixels that are not numbers";
    bytes[size_t(i)] = static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
  }
  auto it = std::find(classes_.begin(), classes_.end(), class_name);
  if (it == classes_.end()) it = classes_.insert(classes_.end(), class_name);
  images_.push_back(bytes);
  labels_.push_back(static_cast<uint8_t>(it - classes_.begin()));
  ++version_;
  return "";
}

std::string UserSet::add_image_file(const uint8_t* bytes, size_t size, const std::string& file_name,
                                    const std::string& class_name, ae::ImageFit fit, ae::ImageInvert invert) {
  if (this->size() >= kMaxImages) return "my set is full (" + std::to_string(kMaxImages) + " images): remove some first";
  if (std::string err = check_class(class_name); !err.empty()) return err;
  try {
    return add(ae::image_file_to_input(bytes, size, file_name, fit, invert), class_name);
  } catch (const ae::Error& e) {
    return e.what();
  }
}

bool UserSet::remove(size_t index) {
  if (index >= size()) return false;
  images_.erase(images_.begin() + long(index));
  labels_.erase(labels_.begin() + long(index));
  // Renumber so that the classes still in use stay in their order.
  for (size_t c = classes_.size(); c-- > 0;)
    if (std::find(labels_.begin(), labels_.end(), uint8_t(c)) == labels_.end()) {
      classes_.erase(classes_.begin() + long(c));
      for (uint8_t& l : labels_)
        if (l > c) --l;
    }
  ++version_;
  return true;
}

void UserSet::clear() {
  images_.clear(), labels_.clear(), classes_.clear();
  ++version_;
}

ae::Vec UserSet::image(size_t index) const {
  ae::Vec v(kPixels);
  for (int i = 0; i < kPixels; ++i) v(i) = images_.at(index)[size_t(i)] * (1.0f / 255.0f);
  return v;
}

ae::ImageSet UserSet::as_dataset() const {
  ae::ImageSet d;
  d.name = kName;
  std::vector<uint8_t> bytes;
  bytes.reserve(size() * kPixels);
  for (const auto& img : images_) bytes.insert(bytes.end(), img.begin(), img.end());
  d.images = ae::ImageStore::from_bytes(std::move(bytes), kPixels);
  d.labels = labels_;
  d.class_names = classes_;
  return d;
}

std::vector<uint8_t> UserSet::to_npz() const {
  ae::interop::TensorFile f;
  std::vector<float> pixels, labels(labels_.begin(), labels_.end());
  pixels.reserve(size() * kPixels);
  for (const auto& img : images_)
    for (uint8_t b : img) pixels.push_back(b * (1.0f / 255.0f));
  f.tensors.push_back({"images", {int64_t(size()), kImageSide, kImageSide}, std::move(pixels)});
  f.tensors.push_back({"labels", {int64_t(size())}, std::move(labels)});
  f.metadata["aeplay"] = nlohmann::json{{"kind", "image set"}, {"name", kName}, {"classes", classes_}}.dump();
  return ae::interop::write_npz(f);
}

std::string UserSet::load_npz(const uint8_t* bytes, size_t size, const std::string& name) {
  if (size > kMaxFileBytes) return name + ": larger than the " + std::to_string(kMaxFileBytes >> 20) + " MiB limit";
  try {
    const ae::interop::TensorFile f = ae::interop::parse_npz(bytes, size, name);
    auto find = [&](const char* n) -> const ae::interop::NamedTensor* {
      for (const auto& t : f.tensors)
        if (t.name == n) return &t;
      return nullptr;
    };
    const auto* images = find("images");
    const auto* labels = find("labels");
    if (!images || !labels) return name + ": needs the arrays 'images' (N x 28 x 28) and 'labels' (N)";
    const int64_t n = images->shape.empty() ? 0 : images->shape[0];
    const bool shape_ok = (images->shape.size() == 3 && images->shape[1] == kImageSide && images->shape[2] == kImageSide) ||
                          (images->shape.size() == 2 && images->shape[1] == kPixels);
    if (!shape_ok) return name + ": 'images' must be N x 28 x 28 (or N x 784)";
    if (labels->shape != std::vector<int64_t>{n}) return name + ": 'labels' must hold one label per image";
    if (size_t(n) > kMaxImages) return name + ": " + std::to_string(n) + " images, my set holds at most " + std::to_string(kMaxImages);
    std::vector<std::string> names;
    if (auto it = f.metadata.find("aeplay"); it != f.metadata.end()) {
      const auto meta = nlohmann::json::parse(it->second, nullptr, false);
      if (meta.is_object() && meta.contains("classes") && meta["classes"].is_array())
        for (const auto& c : meta["classes"]) names.push_back(c.is_string() ? c.get<std::string>() : c.dump());
    }
    // Pixels in [0, 1], or bytes 0..255 as many tools save them.
    const bool bytes_scale = !images->data.empty() && *std::max_element(images->data.begin(), images->data.end()) > 1.0f;
    const float scale = bytes_scale ? 1.0f / 255.0f : 1.0f;
    UserSet next;
    for (int64_t j = 0; j < n; ++j) {
      const float l = labels->data[size_t(j)];
      if (!(l >= 0 && l < 256 && l == std::floor(l))) return name + ": label " + std::to_string(l) + " is not a class number";
      const size_t c = size_t(l);
      const std::string cls = c < names.size() ? names[c] : std::to_string(c);
      ae::Vec px = Eigen::Map<const ae::Vec>(images->data.data() + j * kPixels, kPixels) * scale;
      if (std::string err = next.add(px, cls); !err.empty()) return name + ": image " + std::to_string(j) + ": " + err;
    }
    const uint64_t v = version_;
    *this = std::move(next);
    version_ = v + 1;
    return "";
  } catch (const ae::Error& e) {
    return e.what();
  }
}

}  // namespace aeplay
