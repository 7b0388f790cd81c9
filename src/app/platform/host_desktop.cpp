// host.h for the desktop app: files on disk instead of the page's downloads and browser storage.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "dataset.h"
#include "error.h"
#include "file_io.h"
#include "platform/host.h"
#include "platform/platform.h"

namespace aeplay::host {

namespace {
constexpr size_t kMaxModelFile = 300u << 20;  // as ae::kMaxModelFileBytes
std::string cache_dir() {
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.cache/aeplay";
}
// The cache folder, made if missing; throws ae::Error (which the callers pass to the Listener) if it cannot be.
void make_cache_dir() {
  std::error_code error;
  std::filesystem::create_directories(cache_dir(), error);
  if (error) throw ae::Error("cannot create " + cache_dir() + ": " + error.message());
}
}  // namespace

void request_model_file(Listener& to) {
  to.on_notice("Desktop: start the app with --model FILE.aep to load a model file.", false);
}

void download(const std::string& filename, const std::vector<uint8_t>& bytes, Listener& to) {
  try {
    ae::write_file_atomic(filename, bytes);
    to.on_notice("Saved " + filename + " in the current directory.", false);
  } catch (const ae::Error& e) {
    to.on_notice(e.what(), true);
  }
}

void request_model(const std::string& id, Listener& to) {
  try {
    to.on_model(id, ae::read_file(platform_asset_path(("assets/models/" + id + ".aep").c_str()), kMaxModelFile), true);
  } catch (const ae::Error& e) {
    to.on_notice(e.what(), true);
  }
}

void request_dataset_split(const std::string& dataset, bool train, Listener& to) {
  try {
    const std::string dir = dataset == "fashion" ? ae::fashion_data_dir() : ae::default_data_dir();
    const std::string prefix = dir + (train ? "/train" : "/t10k");
    to.on_dataset_split(dataset, train, ae::read_file(prefix + "-images-idx3-ubyte", 64u << 20),
                        ae::read_file(prefix + "-labels-idx1-ubyte", 1u << 20));
  } catch (const ae::Error& e) {
    to.on_notice("Cannot load the " + dataset + " data (run scripts/setup.sh): " + e.what(), true);
  }
}

void request_image_files(Listener& to) {
  to.on_notice("Desktop: make a folder of images with one subfolder per class and train on it with "
               "aeplay train --dataset FOLDER.", false);
}
void request_user_set_file(Listener& to) { request_image_files(to); }
void save_user_set(const std::vector<uint8_t>& npz, Listener& to) {
  try {
    make_cache_dir();
    ae::write_file_atomic(cache_dir() + "/my-set.npz", npz);
  } catch (const ae::Error& e) {
    to.on_notice(e.what(), true);
  }
}

void save_trained(const std::vector<uint8_t>& model, const std::string& history_json, Listener& to) {
  try {
    make_cache_dir();
    ae::write_file_atomic(cache_dir() + "/trained.aep", model);
    ae::write_file_atomic(cache_dir() + "/trained.json", std::vector<uint8_t>(history_json.begin(), history_json.end()));
  } catch (const ae::Error& e) {
    to.on_notice(e.what(), true);
  }
}

void forget_trained() {
  std::remove((cache_dir() + "/trained.aep").c_str());
  std::remove((cache_dir() + "/trained.json").c_str());
}

void set_url_query(const std::string&) {}
bool tab_hidden() { return false; }
bool in_iframe() { return false; }
bool coarse_pointer() { return false; }
bool page_draws_strokes() { return false; }
bool prefers_dark() { return true; }  // the desktop app keeps the dark theme unless theme= says otherwise

}  // namespace aeplay::host
