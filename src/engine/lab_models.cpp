#include "lab_models.h"

#include <algorithm>
#include <cmath>

#include "error.h"

namespace ae {

namespace {
constexpr const char* kLabFamilyNames[kLabFamilyCount] = {"plain", "dae", "cae", "sparse", "vae"};
}  // namespace

const char* to_string(LabFamily f) {
  const int i = static_cast<int>(f);
  return i >= 0 && i < kLabFamilyCount ? kLabFamilyNames[i] : "?";
}

LabFamily parse_lab_family(const std::string& name) {
  for (int i = 0; i < kLabFamilyCount; ++i)
    if (name == kLabFamilyNames[i]) return static_cast<LabFamily>(i);
  throw Error("unknown lab family '" + name + "' (expected " + lab_family_names() + ")");
}

std::string lab_family_names() {
  std::string out;
  for (int i = 0; i < kLabFamilyCount; ++i) out += std::string(i ? ", " : "") + kLabFamilyNames[i];
  return out;
}

bool has_bottleneck(LabFamily f) { return f == LabFamily::Plain || f == LabFamily::Denoising || f == LabFamily::Vae; }

float default_lambda(LabFamily f) {
  switch (f) {
    case LabFamily::Contractive: return 0.3f;
    case LabFamily::Sparse: return 0.1f;
    case LabFamily::Vae: return 0.02f;
    default: return 0.0f;
  }
}

int default_hidden(LabFamily) { return 32; }

void validate(const LabModelSpec& s) {
  if (static_cast<int>(s.family) >= kLabFamilyCount) throw Error("unknown lab family");
  if (has_bottleneck(s.family) && s.code != 1 && s.code != 2)
    throw Error("the code must have 1 or 2 units, got " + std::to_string(s.code));
  if (s.hidden < 1 || s.hidden > kMaxLabHidden)
    throw Error("hidden units must be in 1.." + std::to_string(kMaxLabHidden) + ", got " + std::to_string(s.hidden));
  if (s.family == LabFamily::Denoising && !(std::isfinite(s.sigma) && s.sigma > 0 && s.sigma <= 10))
    throw Error("the dae's sigma must be in (0, 10], got " + std::to_string(s.sigma));
  if (!std::isfinite(s.lambda) || s.lambda < 0 || s.lambda > 1000)
    throw Error("lambda must be in [0, 1000], got " + std::to_string(s.lambda));
  if (s.family == LabFamily::Sparse && !(s.rho > 0 && s.rho < 1))
    throw Error("the sparsity target rho must be in (0, 1), got " + std::to_string(s.rho));
}

void validate(const LabTrainSpec& s) {
  if (s.epochs < 1 || s.epochs > 100000) throw Error("epochs must be in 1..100000, got " + std::to_string(s.epochs));
  if (s.batch < 1 || s.batch > 65536) throw Error("batch must be in 1..65536, got " + std::to_string(s.batch));
  if (!std::isfinite(s.lr) || s.lr <= 0 || s.lr > 1) throw Error("learning rate must be in (0, 1]");
}

ModelSpec lab_model_spec(const LabModelSpec& s) {
  validate(s);
  ModelSpec m;
  m.loss = Loss::MSE;
  m.output = Activation::Identity;
  if (has_bottleneck(s.family)) {
    m.family = s.family == LabFamily::Vae ? Family::Vae : Family::Autoencoder;
    m.sizes = {2, s.hidden, s.code};
    m.hidden = Activation::Tanh;
    m.latent = Activation::Identity;
    m.beta = s.family == LabFamily::Vae ? s.lambda : 1.0f;
  } else if (s.family == LabFamily::Contractive) {  // 2 inputs: the penalty's forward mode is exact and cheap
    m.family = Family::Autoencoder;
    m.sizes = {2, s.hidden, 2};
    m.hidden = Activation::Tanh;
    m.latent = Activation::Identity;
    m.penalty = Penalty::Contractive;
    m.penalty_weight = s.lambda;
    m.tied = true;  // untied, the decoder would grow as the encoder shrinks and escape the penalty
  } else {
    // sparse: the one-layer sigmoid code the KL penalty acts on
    m.family = Family::Autoencoder;
    m.sizes = {2, s.hidden};
    m.latent = Activation::Sigmoid;
    m.penalty = Penalty::KL;
    m.penalty_weight = s.lambda;
    m.tied = true;
    m.sparsity_target = s.rho;
  }
  validate(m);
  return m;
}

TrainConfig lab_train_config(const LabModelSpec& model, const LabTrainSpec& train, Index points) {
  validate(model);
  validate(train);
  if (points < 1) throw Error("the lab needs training points");
  TrainConfig c;
  c.batch_size = static_cast<int>(std::min<Index>(train.batch, points));
  c.epochs = train.epochs;
  c.seed = train.seed;
  c.optim.kind = OptimizerKind::Adam;
  c.optim.lr = train.lr;
  c.optim.schedule = LrSchedule::Cosine;
  c.optim.lr_min = train.lr / 20;
  if (model.family == LabFamily::Denoising) c.noise = NoiseSpec{NoiseKind::Gaussian, model.sigma, false};
  validate(c, points);
  return c;
}

Autoencoder train_lab_model(const LabModelSpec& model, const LabTrainSpec& train, const Mat& data) {
  if (data.rows() != 2) throw Error("the lab's points are 2-D: 2 rows, got " + std::to_string(data.rows()));
  const TrainConfig config = lab_train_config(model, train, data.cols());
  Autoencoder ae(lab_model_spec(model), train.seed);
  const Mat no_test;
  Trainer trainer(ae, data, no_test, config);
  while (!trainer.step(1 << 20).done) {
  }
  if (trainer.progress().diverged) throw Error("training diverged: " + trainer.divergence());
  return ae;
}

}  // namespace ae
