// host.h for the web page: each service is a call into Module.aeplayHost (web/host.js, given to the module by
// web/page.js); what it fetches comes back through the JS API (bridge/js_data.cpp), so no Listener is needed.
#include <emscripten.h>

#include "platform/host.h"

// clang-format off
EM_JS(void, js_request_model_file, (), { Module.aeplayHost.requestModelFile(); });
EM_JS(void, js_download, (const char* name, const uint8_t* data, int n), {
  Module.aeplayHost.download(UTF8ToString(name), HEAPU8.slice(data, data + n));
});
EM_JS(void, js_request_dataset_split, (const char* id, int train), {
  Module.aeplayHost.requestDatasetSplit(UTF8ToString(id), train !== 0);
});
EM_JS(void, js_request_image_files, (), { Module.aeplayHost.requestImageFiles(); });
EM_JS(void, js_request_user_set_file, (), { Module.aeplayHost.requestUserSetFile(); });
EM_JS(void, js_save_user_set, (const uint8_t* data, int n), {
  Module.aeplayHost.saveUserSet(HEAPU8.slice(data, data + n));
});
EM_JS(void, js_request_model, (const char* id), { Module.aeplayHost.requestModel(UTF8ToString(id)); });
EM_JS(void, js_save_trained, (const uint8_t* data, int n, const char* history), {
  Module.aeplayHost.saveTrained(HEAPU8.slice(data, data + n), UTF8ToString(history));
});
EM_JS(void, js_forget_trained, (), { Module.aeplayHost.forgetTrained(); });
EM_JS(void, js_set_url_query, (const char* q), { Module.aeplayHost.setQuery(UTF8ToString(q)); });
EM_JS(int, js_tab_hidden, (), { return document.hidden ? 1 : 0; });
EM_JS(int, js_in_iframe, (), { try { return window.self !== window.top ? 1 : 0; } catch (e) { return 1; } });
EM_JS(int, js_coarse_pointer, (), {
  return window.matchMedia && window.matchMedia('(pointer: coarse)').matches ? 1 : 0;
});
EM_JS(int, js_prefers_dark, (), {
  return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 1 : 0;
});
// clang-format on

namespace aeplay::host {

void request_model_file(Listener&) { js_request_model_file(); }
void download(const std::string& filename, const std::vector<uint8_t>& bytes, Listener&) {
  js_download(filename.c_str(), bytes.data(), static_cast<int>(bytes.size()));
}
void request_dataset_split(const std::string& dataset, bool train, Listener&) {
  js_request_dataset_split(dataset.c_str(), train ? 1 : 0);
}
void request_image_files(Listener&) { js_request_image_files(); }
void request_user_set_file(Listener&) { js_request_user_set_file(); }
void save_user_set(const std::vector<uint8_t>& npz, Listener&) { js_save_user_set(npz.data(), static_cast<int>(npz.size())); }
void request_model(const std::string& id, Listener&) { js_request_model(id.c_str()); }
void save_trained(const std::vector<uint8_t>& model, const std::string& history_json, Listener&) {
  js_save_trained(model.data(), static_cast<int>(model.size()), history_json.c_str());
}
void forget_trained() { js_forget_trained(); }
void set_url_query(const std::string& query) { js_set_url_query(query.c_str()); }
bool tab_hidden() { return js_tab_hidden() != 0; }
bool in_iframe() { return js_in_iframe() != 0; }
bool prefers_dark() { return js_prefers_dark() != 0; }
bool coarse_pointer() { return js_coarse_pointer() != 0; }
bool page_draws_strokes() { return true; }

}  // namespace aeplay::host
