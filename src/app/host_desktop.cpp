// host.h for the desktop app: files on disk instead of the page's downloads and browser storage.
#include <cstdio>
#include <cstdlib>

#include "app_context.h"
#include "dataset.h"
#include "error.h"
#include "file_io.h"
#include "host.h"
#include "platform.h"

namespace aeplay::host {

namespace {
std::string cache_dir() {
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.cache/aeplay";
}
}  // namespace

void request_model_file() {
  app().playground.notify("Desktop: start the app with --model FILE.aep to load a model file.");
}

void download(const std::string& filename, const std::vector<uint8_t>& bytes) {
  try {
    ae::write_file_atomic(filename, bytes);
    app().playground.notify("Saved " + filename + " in the current directory.");
  } catch (const ae::Error& e) {
    app().playground.notify(e.what(), true);
  }
}

void request_model(const std::string& id) {
  Playground& pg = app().playground;
  try {
    std::string err = pg.add_model_bytes(id, id, ae::read_file(platform_asset_path(("assets/models/" + id + ".aep").c_str()), 300u << 20), Origin::Shipped);
    if (!err.empty()) throw ae::Error(err);
    pg.select_model(id);
  } catch (const ae::Error& e) {
    pg.notify(e.what(), true);
  }
}

void request_train_set() {
  Playground& pg = app().playground;
  try {
    const std::string dir = ae::default_data_dir();
    auto images = ae::read_file(dir + "/train-images-idx3-ubyte", 64u << 20);
    auto labels = ae::read_file(dir + "/train-labels-idx1-ubyte", 1u << 20);
    std::string err = pg.load_train_set(images, labels);
    if (!err.empty()) throw ae::Error(err);
    train_set_arrived();
  } catch (const ae::Error& e) {
    pg.notify(std::string("Cannot load the MNIST training set: ") + e.what(), true);
  }
}

void save_trained(const std::vector<uint8_t>& model, const std::string& history_json) {
  try {
    std::system(("mkdir -p '" + cache_dir() + "'").c_str());
    ae::write_file_atomic(cache_dir() + "/trained.aep", model);
    ae::write_file_atomic(cache_dir() + "/trained.json",
                          std::vector<uint8_t>(history_json.begin(), history_json.end()));
  } catch (const ae::Error& e) {
    app().playground.notify(e.what(), true);
  }
}

void forget_trained() {
  std::remove((cache_dir() + "/trained.aep").c_str());
  std::remove((cache_dir() + "/trained.json").c_str());
}

void set_url_query(const std::string&) {}
bool tab_hidden() { return false; }

}  // namespace aeplay::host
