// The live loss curve of in-page training.
#pragma once
#include "core/training_session.h"

namespace aeplay {

// Training loss (smoothed, every 10 batches) and the test loss at each epoch end, `width` CSS px wide.
void loss_plot(const TrainingSession& t, float width);

}  // namespace aeplay
