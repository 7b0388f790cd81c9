// The one Bridge (bridge.h): the app the entry points act on, and the strings they hand back.
#include "bridge/bridge.h"

namespace aeplay::web {
namespace {
Bridge the_bridge;  // the one: the entry points are C functions and cannot carry it (bridge.h)
}  // namespace

Bridge& bridge() { return the_bridge; }
void attach(AppContext& app) { the_bridge.app = &app; }

const char* give(std::string s) {
  app().bridge.text = std::move(s);
  return app().bridge.text.c_str();
}

}  // namespace aeplay::web
