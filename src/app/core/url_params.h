// Page settings from the URL query string (?model=dae-gaussian&noise=gaussian&level=0.5&seed=7&digit=42&embed=1),
// so a teacher can link to or embed an exact state. Bad values never stop the page: each one produces a
// notice for the user and falls back to the default.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "noise.h"

namespace aeplay {

// How the page arranges itself (layout=): auto chooses by the frame's size (ui/frame.cpp).
enum class Layout : uint8_t { Auto, Strip, Full, Stack };
// theme=: auto follows prefers-color-scheme; without theme= the page is light inside an iframe, dark otherwise.
enum class Theme : uint8_t { Default, Auto, Light, Dark };
const char* to_string(Layout l);
const char* to_string(Theme t);

// The extra panels a layout shows (panels=model,train,inside,latent or panels=none).
struct Panels {
  bool model = false, train = false, inside = false, latent = false;
  bool data = false;  // the data set and my set
  bool operator==(const Panels& o) const {
    return model == o.model && train == o.train && inside == o.inside && latent == o.latent && data == o.data;
  }
};
std::string to_string(const Panels& p);  // "model,latent", or "none"

constexpr size_t kMaxAllowedOrigins = 8;

struct PageSettings {
  std::string model = "dae-gaussian";  // id of a shipped model (or "trained" for the user's own)
  bool model_given = false;            // model= was in the URL (else the data set's first model is shown)
  ae::NoiseSpec noise = ae::default_spec(ae::NoiseKind::Gaussian);
  uint64_t seed = 1;
  std::string dataset = "mnist";  // "mnist", "fashion" or "mine" (Playground::dataset_ids())
  int digit = -1;      // test-set index to show at start; -1 = the default image
  bool embed = false;  // compact layout for course pages: only input, noise and outputs
  bool hide_training = false;
  Layout layout = Layout::Auto;
  bool panels_given = false;  // panels= was in the URL (or a lesson set them); otherwise the layout decides
  Panels panels;
  Theme theme = Theme::Default;
  std::string lesson;               // a lesson's name (core/lessons.h): it set the defaults above
  std::vector<std::string> allow;   // parent origins the message API answers (web/messages.js); empty = any
  bool scorm = false;               // scorm=1: a SCORM package's lesson (web/scorm.js), kept in the address bar
};

struct ParsedSettings {
  PageSettings settings;
  std::vector<std::string> notices;  // one sentence per rejected parameter
};

// `query` may start with '?'. Percent-escapes and '+' are decoded. Unknown keys are reported too.
// `known_models` lists valid model ids.
ParsedSettings parse_page_settings(const std::string& query, const std::vector<std::string>& known_models);

// The query string that reproduces `s` (for a "copy link" button).
std::string to_query(const PageSettings& s);

}  // namespace aeplay
