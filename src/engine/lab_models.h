// The 2-D lab's models: small autoencoders on points of the plane, built on the engine's Autoencoder and
// Trainer (the page's worker trains them like any other model). Output identity, loss MSE; inputs are
// coordinates (not pixels), so nothing is clipped to [0, 1].
//   plain    2 -> H (tanh) -> k (linear) -> H (tanh) -> 2
//   dae      the same, trained on x + N(0, σ² I) against x (Gaussian noise without clipping)
//   cae      2 -> H (tanh) -> 2 (linear) -> H (tanh) -> 2, tied weights, with λ‖∂h/∂x‖²_F on the 2-unit code h:
//            the contractive autoencoder (Rifai et al. 2011) with a deeper encoder, its penalty exact by forward
//            mode (contractive_jvp.h). Tied as Rifai's: untied, the decoder grows as the encoder shrinks and
//            escapes the penalty (measured, λ 1: s2/s1 back at 0.99 after 10,000 epochs). The code has 2 units, no
//            bottleneck in the plane, so any contraction is the penalty's doing; `code` does not apply
//   sparse   2 -> H (sigmoid) -> 2 with the KL sparsity penalty β Σ KL(ρ ‖ ρ̂_j) (β = lambda): an overcomplete,
//            sparse code; `code` does not apply either
//   vae      2 -> H (tanh) -> k (μ, log σ²) -> H (tanh) -> 2, β = lambda
#pragma once
#include <cstdint>
#include <string>

#include "model.h"
#include "trainer.h"

namespace ae {

enum class LabFamily : uint8_t { Plain = 0, Denoising, Contractive, Sparse, Vae };
constexpr int kLabFamilyCount = 5;
const char* to_string(LabFamily f);                   // plain, dae, cae, sparse, vae
LabFamily parse_lab_family(const std::string& name);  // throws ae::Error naming the choices
std::string lab_family_names();                       // "plain, dae, cae, sparse, vae"
// The family has a bottleneck code of `code` units (plain, dae, vae): it has a decoder curve g(z).
bool has_bottleneck(LabFamily f);

constexpr int kMaxLabHidden = 1024;
// A lambda that suits the family on the lab's data sets (cae 0.3, sparse 0.1, vae 0.02; 0 for plain, dae).
float default_lambda(LabFamily f);
// Hidden units that suit the family: 32 (the page's default, LabModelSpec::hidden).
int default_hidden(LabFamily f);

struct LabModelSpec {
  LabFamily family = LabFamily::Plain;
  int code = 1;         // 1 or 2: the bottleneck of plain, dae, vae (ignored by cae: 2, and sparse: H)
  int hidden = 32;      // H, 1..kMaxLabHidden (sparse: the code's units; overcomplete means H > 2)
  float sigma = 0.1f;   // dae: the training noise's standard deviation, (0, 10]
  float lambda = 0.1f;  // cae: contractive weight λ; sparse: KL weight β; vae: KL weight β. >= 0
  float rho = 0.05f;    // sparse: target mean activation ρ, (0, 1)
};

struct LabTrainSpec {
  int epochs = 100;
  int batch = 32;     // clamped to the number of points
  float lr = 0.01f;   // Adam, cosine schedule down to lr/20
  uint64_t seed = 1;  // weights, shuffling and noise
};

// Throw ae::Error naming the setting and its range.
void validate(const LabModelSpec& spec);
void validate(const LabTrainSpec& spec);
ModelSpec lab_model_spec(const LabModelSpec& spec);
// The trainer's configuration for `points` training points (the DAE's noise: Gaussian σ, clip off).
TrainConfig lab_train_config(const LabModelSpec& model, const LabTrainSpec& train, Index points);
// A fresh model (seeded) trained on `data` (2 x N) to the end of spec.epochs. For the CLI and tests; the page
// steps its own Trainer.
Autoencoder train_lab_model(const LabModelSpec& model, const LabTrainSpec& train, const Mat& data);

}  // namespace ae
