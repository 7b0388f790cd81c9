#include "core/train_form.h"

#include <algorithm>
#include <string>

#include "core/catalog.h"

namespace aeplay {

namespace {
template <class List>
auto pick(const List& list, int index) {
  return list[static_cast<size_t>(std::clamp(index, 0, static_cast<int>(list.size()) - 1))];
}
const ae::Preset& preset_of(const TrainForm& f) { return *pick(page_presets(), f.family); }
}  // namespace

void apply_preset(TrainForm& f, int family) {
  f.family = std::clamp(family, 0, static_cast<int>(page_presets().size()) - 1);
  const ae::Preset& p = preset_of(f);
  f.code = p.spec.latent_size();
  f.penalty_weight = p.spec.penalty_weight;
  f.rho = p.spec.sparsity_target;
  f.beta = p.spec.beta;
  f.noise_kind = static_cast<int>(p.train.noise.kind);
  if (p.train.noise.kind != ae::NoiseKind::None) f.noise_level = p.train.noise.level;
  f.lr = p.train.optim.lr;
  for (size_t i = 0; i < kActivationNames.size(); ++i)
    if (ae::to_string(p.spec.hidden) == std::string(kActivationNames[i])) f.activation = static_cast<int>(i);
}

int training_images(const TrainForm& f) { return pick(kTrainingImageCounts, f.images); }

int max_code_size(const TrainForm& f) { return preset_of(f).name.rfind("overcomplete", 0) == 0 ? 1000 : 64; }

TrainSettings settings_from_form(const TrainForm& f, uint64_t seed) {
  const ae::Preset& preset = preset_of(f);
  TrainSettings s = settings_for_preset(preset, f.code);
  if (ae::family_info(s.model.family).has(ae::kHiddenLayers))
    for (size_t i = 1; i + 1 < s.model.sizes.size(); ++i) s.model.sizes[i] = pick(kHiddenSizes, f.hidden);
  if (preset.spec.hidden != ae::Activation::Identity) {
    s.model.hidden = ae::parse_activation(pick(kActivationNames, f.activation));
    // The code keeps the family's activation where it matters (sigmoid for KL sparsity and the contractive
    // penalty, linear for the conv code and the VAE's μ); otherwise it follows the hidden layers.
    if (preset.spec.latent == preset.spec.hidden && preset.spec.penalty != ae::Penalty::KL &&
        preset.spec.penalty != ae::Penalty::Contractive)
      s.model.latent = s.model.hidden;
  }
  s.model.penalty_weight = f.penalty_weight;
  s.model.sparsity_target = f.rho;
  s.model.beta = f.beta;
  s.noise = {static_cast<ae::NoiseKind>(f.noise_kind), f.noise_kind ? f.noise_level : 0.0f, true};
  s.lr = f.lr;
  s.batch = pick(kBatchSizes, f.batch);
  s.train_images = training_images(f);
  s.epochs = f.epochs;
  s.seed = seed;
  return s;
}

}  // namespace aeplay
