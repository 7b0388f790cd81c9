// The page's training worker as the playground and the latent panel see it (core/training_session.h's TrainingWorker), or
// nullptr when the page cannot use one (no Worker in this browser, or worker=off in the URL).
#pragma once
#include "core/latent_explorer.h"
#include "core/training_session.h"

namespace aeplay::web {
TrainingWorker* training_worker();
// The same worker takes the latent panel's pixel-PCA eigen-decomposition (nullptr: no worker).
DecompositionWorker* decomposition_worker();
}
