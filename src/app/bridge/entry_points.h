// The JS API's entry points, listed once. Each row: the C signature and the types web/api.js passes to
// Module.cwrap. The list declares every entry point (extern "C", kept alive for the page), so a definition
// with another signature does not compile; js_latent.cpp takes each one's address, so a missing
// definition does not link; and api.js builds its calls from aeplay_entry_points() and refuses to start if
// the module lacks one. Pointers and sizes cross as "number"; strings are copied by cwrap.
#pragma once
#include <emscripten.h>

#include <cstdint>

// X(return type, name, (C parameters), "cwrap return", "cwrap argument types, comma-separated")
#define AEPLAY_ENTRY_POINTS(X)                                                                                    \
  /* memory and data (js_data.cpp) */                                                                            \
  X(uint8_t*, aeplay_alloc, (int n), "number", "number")                                                          \
  X(void, aeplay_free, (void* p), "null", "number")                                                               \
  X(const char*, aeplay_set_dataset_split,                                                                        \
    (const char* id, int train, const uint8_t* img, int n, const uint8_t* lab, int m), "string",                  \
    "string,number,number,number,number,number")                                                                  \
  X(const char*, aeplay_add_model,                                                                                \
    (const char* id, const char* label, const uint8_t* data, int n, int uploaded, int select), "string",          \
    "string,string,number,number,number,number")                                                                  \
  X(const char*, aeplay_restore_trained, (const uint8_t* data, int n, const char* history, const char* where),      \
    "string", "number,number,string,string")                                                                      \
  X(const char*, aeplay_catalog_json, (), "string", "")                                                           \
  X(const char*, aeplay_page_presets_json, (), "string", "")                                                      \
  X(const uint8_t*, aeplay_export_model, (const char* format, int* size), "number", "string,number")            \
  X(void, aeplay_notify, (const char* text), "null", "string")                                                    \
  X(const char*, aeplay_use_gemm_block, (int table_index, int pick_faster), "string", "number,number")           \
  /* controls (js_controls.cpp) */                                                                               \
  X(int, aeplay_select_model, (const char* id), "number", "string")                                               \
  X(const char*, aeplay_set_noise, (const char* spec), "string", "string")                                        \
  X(void, aeplay_set_seed, (double seed), "null", "number")                                                       \
  X(int, aeplay_load_test_digit, (int index), "number", "number")                                                 \
  X(int, aeplay_random_test_digit, (), "number", "")                                                              \
  X(void, aeplay_stroke_begin, (float x, float y), "null", "number,number")                                       \
  X(void, aeplay_stroke_move, (float x, float y), "null", "number,number")                                        \
  X(void, aeplay_stroke_end, (), "null", "")                                                                      \
  X(void, aeplay_clear_drawing, (), "null", "")                                                                   \
  X(void, aeplay_undo, (), "null", "")                                                                            \
  X(const char*, aeplay_set_tool, (const char* tool), "string", "string")                                        \
  X(void, aeplay_clear_eraser, (), "null", "")                                                                    \
  X(const char*, aeplay_set_input, (const uint8_t* pixels, int n), "string", "number,number")                    \
  X(const char*, aeplay_train_start,                                                                              \
    (const char* layers, const char* noise, double lr, int batch, int images, int epochs), "string",              \
    "string,string,number,number,number,number")                                                                  \
  X(const char*, aeplay_train_preset,                                                                             \
    (const char* preset, int code, const char* noise, double lr, int batch, int images, int epochs), "string",    \
    "string,number,string,number,number,number,number")                                                           \
  X(void, aeplay_train_pause, (), "null", "")                                                                     \
  X(void, aeplay_train_resume, (), "null", "")                                                                    \
  X(void, aeplay_train_discard, (), "null", "")                                                                   \
  X(void, aeplay_inside_show, (int open), "null", "number")                                                       \
  /* data sets and my set (js_datasets.cpp) */                                                                    \
  X(const char*, aeplay_set_dataset, (const char* id), "string", "string")                                        \
  X(const char*, aeplay_user_set_add_file,                                                                        \
    (const uint8_t* data, int n, const char* file, const char* cls, const char* fit, const char* invert), "string", \
    "number,number,string,string,string,string")                                                                  \
  X(const char*, aeplay_user_set_add_input, (const char* cls), "string", "string")                                \
  X(int, aeplay_user_set_remove, (int index), "number", "number")                                                 \
  X(const uint8_t*, aeplay_user_set_export, (int* size), "number", "number")                                      \
  X(const char*, aeplay_user_set_import, (const uint8_t* data, int n, const char* name), "string",               \
    "number,number,string")                                                                                       \
  X(const char*, aeplay_user_set_json, (), "string", "")                                                          \
  /* the training worker (js_training.cpp) */                                                                     \
  X(void, aeplay_training_report, (int run, const uint8_t* json, int n), "null", "number,number,number")          \
  X(void, aeplay_training_snapshot, (int run, const float* params, int count), "null", "number,number,number")   \
  X(void, aeplay_training_failed, (int run, const char* why), "null", "number,string")                            \
  X(void, aeplay_pca_decomposed, (int request, const double* values, const double* vectors, int n), "null",      \
    "number,number,number,number")                                                                                \
  /* read-back (js_state.cpp) */                                                                                 \
  X(const float*, aeplay_array, (const char* name), "number", "string")                                           \
  X(const char*, aeplay_array_names, (), "string", "")                                                            \
  X(const float*, aeplay_vae_samples, (int n, double seed), "number", "number,number")                            \
  X(const char*, aeplay_inside_json, (), "string", "")                                                            \
  X(const char*, aeplay_state_json, (), "string", "")                                                             \
  X(const char*, aeplay_facts, (), "string", "")                                                                  \
  X(int, aeplay_frame_count, (), "number", "")                                                                    \
  X(void, aeplay_request_frames, (int n), "null", "number")                                                       \
  X(const char*, aeplay_entry_points, (), "string", "")                                                           \
  X(const char*, aeplay_layout_json, (), "string", "")                                                            \
  X(const char*, aeplay_theme_json, (), "string", "")                                                             \
  X(const char*, aeplay_lessons_json, (), "string", "")                                                           \
  X(const char*, aeplay_version, (), "string", "")                                                                \
  X(const char*, aeplay_set_layout, (const char* layout, const char* panels), "string", "string,string")         \
  X(const char*, aeplay_set_theme, (const char* theme), "string", "string")                                      \
  /* the latent-space panel (js_latent.cpp) */                                                                   \
  X(void, aeplay_latent_show, (int open), "null", "number")                                                       \
  X(const char*, aeplay_latent_json, (), "string", "")                                                            \
  X(int, aeplay_latent_decode_at, (float x, float y), "number", "number,number")                                  \
  X(int, aeplay_latent_set_traversal, (int dim, float value), "number", "number,number")                          \
  X(int, aeplay_latent_interpolate, (int a, int b), "number", "number,number")                                    \
  X(const float*, aeplay_latent_array, (const char* name, int* count), "number", "string,number")                 \
  X(const char*, aeplay_latent_array_names, (), "string", "")                                                    \
  /* the 2-D lab (js_lab.cpp) */                                                                                  \
  X(const char*, aeplay_lab_json, (), "string", "")                                                               \
  X(const char*, aeplay_lab_set, (const char* query), "string", "string")                                         \
  X(void, aeplay_lab_show, (int open), "null", "number")                                                          \
  X(const char*, aeplay_lab_train, (), "string", "")                                                              \
  X(void, aeplay_lab_stop, (), "null", "")                                                                        \
  X(int, aeplay_lab_probe, (float x, float y), "number", "number,number")                                         \
  /* search by code (js_search.cpp) */                                                                           \
  X(const char*, aeplay_search, (const char* method, int bits, int k), "string", "string,number,number")      \
  X(void, aeplay_search_show, (), "null", "")                                                                   \
  /* the few-labels lesson (js_few_labels.cpp) */                                                                 \
  X(const char*, aeplay_few_labels_json, (), "string", "")                                                        \
  X(const char*, aeplay_few_labels_train, (int labels, int steps), "string", "number,number")

#define AEPLAY_DECLARE_ENTRY_POINT(ret, name, params, js_ret, js_args) extern "C" EMSCRIPTEN_KEEPALIVE ret name params;
AEPLAY_ENTRY_POINTS(AEPLAY_DECLARE_ENTRY_POINT)
#undef AEPLAY_DECLARE_ENTRY_POINT
