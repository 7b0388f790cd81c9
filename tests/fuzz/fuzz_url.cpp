// libFuzzer target: the page's URL query parser, aeplay::parse_page_settings. Bad values must never
// throw (each becomes a notice and its default), notices stay short and printable, and the link the
// page builds from the resulting settings (to_query) parses back to the same settings with no notice.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/url_params.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> models{"dae-gaussian", "dae-mask", "dae-saltpepper", "ae-plain", "trained"};
  const std::string query(reinterpret_cast<const char*>(data), size);
  aeplay::ParsedSettings p = aeplay::parse_page_settings(query, models);  // must not throw
  for (const auto& n : p.notices) {
    if (n.size() > 400) std::abort();
    for (char c : n)
      if (static_cast<unsigned char>(c) < 0x20) std::abort();  // shown on the page as one line
  }
  const aeplay::PageSettings& s = p.settings;
  if (!std::isfinite(s.noise.level) || s.digit < -1 || s.digit > 9999) std::abort();

  // The "copy link" URL reproduces the settings exactly.
  aeplay::ParsedSettings again = aeplay::parse_page_settings(aeplay::to_query(s), models);
  const aeplay::PageSettings& t = again.settings;
  if (!again.notices.empty() || t.model != s.model || t.noise.kind != s.noise.kind ||
      t.noise.level != s.noise.level || t.seed != s.seed || t.digit != s.digit || t.embed != s.embed ||
      t.hide_training != s.hide_training)
    std::abort();
  return 0;
}
