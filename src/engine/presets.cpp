#include "presets.h"

#include "error.h"

namespace ae {

namespace {

Preset make(const char* name, const char* summary, std::vector<int> sizes, Activation hidden, Activation latent,
            int epochs) {
  Preset p;
  p.name = name;
  p.summary = summary;
  p.spec.sizes = std::move(sizes);
  p.spec.hidden = hidden;
  p.spec.latent = latent;
  p.train.epochs = epochs;
  return p;
}

// The plain autoencoders: under- and overcomplete, deep, linear.
void add_plain(std::vector<Preset>& v) {
  using A = Activation;
  v.push_back(make("undercomplete", "784-256-32 ReLU autoencoder, MSE (the plain AE)", {784, 256, 32}, A::ReLU, A::ReLU, 10));

  Preset h = make("hinton2006", "the deep 784-1000-500-250-30 autoencoder of Hinton & Salakhutdinov (2006), linear code",
                  {784, 1000, 500, 250, 30}, A::ReLU, A::Identity, 50);
  h.spec.loss = Loss::BCE;  // the paper's cross-entropy objective for MNIST
  h.train.batch_size = 128;
  // Without them the net overfits (train BCE 53.8 vs test 57.8) and the test squared error stops at 3.33
  // (constant lr: 3.76); L2 decay 5e-4 gives 3.08, 2e-3 gives 2.85 (docs/results.md).
  h.train.optim.schedule = LrSchedule::Cosine;
  h.train.optim.weight_decay = 2e-3f;
  h.trains_in_page = false;
  v.push_back(h);

  Preset lin = make("linear", "784-32 linear autoencoder, MSE: spans the PCA-32 subspace", {784, 32}, A::Identity,
                    A::Identity, 20);
  lin.spec.output = A::Identity;
  lin.train.optim.lr = 2e-3f;
  v.push_back(lin);

  v.push_back(make("overcomplete", "784-1000 ReLU autoencoder with no regulariser: learns to copy its input",
                   {784, 1000}, A::ReLU, A::ReLU, 10));
  Preset oc = make("overcomplete-denoising", "784-1000 overcomplete AE kept from copying by masking noise",
                   {784, 1000}, A::ReLU, A::ReLU, 10);
  oc.train.noise = {NoiseKind::Mask, 0.5f, true};
  v.push_back(oc);
}

// The regularised autoencoders: sparse, denoising, contractive.
void add_regularised(std::vector<Preset>& v) {
  using A = Activation;
  Preset l1 = make("sparse-l1", "784-256-32 with an L1 activity penalty on the ReLU code", {784, 256, 32}, A::ReLU,
                   A::ReLU, 10);
  l1.spec.penalty = Penalty::L1;
  l1.spec.penalty_weight = 0.05f;
  v.push_back(l1);

  Preset kl = make("sparse-kl", "784-256-32 with KL sparsity (rho 0.05) on sigmoid code units", {784, 256, 32},
                   A::ReLU, A::Sigmoid, 10);
  kl.spec.penalty = Penalty::KL;
  kl.spec.penalty_weight = 1.0f;
  kl.spec.sparsity_target = 0.05f;
  v.push_back(kl);

  for (auto [name, noise] : {std::pair{"denoising-gaussian", NoiseSpec{NoiseKind::Gaussian, 0.5f, true}},
                             std::pair{"denoising-mask", NoiseSpec{NoiseKind::Mask, 0.5f, true}},
                             std::pair{"denoising-saltpepper", NoiseSpec{NoiseKind::SaltPepper, 0.2f, true}},
                             std::pair{"denoising-dropout", NoiseSpec{NoiseKind::Dropout, 0.3f, true}}}) {
    Preset d = make(name, "784-256-32 denoising autoencoder", {784, 256, 32}, A::ReLU, A::ReLU, 10);
    d.summary += " (" + to_string(noise) + ")";
    d.train.noise = noise;
    v.push_back(d);
  }

  Preset c = make("contractive", "784-32 sigmoid contractive autoencoder (Rifai et al. 2011), lambda 0.1",
                  {784, 32}, A::Sigmoid, A::Sigmoid, 20);
  c.spec.penalty = Penalty::Contractive;
  c.spec.penalty_weight = 0.1f;
  v.push_back(c);
}

// The other families and training schemes: VAE, convolutional, stacked.
void add_other_families(std::vector<Preset>& v) {
  using A = Activation;
  for (int latent : {2, 20, 32}) {
    Preset p = make("", "VAE 784-256-z, BCE + KL (Kingma & Welling 2014)", {784, 256, latent}, A::ReLU, A::Identity, 20);
    p.name = "vae-" + std::to_string(latent) + "d";
    p.spec.family = Family::Vae;
    p.spec.loss = Loss::BCE;
    p.summary.replace(p.summary.find('z'), 1, std::to_string(latent));
    p.trains_in_page = latent != 32;
    v.push_back(p);
  }

  // Burda et al. 2015's one-stochastic-layer architecture: 784-200-200-50 tanh, Bernoulli decoder.
  Preset vb = make("vae-bernoulli", "VAE 784-200-200-50 tanh, Bernoulli decoder on binarized MNIST (Burda et al. 2015)",
                   {784, 200, 200, 50}, A::Tanh, A::Identity, 200);
  vb.spec.family = Family::Vae;
  vb.spec.loss = Loss::BCE;
  vb.spec.likelihood = Likelihood::Bernoulli;
  vb.train.batch_size = 100;
  vb.train.optim.schedule = LrSchedule::Cosine;  // 200 epochs, not their 3,280: what fits here (docs/results.md)
  vb.trains_in_page = false;
  v.push_back(vb);

  // Before "conv": tests take the last preset of a family as its plain example.
  Preset col = make("colorize",
                    "colorization of 32x32 photo patches (--dataset photos): lightness L* in, chroma a*b* out (CIE "
                    "Lab); conv 16@3x3/2, 32@3x3/2, code 128, mirrored",
                    {32 * 32, 128}, A::ReLU, A::ReLU, 6);
  col.spec.family = Family::Conv;
  col.spec.image_side = 32;
  col.spec.in_channels = 1;
  col.spec.out_channels = 2;
  col.spec.conv = {{16, 3, 2, 1}, {32, 3, 2, 1}};
  col.trains_in_page = false;  // the page has no colour data set yet
  v.push_back(col);

  Preset cv = make("conv", "convolutional AE: 16@3x3/2, 32@3x3/2, linear code 32; mirrored with transposed convolutions",
                   {784, 32}, A::ReLU, A::Identity, 10);
  cv.spec.family = Family::Conv;
  cv.spec.conv = {{16, 3, 2, 1}, {32, 3, 2, 1}};
  v.push_back(cv);

  Preset st = make("stacked", "784-256-128-32 tied sigmoid stacked AE: greedy layer-wise pretraining, then fine-tuning",
                   {784, 256, 128, 32}, A::Sigmoid, A::Sigmoid, 10);
  st.spec.tied = true;
  st.stacked = true;
  st.pretrain_epochs = 3;
  st.trains_in_page = false;
  v.push_back(st);
}

// Search by code: a hashing autoencoder.
void add_hashing(std::vector<Preset>& v) {
  using A = Activation;
  // Semantic hashing (Salakhutdinov & Hinton 2009): noise before the sigmoid code makes its units binary.
  Preset hash = make("hash-32", "784-256-32 with sigmoid code units made binary by noise (sigma 4) before the sigmoid: "
                     "32-bit codes for search by Hamming distance", {784, 256, 32}, A::ReLU, A::Sigmoid, 10);
  hash.spec.code_noise = 4.0f;
  v.push_back(hash);
}

std::vector<Preset> build() {
  std::vector<Preset> v;
  add_plain(v);
  add_regularised(v);
  add_other_families(v);
  add_hashing(v);
  return v;
}

}  // namespace

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all = build();
  return all;
}

const Preset& find_preset(const std::string& name) {
  std::string names;
  for (const auto& p : presets()) {
    if (p.name == name) return p;
    names += (names.empty() ? "" : ", ") + p.name;
  }
  throw Error("unknown preset '" + name + "' (choose " + names + ")");
}

}  // namespace ae
