// What the Train panel edits before "Train" is pressed, as choices among fixed options, and how those
// choices become TrainSettings. UI-free, so the panel only draws it and the tests check the conversion.
#pragma once
#include <array>
#include <cstdint>

#include "core/training_session.h"

namespace aeplay {

// The options the panel offers (each list written once; the form holds indices into them).
constexpr std::array<int, 4> kHiddenSizes = {64, 128, 256, 512};
constexpr std::array<const char*, 4> kActivationNames = {"relu", "leakyrelu", "sigmoid", "tanh"};
constexpr std::array<int, 5> kBatchSizes = {16, 32, 64, 128, 256};
constexpr std::array<int, 5> kTrainingImageCounts = {1000, 5000, 10000, 20000, 60000};

struct TrainForm {
  int family = 0;  // index into page_presets(): the family and its defaults
  int hidden = 1;  // index into kHiddenSizes: the width of the hidden layer(s)
  int code = 32;   // code size
  int activation = 0;  // index into kActivationNames
  float penalty_weight = 0, rho = 0.05f, beta = 1;
  int noise_kind = 1;  // ae::NoiseKind
  float noise_level = 0.5f;
  float lr = 1e-3f;
  int batch = 2;   // index into kBatchSizes
  int images = 2;  // index into kTrainingImageCounts
  int epochs = 5;
};

// Loads a family's defaults (code size, penalty, noise, learning rate, activation) into the form.
void apply_preset(TrainForm& form, int family);
// The settings the form describes (every index clamped to its list).
TrainSettings settings_from_form(const TrainForm& form, uint64_t seed);
int training_images(const TrainForm& form);
// The largest code size the form's family allows (overcomplete models go past the input size).
int max_code_size(const TrainForm& form);

}  // namespace aeplay
