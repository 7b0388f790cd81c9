#include "core/catalog.h"

#include <nlohmann/json.hpp>

#include "core/playground.h"

namespace aeplay {

const std::vector<ShippedModel>& shipped_models() {
  static const std::vector<ShippedModel> list = {
      {"dae-gaussian", "denoising AE, Gaussian noise (sigma 0.5)", "dae-gaussian.aep", true},
      {"dae-mask", "denoising AE, masking noise (50%)", "dae-mask.aep", true},
      {"dae-saltpepper", "denoising AE, salt-and-pepper noise (20%)", "dae-saltpepper.aep", true},
      {"ae-plain", "plain undercomplete AE (784-256-32)", "ae-plain.aep", true},
      {"linear", "linear AE (784-32, = PCA subspace)", "linear.aep", false},
      {"sparse-l1", "sparse AE, L1 activity penalty", "sparse-l1.aep", false},
      {"sparse-kl", "sparse AE, KL sparsity (rho 0.05)", "sparse-kl.aep", false},
      {"contractive", "contractive AE (784-32 sigmoid)", "contractive.aep", false},
      {"vae-2d", "variational AE, 2-D latent", "vae-2d.aep", false},
      {"vae-20d", "variational AE, 20-D latent", "vae-20d.aep", false},
      {"conv", "convolutional AE (16@3x3/2, 32@3x3/2, code 32)", "conv.aep", false},
      {"stacked", "stacked AE (greedy pretraining, tied, 784-256-128-32)", "stacked.aep", false},
      {"inpaint-block", "inpainting AE, trained on 12x12 holes (784-256-64)", "inpaint-block.aep", false},
      {"superres-2x", "super-resolution AE, 14x14 -> 28x28 (784-256-64)", "superres-2x.aep", false},
      {"superres-4x", "super-resolution AE, 7x7 -> 28x28 (784-256-64)", "superres-4x.aep", false},
      {"hash-32", "hashing AE, 32-bit binary codes (semantic hashing)", "hash-32.aep", false},
      {"vae-bernoulli", "variational AE, Bernoulli decoder (binarized digits, 50-D)", "vae-bernoulli.aep", false},
      // Fashion-MNIST (scripts/make-assets.sh): loaded when chosen, or at start with dataset=fashion.
      {"fashion-dae-gaussian", "denoising AE, Gaussian noise (sigma 0.5)", "fashion-dae-gaussian.aep", false, "fashion"},
      {"fashion-ae-plain", "plain undercomplete AE (784-256-32)", "fashion-ae-plain.aep", false, "fashion"},
      {"fashion-dae-mask", "denoising AE, masking noise (50%)", "fashion-dae-mask.aep", false, "fashion"},
      {"fashion-vae-2d", "variational AE, 2-D latent", "fashion-vae-2d.aep", false, "fashion"},
  };
  return list;
}

std::vector<std::string> known_model_ids() {
  std::vector<std::string> ids;
  for (const auto& m : shipped_models()) ids.emplace_back(m.id);
  ids.emplace_back(Playground::kTrainedId);
  return ids;
}

const std::vector<const ae::Preset*>& page_presets() {
  static const std::vector<const ae::Preset*> list = [] {
    std::vector<const ae::Preset*> v;
    for (const auto& p : ae::presets())
      if (p.trains_in_page && ae::family_info(p.spec.family).trains_in_page) v.push_back(&p);
    return v;
  }();
  return list;
}

std::string catalog_json() {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : shipped_models())
    list.push_back({{"id", m.id}, {"label", m.label}, {"file", m.file}, {"lazy", !m.at_start}, {"dataset", m.dataset}});
  return list.dump();
}

}  // namespace aeplay
