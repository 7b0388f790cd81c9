// Services the page or the desktop provides to the playground: files, downloads, browser storage, data.
// One implementation per target: host_web.cpp (JS in the page) and host_desktop.cpp (files on disk).
// Results that arrive later (a picked file, fetched data) come back through Playground / the JS API.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aeplay::host {

void request_model_file();  // let the user pick a .aep file; it arrives via aeplay_add_model
void request_model(const std::string& id);  // fetch a listed model; it arrives via aeplay_add_model
void download(const std::string& filename, const std::vector<uint8_t>& bytes);
void request_train_set();   // fetch MNIST's training set; it arrives via aeplay_set_train_data
// Keeps the user's trained model (and its loss history as JSON) across reloads; forget() drops it.
void save_trained(const std::vector<uint8_t>& model, const std::string& history_json);
void forget_trained();
void set_url_query(const std::string& query);  // reflect the current settings in the address bar
bool tab_hidden();                             // training pauses in background tabs: say so

}  // namespace aeplay::host
