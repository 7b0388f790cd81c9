// The batch size's one range, for every front end (the CLI's --batch, the page's training messages, the JS
// bridge) and the trainer: 1..kMaxBatchSize, and never more than the training images.
#pragma once
#include <string>

#include "error.h"
#include "tensor.h"

namespace ae {

constexpr int kMinBatchSize = 1;
constexpr int kMaxBatchSize = 1 << 20;  // far above any data set here; memory is budgeted separately

// Throws ae::Error naming the limit; `training_images` < 0 skips the data-set check (not known yet).
inline void validate_batch_size(long batch, Index training_images = -1) {
  if (batch < kMinBatchSize || batch > kMaxBatchSize)
    throw Error("batch size must be in " + std::to_string(kMinBatchSize) + ".." + std::to_string(kMaxBatchSize) +
                ", got " + std::to_string(batch));
  if (training_images >= 0 && batch > training_images)
    throw Error("batch size " + std::to_string(batch) + " is larger than the training set (" +
                std::to_string(training_images) + " images)");
}

}  // namespace ae
