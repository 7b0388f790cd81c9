// JS API: search by code (core/search_view.h) — the images nearest to the current input by one method, as the
// "Inside the model" panel's Search tab shows them (the same SearchView, so the tab and the API share its cache).
#include <string>

#include "bridge/bridge.h"
#include "error.h"

using aeplay::web::app;
using aeplay::web::give_json;
using aeplay::web::rect_json;
using nlohmann::json;

// method: pixels, pca, codes, binary, hyperplanes, or "" for the tab's choice; bits: PCA components and
// hyperplanes (0: the tab's choice); k: results (1..100). The tab then shows the same method and bits.
const char* aeplay_search(const char* method, int bits, int k) {
  aeplay::InsidePanelState& tab = app().ui.inside;
  aeplay::SearchRequest request;
  try {
    request.method =
        method && *method ? ae::parse_search_method(method) : static_cast<ae::SearchMethod>(tab.search_method);
  } catch (const ae::Error& e) {
    return give_json(json{{"valid", false}, {"why", e.what()}});
  }
  request.bits = bits > 0 ? bits : tab.search_bits;
  request.k = k;
  // What the tab shows from now on (one index, not one for the tab and one for the caller).
  tab.search_method = static_cast<int>(request.method);
  tab.search_bits = request.bits;
  if (!app().playground.current_model()) return give_json(json{{"valid", false}, {"why", "no model"}});
  app().playground.update();  // the input as it is now (a digit loaded by this script, before the next frame)
  const aeplay::SearchOutcome& r = tab.search.search(app().playground, request);
  return give_json(json{{"valid", r.valid},
                        {"why", r.why},
                        {"method", ae::to_string(request.method)},
                        {"database", r.database},
                        {"databaseSize", r.database_size},
                        {"dimensions", r.dimensions},
                        {"indices", r.indices},
                        {"labels", r.labels},
                        {"distances", r.distances},
                        {"queryMs", r.query_ms},
                        {"buildMs", r.build_ms},
                        {"rect", rect_json(tab.search_rect)}});
}

// Opens "Inside the model" on its Search tab (the next frame).
void aeplay_search_show() {
  app().ui.inside.open_request = true;
  app().ui.inside.select_search = true;
}
