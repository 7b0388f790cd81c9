// Services the page or the desktop provides to the playground: files, downloads, browser storage, data.
// One implementation per target: host_web.cpp (JS in the page) and host_desktop.cpp (files on disk).
// Results that arrive later go to a Listener: on the desktop directly; on the web the page delivers them
// through the JS API (web/), which calls the same AppContext methods.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aeplay::host {

class Listener {
 public:
  virtual ~Listener() = default;
  virtual void on_notice(const std::string& text, bool error) = 0;
  // A listed model's file arrived; `select`: the user chose it.
  virtual void on_model(const std::string& id, const std::vector<uint8_t>& bytes, bool select) = 0;
  // A named data set's IDX files arrived (`train`: the training split, else the test split).
  virtual void on_dataset_split(const std::string& dataset, bool train, const std::vector<uint8_t>& images,
                                const std::vector<uint8_t>& labels) = 0;
};

void request_model_file(Listener& to);  // let the user pick a .aep file (web: it arrives via aeplay_add_model)
void request_model(const std::string& id, Listener& to);  // fetch a listed model, then select it
void download(const std::string& filename, const std::vector<uint8_t>& bytes, Listener& to);
// Fetch a named data set's split (ae::named_datasets(): "mnist", "fashion").
void request_dataset_split(const std::string& dataset, bool train, Listener& to);
// My set: pick image files to add (web: each arrives via aeplay_user_set_add_file, with the class and the fit
// chosen in the panel), pick a set file (.npz) to load, keep the set across reloads (web: IndexedDB).
void request_image_files(Listener& to);
void request_user_set_file(Listener& to);
void save_user_set(const std::vector<uint8_t>& npz, Listener& to);
// Keeps the user's trained model (and its loss history as JSON) across reloads; forget() drops it.
void save_trained(const std::vector<uint8_t>& model, const std::string& history_json, Listener& to);
void forget_trained();
void set_url_query(const std::string& query);  // reflect the current settings in the address bar
bool tab_hidden();                             // training pauses in background tabs: say so
bool in_iframe();                              // the page is embedded in another page
bool prefers_dark();                           // the browser asks for a dark colour scheme
bool coarse_pointer();                         // the main pointer is a finger (pointer: coarse)
// The page draws strokes from its own pointer events (web/pointer.js: mouse, touch, pen); the desktop app
// draws them from ImGui's mouse.
bool page_draws_strokes();

}  // namespace aeplay::host
