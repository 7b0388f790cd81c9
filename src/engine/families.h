// The model families' facts, written once. A front end (the CLI's flags and outputs, the Train panel, the
// Inside panel, the exporters) asks this table what a family takes and reports instead of naming the family;
// validate(ModelSpec) enforces the same facts. The mathematics of each family stays in model.cpp.
// Adding a family: an enum value, one row here (in enum order: static_asserts in families.cpp), its
// mathematics in model.cpp / model_spec.cpp, its gradient test, a preset (CONTRIBUTING.md, "How to add").
#pragma once
#include <cstdint>
#include <string>

namespace ae {

enum class Family : uint8_t { Autoencoder = 0, Vae = 1, Conv = 2 };

// What a family's spec may set (FamilyInfo::takes): validate() refuses the rest, and the front ends offer
// only these.
enum FamilyTakes : unsigned {
  kHiddenLayers = 1 << 0,        // dense hidden layers of any depth (--layers); without it sizes are {input, code}
  kConvStack = 1 << 1,           // a convolution stack before the code (--conv)
  kTiedWeights = 1 << 2,         // decoder weights tied to the encoder's (--tied)
  kCodePenalty = 1 << 3,         // an L1 activity or KL sparsity penalty on the code (--penalty l1|kl)
  kContractive = 1 << 4,         // the contractive penalty (one sigmoid encoder layer: closed form)
  kKlBeta = 1 << 5,              // the weight of its own KL term (--beta)
  kStackedPretraining = 1 << 6,  // greedy layer-wise pretraining (--stacked)
  kCodeNoise = 1 << 7,           // Gaussian noise before a sigmoid code in training: binary codes (--code-noise)
};

struct FamilyInfo {
  Family family;
  const char* name;          // in flags, files and JSON: "autoencoder"
  const char* label;         // in messages: "tied weights are not supported for the VAE"
  unsigned takes;            // FamilyTakes bits
  bool variational;          // the code is a distribution (μ, log σ²): samples from the prior, an ELBO, no compress
  bool trains_in_page;       // the playground's Train panel offers its presets (those with Preset::trains_in_page)
  const char* metrics;       // what `aeplay eval` reports beyond the reconstruction (family_metrics.h)
  const char* module_class;  // the PyTorch module (and ONNX graph) it exports as
  bool has(unsigned what) const { return (takes & what) != 0; }
};

inline constexpr FamilyInfo kFamilies[] = {
    {Family::Autoencoder, "autoencoder", "dense autoencoder",
     kHiddenLayers | kTiedWeights | kCodePenalty | kContractive | kStackedPretraining | kCodeNoise, false, true,
     "code activity (sigmoid codes: sparsity against rho), contractive norm", "AeplayAutoencoder"},
    {Family::Vae, "vae", "VAE", kHiddenLayers | kKlBeta, true, true,
     "ELBO, KL and reconstruction -log p(x|z) in nats per image", "AeplayVAE"},
    {Family::Conv, "conv", "convolutional autoencoder", kConvStack | kCodePenalty, false, true, "code activity",
     "AeplayConvAutoencoder"},
};
constexpr int kFamilyCount = static_cast<int>(sizeof kFamilies / sizeof kFamilies[0]);

// The row of f; f must be a Family value (files are checked against kFamilyCount when read).
constexpr const FamilyInfo& family_info(Family f) { return kFamilies[static_cast<int>(f)]; }
const char* to_string(Family f);
Family parse_family(const std::string& name);  // a row's name, or "dense" / "ae" for the autoencoder
std::string family_names();                    // "autoencoder, vae, conv"

}  // namespace ae
