// The page's training worker as the playground sees it (core/training_session.h's TrainingWorker), or
// nullptr when the page cannot use one (no Worker in this browser, or worker=off in the URL).
#pragma once
#include "core/training_session.h"

namespace aeplay::web {
TrainingWorker* training_worker();
}
