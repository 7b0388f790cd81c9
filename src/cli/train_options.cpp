#include "train_options.h"

#include <cstdlib>

#include "batch_size.h"
#include "common.h"
#include "error.h"

namespace cli {

std::vector<OptionDef> train_option_defs() {
  return {
      {"preset", true, "start from a curriculum preset (see --list-presets); flags override it"},
      {"list-presets", false, "list the presets and exit"},
      {"family", true, ae::family_names() + " (default autoencoder; dense means autoencoder)"},
      {"layers", true, "encoder sizes, input first (default 784,256,32; decoder mirrors). conv: 784,CODE"},
      {"conv", true, "conv family: encoder convolutions CHANNELS:KERNEL:STRIDE:PAD,... (e.g. 16:3:2:1,32:3:2:1)"},
      {"activation", true, "hidden activation: relu, leakyrelu, sigmoid, tanh, identity (default relu)"},
      {"latent-activation", true, "code-layer activation (default: same as --activation)"},
      {"output", true, "output activation (default sigmoid)"},
      {"loss", true, "mse, bce or l1 (default mse)"},
      {"tied", false, "tie decoder weights to the encoder's (W_dec = W_enc^T)"},
      {"penalty", true, "none, l1 (activity), kl (sparsity), contractive (default none)"},
      {"penalty-weight", true, "lambda for l1/contractive, beta for kl"},
      {"rho", true, "kl sparsity target (default 0.05)"},
      {"beta", true, "vae: weight of the KL term (default 1)"},
      {"code-noise", true, "std of Gaussian noise before a sigmoid code in training: binary codes (semantic hashing)"},
      {"likelihood", true,
       "vae: continuous (grey levels, default) or bernoulli (dynamically binarized images; aeplay nll)"},
      {"stacked", false, "greedy layer-wise pretraining before fine-tuning"},
      {"pretrain-epochs", true, "epochs per layer when --stacked (default 3)"},
      {"optimizer", true, "adam or sgd (default adam)"},
      {"lr", true, "learning rate (default 1e-3 for adam, 0.01 for sgd)"},
      {"lr-schedule", true, "constant or cosine (half cosine from --lr down to --lr-min; default constant)"},
      {"lr-min", true, "where the cosine schedule ends (default 0)"},
      {"momentum", true, "sgd momentum (default 0.9)"},
      {"nesterov", false, "sgd with Nesterov momentum"},
      {"weight-decay", true, "L2 weight decay (default 0)"},
      {"clip", true, "clip the global gradient norm (default 0 = off)"},
      {"batch", true, "batch size (default 64)"},
      {"epochs", true, "epochs (default 5)"},
      {"noise", true,
       "denoising: " + ae::noise_syntax(true, false) +
           "; inpainting and super-resolution: " + ae::noise_syntax(false, true) + " (default none)"},
      {"classes", true, "train and test on these digits only, e.g. 3 (one-class models for aeplay anomaly)"},
      {"seed", true, "seed for initialisation, shuffling and noise (default 1)"},
      {"threads", true, "threads (default 0 = every core; each step uses them or one thread, whichever is faster now)"},
      {"train-size", true, "use the first N training images (default all 60000)"},
      {"test-size", true, "use the first N test images (default all 10000)"},
      {"dataset", true, kDatasetHelp},
      {"data", true, kDataHelp},
      {"out", true, "model file to write (default model.aep)"},
      {"save-every", true, "also save --out every N epochs, a checkpoint of a long run (default 0 = at the end)"},
      {"resume", true, "start from this model file's weights (same architecture; the optimizer starts afresh)"},
      {"json", false, "print one JSON object with the results"},
      {"quiet", false, "no progress bar or per-epoch lines"}};
}

std::string list_presets() {
  std::string s;
  for (const auto& p : ae::presets()) {
    std::string name = "  " + p.name;
    if (name.size() < 26) name.resize(26, ' ');
    s += name + " " + p.summary + "\n";
  }
  return s;
}

namespace {
std::vector<ae::ConvLayerSpec> parse_conv(const std::string& text) {
  std::vector<ae::ConvLayerSpec> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int v[4];
    char extra;
    if (std::sscanf(item.c_str(), "%d:%d:%d:%d%c", &v[0], &v[1], &v[2], &v[3], &extra) != 4)
      throw ae::Error("--conv expects CHANNELS:KERNEL:STRIDE:PAD,... (e.g. 16:3:2:1,32:3:2:1), got '" + text + "'");
    out.push_back({v[0], v[1], v[2], v[3]});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}
}  // namespace

namespace {
void apply_architecture_flags(const Args& a, ae::ModelSpec& s) {
  if (a.has("family")) s.family = ae::parse_family(a.str("family"));
  if (a.has("layers")) s.sizes = a.int_list("layers", "");
  if (a.has("conv")) s.conv = parse_conv(a.str("conv"));
  const ae::FamilyInfo& family = ae::family_info(s.family);
  if (family.has(ae::kConvStack) && s.conv.empty()) s.conv = {{16, 3, 2, 1}, {32, 3, 2, 1}};
  if (!family.has(ae::kHiddenLayers) && s.sizes.size() != 2 && !a.has("layers")) s.sizes = {784, s.sizes.back()};
  if (a.has("activation")) {
    s.hidden = ae::parse_activation(a.str("activation"));
    if (!a.has("latent-activation") && !a.has("preset")) s.latent = s.hidden;
  }
  if (a.has("latent-activation")) s.latent = ae::parse_activation(a.str("latent-activation"));
  if (a.has("output")) s.output = ae::parse_activation(a.str("output"));
  if (a.has("loss")) s.loss = ae::parse_loss(a.str("loss"));
  if (a.has("tied")) s.tied = true;
  if (a.has("penalty")) s.penalty = ae::parse_penalty(a.str("penalty"));
  s.penalty_weight = static_cast<float>(a.number("penalty-weight", s.penalty_weight, 0, 1e4));
  s.sparsity_target = static_cast<float>(a.number("rho", s.sparsity_target, 1e-6, 1 - 1e-6));
  s.beta = static_cast<float>(a.number("beta", s.beta, 0, 1000));
  s.code_noise = static_cast<float>(a.number("code-noise", s.code_noise, 0, 100));
  if (a.has("likelihood")) s.likelihood = ae::parse_likelihood(a.str("likelihood"));
  if (s.penalty != ae::Penalty::None && s.penalty_weight == 0)
    throw ae::Error("--penalty " + std::string(ae::to_string(s.penalty)) + " needs --penalty-weight > 0");
}

}  // namespace

ae::Preset train_setup_from(const Args& a) {
  ae::Preset p;  // the defaults when no preset is named
  p.name = "custom";
  p.train.epochs = 5;
  if (a.has("preset")) p = ae::find_preset(a.str("preset"));
  ae::ModelSpec& s = p.spec;
  ae::TrainConfig& c = p.train;
  apply_architecture_flags(a, s);
  if (a.has("stacked")) p.stacked = true;
  p.pretrain_epochs = static_cast<int>(a.integer("pretrain-epochs", p.pretrain_epochs ? p.pretrain_epochs : 3, 1, 10000));
  ae::validate(s);

  if (a.has("optimizer")) c.optim.kind = ae::parse_optimizer(a.str("optimizer"));
  const double default_lr = a.has("optimizer") && c.optim.kind == ae::OptimizerKind::SGD ? 0.01 : c.optim.lr;
  c.optim.lr = static_cast<float>(a.number("lr", default_lr, 1e-12, 10));
  if (a.has("lr-schedule")) c.optim.schedule = ae::parse_lr_schedule(a.str("lr-schedule"));
  c.optim.lr_min = static_cast<float>(a.number("lr-min", c.optim.lr_min, 0, 10));
  c.optim.momentum = static_cast<float>(a.number("momentum", c.optim.momentum, 0, 0.999999));
  if (a.has("nesterov")) c.optim.nesterov = true;
  c.optim.weight_decay = static_cast<float>(a.number("weight-decay", c.optim.weight_decay, 0, 10));
  c.optim.clip_norm = static_cast<float>(a.number("clip", c.optim.clip_norm, 0, 1e9));
  c.batch_size = static_cast<int>(a.integer("batch", c.batch_size, ae::kMinBatchSize, ae::kMaxBatchSize));
  c.epochs = static_cast<int>(a.integer("epochs", c.epochs, 1, 100000));
  if (a.has("noise")) c.noise = ae::parse_noise(a.str("noise"));
  c.seed = static_cast<uint64_t>(a.integer("seed", static_cast<long>(c.seed), 0, 1L << 62));
  return p;
}

std::vector<OptionDef> architecture_option_defs() {
  std::vector<OptionDef> out;
  for (const OptionDef& d : train_option_defs())
    for (const char* name : {"preset", "family", "layers", "conv", "activation", "latent-activation", "output", "loss",
                             "tied", "penalty", "penalty-weight", "rho", "beta", "code-noise", "likelihood"})
      if (d.name == name) out.push_back(d);
  return out;
}

ae::ModelSpec architecture_from(const Args& a) {
  ae::ModelSpec s = a.has("preset") ? ae::find_preset(a.str("preset")).spec : ae::ModelSpec{};
  apply_architecture_flags(a, s);
  ae::validate(s);
  return s;
}

}  // namespace cli
