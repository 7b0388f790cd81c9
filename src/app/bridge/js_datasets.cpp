// JS API: choosing the data set, and my set (uploads, drawings, removal, export and import).
#include "core/user_set.h"
#include "error.h"
#include "bridge/bridge.h"

using aeplay::web::app;
using aeplay::web::bytes_of;
using aeplay::web::give;

namespace {
// Each change of my set is saved in the browser at once (host::save_user_set).
const char* saved_if_changed(uint64_t before, std::string err) {
  if (app().playground.user_set().version() != before) app().save_user_set();
  return give(std::move(err));
}
}  // namespace

// "mnist", "fashion" or "mine"; "" or why not (also a notice).
const char* aeplay_set_dataset(const char* id) { return give(app().switch_dataset(id ? id : "")); }

// One uploaded file: fitted ("mnist" | "plain"), inverted ("auto" | "yes" | "no"), added under class `cls`.
const char* aeplay_user_set_add_file(const uint8_t* data, int n, const char* file, const char* cls, const char* fit,
                                     const char* invert) {
  const uint64_t before = app().playground.user_set().version();
  try {
    return saved_if_changed(before, app().playground.add_file_to_user_set(
                                        data, n > 0 ? size_t(n) : 0, file ? file : "image", cls ? cls : "",
                                        ae::parse_image_fit(fit ? fit : ""), ae::parse_image_invert(invert ? invert : "")));
  } catch (const ae::Error& e) {
    return give(e.what());
  }
}

// The input as it is shown now (a drawing or a test image), under class `cls`.
const char* aeplay_user_set_add_input(const char* cls) {
  const uint64_t before = app().playground.user_set().version();
  return saved_if_changed(before, app().playground.add_input_to_user_set(cls ? cls : ""));
}

int aeplay_user_set_remove(int index) {
  if (index < 0 || !app().playground.remove_from_user_set(size_t(index))) return 0;
  app().save_user_set();
  return 1;
}

// My set as .npz: *size bytes at the returned pointer, valid until the next export.
const uint8_t* aeplay_user_set_export(int* size) {
  std::vector<uint8_t>& out = app().bridge.bytes;
  out = app().playground.user_set().to_npz();
  *size = static_cast<int>(out.size());
  return out.data();
}

// Replaces my set with a .npz file's (as exported); "" or why not, and then nothing changed.
const char* aeplay_user_set_import(const uint8_t* data, int n, const char* name) {
  const uint64_t before = app().playground.user_set().version();
  return saved_if_changed(before, app().playground.load_user_set(bytes_of(data, n), name ? name : "set.npz"));
}

// {size, classes: [...], labels: [...], version, limits: {images, classes, classNameBytes, fileBytes},
//  upload: {className, fit, invert} (the Data panel's choices for the next upload), gridRect}
const char* aeplay_user_set_json() {
  const aeplay::UserSet& s = app().playground.user_set();
  const aeplay::DataPanelState& d = app().ui.data;
  using aeplay::UserSet;
  return aeplay::web::give_json({{"size", s.size()},
                                 {"upload",
                                  {{"className", d.class_name},
                                   {"fit", aeplay::image_fit_name(d.fit)},
                                   {"invert", aeplay::image_invert_name(d.invert)}}},
                                 {"gridRect", {d.grid_rect.x, d.grid_rect.y, d.grid_rect.w, d.grid_rect.h}},
                                 {"selected", d.selected},
                                 {"classes", s.classes()},
                                 {"labels", s.labels()},
                                 {"version", s.version()},
                                 {"limits",
                                  {{"images", UserSet::kMaxImages},
                                   {"classes", UserSet::kMaxClasses},
                                   {"classNameBytes", UserSet::kMaxClassNameBytes},
                                   {"fileBytes", UserSet::kMaxFileBytes}}}});
}
