// Playground: the data sets (MNIST, Fashion-MNIST, my set) and my set's changes.
#include "core/playground.h"

#include <algorithm>

#include "error.h"
#include "idx.h"

namespace aeplay {

std::vector<std::string> Playground::dataset_ids() {
  std::vector<std::string> ids;
  for (const auto& d : ae::named_datasets()) ids.emplace_back(d.id);
  ids.emplace_back(kUserSetId);
  return ids;
}

std::string Playground::dataset_title(const std::string& id) {
  if (id == kUserSetId) return UserSet::kName;
  if (const auto* d = ae::find_named_dataset(id)) return d->title;
  return id;  // a user's set from the CLI, by its folder name
}

std::string Playground::set_dataset(const std::string& id) {
  if (id != kUserSetId && !ae::find_named_dataset(id)) {
    std::string known;
    for (const auto& k : dataset_ids()) known += (known.empty() ? "" : ", ") + k;
    return "no data set '" + id + "' (known: " + known + ")";
  }
  if (id == dataset_) return "";
  dataset_ = id;
  test_ = ae::ImageSet();
  train_ = ae::ImageSet();
  digit_ = 0;
  ++versions_.test_set;  // what the test image shows comes from the test set: the outputs follow this
  if (id == kUserSetId) user_set_changed();
  return "";
}

std::string Playground::model_dataset() const {
  if (current_ == kTrainedId) return has_trained_model() ? trained_on_ : "";
  const ModelEntry* e = current_entry();
  return e ? e->file.dataset : "";
}

std::string Playground::dataset_note() const {
  const std::string trained_on = model_dataset();
  // Models read from files name their data set as the CLI does: "mnist", "fashion", or a folder's name.
  const std::string shown = dataset_ == kUserSetId ? UserSet::kName : dataset_;
  if (trained_on.empty() || trained_on == shown) return "";
  return "This model learned " + dataset_title(trained_on) + "; it now sees " + dataset_title(dataset_) +
         ", which it never saw: it redraws them in the shapes it knows.";
}

std::string Playground::load_split(ByteView images, ByteView labels, ae::ImageSet& into, const char* split) {
  const std::string name = dataset_title(dataset_) + " " + split;
  try {
    if (dataset_is_user_set()) throw ae::Error("my set is not loaded from files; add images to it instead");
    ae::IdxArray img = ae::parse_idx(images.data, images.size, name + " images");
    ae::IdxArray lab = ae::parse_idx(labels.data, labels.size, name + " labels");
    ae::ImageSet d = ae::make_image_set(std::move(img), &lab, name + " images");  // the bytes, kept
    if (d.rows != kImageSide || d.cols != kImageSide || d.channels != 1)
      throw ae::Error(name + " images are not 28x28 grey");
    const auto* named = ae::find_named_dataset(dataset_);
    d.name = named->id;
    if (!d.labels.empty() && *std::max_element(d.labels.begin(), d.labels.end()) >= named->classes.size())
      throw ae::Error(name + " labels go beyond the " + std::to_string(named->classes.size()) + " classes");
    d.class_names = named->classes;
    into = std::move(d);
    return "";
  } catch (const ae::Error& e) {
    return e.what();
  }
}

std::string Playground::load_test_set(ByteView images, ByteView labels) {
  std::string err = load_split(images, labels, test_, "test");
  if (err.empty()) ++versions_.test_set;
  return err;
}

std::string Playground::load_train_set(ByteView images, ByteView labels) {
  return load_split(images, labels, train_, "training");
}

void Playground::user_set_changed() {
  if (!dataset_is_user_set()) return;
  test_ = user_set_.as_dataset();
  train_ = test_;
  if (digit_ >= test_.size()) digit_ = 0;
  ++versions_.test_set;
}

std::string Playground::add_input_to_user_set(const std::string& class_name) {
  update();  // clean_ is the input as shown
  bool blank = true;
  for (float v : clean_) blank = blank && v <= 0.0f;
  if (blank) return "the input is blank: draw something first";
  std::string err = user_set_.add(Eigen::Map<const ae::Vec>(clean_.data(), kPixels), class_name);
  if (err.empty()) user_set_changed();
  return err;
}

std::string Playground::add_file_to_user_set(const uint8_t* bytes, size_t size, const std::string& file_name,
                                             const std::string& class_name, ae::ImageFit fit, ae::ImageInvert invert) {
  std::string err = user_set_.add_image_file(bytes, size, file_name, class_name, fit, invert);
  if (err.empty()) user_set_changed();
  return err;
}

bool Playground::remove_from_user_set(size_t index) {
  if (!user_set_.remove(index)) return false;
  user_set_changed();
  return true;
}

std::string Playground::load_user_set(const std::vector<uint8_t>& npz, const std::string& name) {
  std::string err = user_set_.load_npz(npz.data(), npz.size(), name);
  if (err.empty()) user_set_changed();
  return err;
}

}  // namespace aeplay
