// The 2-D lab's UI: its controls (lab_panel.cpp) and its plot (lab_plot.cpp).
#pragma once
#include "ui/panels.h"

namespace aeplay {

void lab_plot(PanelContext& c, float side);  // the square plot with every view the lab's toggles ask for

}  // namespace aeplay
