// JS API: memory, data and models arriving from the page (web/api.js fetches them).
#include "core/catalog.h"
#include "kernels/gemm.h"
#include "error.h"
#include "bridge/bridge.h"

using aeplay::web::app;
using aeplay::web::bytes_of;
using aeplay::web::give;

uint8_t* aeplay_alloc(int n) { return n > 0 ? static_cast<uint8_t*>(std::malloc(static_cast<size_t>(n))) : nullptr; }
void aeplay_free(void* p) { std::free(p); }

// The Relaxed SIMD block loops (web/wasm-variant.js put gemm_relaxed.wasm's export at this function-table
// index; 0 goes back to the build's own); pick_faster: only if they measure faster here (the variant was chosen,
// not forced by wasm=). Returns the GEMM backend now in use.
const char* aeplay_use_gemm_block(int table_index, int pick_faster) {
  const auto block = reinterpret_cast<ae::kernels::GemmBlockFn>(static_cast<uintptr_t>(table_index));
  if (block && pick_faster) return ae::kernels::use_faster_gemm_block(block, "packed-relaxed-simd");
  ae::kernels::use_gemm_block(block, "packed-relaxed-simd");
  return ae::kernels::gemm_backend();
}

// A named data set's IDX bytes (already gunzipped by the page): its test split (train 0) or training split.
// Returns "" or an error message (also shown as a notice); data for a set no longer chosen is dropped.
// The bytes are read where the page put them (not copied first: MNIST's training images are 47 MB).
const char* aeplay_set_dataset_split(const char* id, int train, const uint8_t* img, int n, const uint8_t* lab, int m) {
  const auto view = [](const uint8_t* p, int size) { return aeplay::ByteView(p, p && size > 0 ? size_t(size) : 0); };
  return give(app().set_dataset_split(id ? id : "", train != 0, view(img, n), view(lab, m)));
}

// A shipped model (uploaded 0) or the user's file (1). A bad file leaves the current model selected and in use.
const char* aeplay_add_model(const char* id, const char* label, const uint8_t* data, int n, int uploaded, int select) {
  return give(app().add_model(id, label, bytes_of(data, n), uploaded ? aeplay::Origin::Uploaded : aeplay::Origin::Shipped,
                              select != 0));
}

// `where`: which saved record it was, for the notice ("saved in this tab, at 10:42:07"; web/storage.js).
const char* aeplay_restore_trained(const uint8_t* data, int n, const char* history, const char* where) {
  std::string err = app().playground.restore_training(bytes_of(data, n), history ? history : "", where ? where : "");
  if (!err.empty()) app().playground.notify(err, true);
  return give(err);
}

// The shipped models, for the page to fetch: [{"id", "label", "file", "lazy"}, ...] (core/catalog.h).
const char* aeplay_catalog_json() { return give(aeplay::catalog_json()); }

// The names of the presets the page trains (core/catalog.h: ae::Preset::trains_in_page).
const char* aeplay_page_presets_json() {
  nlohmann::json names = nlohmann::json::array();
  for (const ae::Preset* p : aeplay::page_presets()) names.push_back(p->name);
  return aeplay::web::give_json(names);
}

void aeplay_notify(const char* text) { app().playground.notify(text, true); }

// The current model as "aep", "safetensors", "npz" or "onnx": *size bytes at the returned pointer (valid until
// the next export); nullptr with *size = 0 when there is no model, or -1 for a bad format (the reason is a notice).
const uint8_t* aeplay_export_model(const char* format, int* size) {
  *size = 0;
  try {
    std::vector<uint8_t>& out = app().bridge.bytes;
    out = app().playground.current_model_as(format ? format : "");
    *size = static_cast<int>(out.size());
    return out.empty() ? nullptr : out.data();
  } catch (const ae::Error& e) {
    app().playground.notify(std::string("Could not export the model: ") + e.what(), true);
    *size = -1;
    return nullptr;
  }
}
