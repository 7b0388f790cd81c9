// A training run's loss history as JSON, the one format the page stores in IndexedDB with the model and the
// JS API returns:  {"epochs": [[epoch, train_loss, test_loss], ...], "curve": [smoothed batch loss, ...]}
// A missing test loss is written as null (older pages wrote -1; both read back as NaN).
#pragma once
#include <string>
#include <vector>

#include "trainer.h"

namespace aeplay {

struct LossHistory {
  std::vector<ae::EpochRecord> epochs;
  std::vector<float> curve;  // training loss (moving average), one point every 10 batches
};

constexpr size_t kMaxHistoryJsonBytes = 16u << 20;  // far above a 50-epoch run on all 60k images (~90 KB)

std::string to_json(const LossHistory& history);
// Throws ae::Error naming the problem for text that is not such a history (or is larger than the limit).
LossHistory parse_loss_history(const std::string& json);

}  // namespace aeplay
