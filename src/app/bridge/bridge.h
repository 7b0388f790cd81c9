// The bridge's shared pieces: the one Bridge (the app the entry points act on, what the page was last told),
// bytes from the page's heap, strings handed back.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app_context.h"
#include "bridge/attach.h"
#include "bridge/entry_points.h"

namespace aeplay::web {

// What the page follows, compared once per tick (js_events.cpp): a change of any field is pushed to it.
struct PageSignals {
  Versions versions;
  int models = 0, loaded = 0;  // models listed, and loaded
  std::string dataset;
  TrainState training = TrainState::Idle;
  int epoch = 0;
  long batches = 0;
  int prediction = -1;     // the latent probe's reading of the input
  int content_height = 0;  // the layout's height (CSS px), which an embedding page follows
  bool operator==(const PageSignals& o) const {
    return versions == o.versions && models == o.models && loaded == o.loaded && dataset == o.dataset &&
           training == o.training && epoch == o.epoch && batches == o.batches && prediction == o.prediction &&
           content_height == o.content_height;
  }
};

// The entry points are C functions the page calls with no context of their own, so app_main.cpp hands the
// one AppContext to the bridge once (attach, bridge/attach.h) and the entry points reach it through app();
// nothing outside src/app/bridge does.
struct Bridge {
  AppContext* app = nullptr;
  PageSignals sent;  // what the page was last told
  bool sent_once = false;
};
Bridge& bridge();
inline AppContext& app() { return *bridge().app; }

inline std::vector<uint8_t> bytes_of(const uint8_t* p, int n) {
  return n > 0 && p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>{};
}
// Strings returned to JS stay valid until the next entry point returns one (cwrap copies them at once).
const char* give(std::string s);
inline const char* give_json(const nlohmann::json& j) { return give(j.dump()); }
// A JSON number, or null for NaN and infinities (JSON has no such numbers).
inline nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
// Where a view was drawn (CSS px), as the JS API reports it: {x, y, w, h}.
inline nlohmann::json rect_json(const ScreenRect& r) { return {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}}; }

}  // namespace aeplay::web
