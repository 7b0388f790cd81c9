// What app_main.cpp calls of the bridge: attach the app once, then publish what changed once per tick.
#pragma once

namespace aeplay {
class AppContext;
namespace web {
void attach(AppContext& app);  // the AppContext the entry points act on (bridge.h: Bridge)
void publish_changes();        // pushes a change of what the page follows to it (js_events.cpp)
}  // namespace web
}  // namespace aeplay
