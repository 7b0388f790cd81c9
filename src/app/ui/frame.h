// The whole frame's UI: one window filling the viewport, the panels in one or two columns, and the address
// bar kept in step with what is shown.
#pragma once
#include "ui/panels.h"

namespace aeplay {

void draw_frame(PanelContext& c);

}  // namespace aeplay
