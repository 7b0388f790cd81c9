// ModelSpec: its names, description, validation and sizes (the layer plan). The mathematics is in model.cpp.
#include "model.h"

#include <algorithm>
#include <cmath>

#include "contractive_jvp.h"
#include "error.h"
#include "model_plan.h"

namespace ae {

int ModelSpec::encoder_layers() const {
  return family == Family::Conv ? static_cast<int>(conv.size()) + 1 : static_cast<int>(sizes.size()) - 1;
}

int ModelSpec::output_size() const {
  return family == Family::Conv && out_channels != in_channels ? out_channels * image_side * image_side : sizes.front();
}

std::string ModelSpec::describe() const {
  std::string s;
  auto join = [](const std::vector<int>& v) {
    std::string t;
    for (size_t i = 0; i < v.size(); ++i) t += (i ? "-" : "") + std::to_string(v[i]);
    return t;
  };
  std::vector<int> mirror(sizes.rbegin() + 1, sizes.rend());
  if (family == Family::Conv) {
    s = "conv " + std::to_string(image_side) + "x" + std::to_string(image_side);
    if (in_channels != 1 || out_channels != 1)  // grey models keep the description they always had
      s += "x" + std::to_string(in_channels) + "->" + std::to_string(out_channels) + "ch";
    for (const auto& c : conv)
      s += " c" + std::to_string(c.channels) + "k" + std::to_string(c.kernel) + "s" + std::to_string(c.stride);
    s += " -> " + std::to_string(latent_size()) + " -> mirrored";
  } else if (family == Family::Vae) {
    std::vector<int> enc(sizes.begin(), sizes.end() - 1);
    s = "vae " + join(enc) + "-[mu,logvar " + std::to_string(latent_size()) + "]-" + join(mirror);
  } else {
    s = join(sizes) + "-" + join(mirror);
  }
  s += std::string(" ") + to_string(hidden) + "/" + (family == Family::Vae ? "linear" : to_string(latent)) + "/" +
       to_string(output) + " " + to_string(loss);
  if (tied) s += " tied";
  char buf[96];
  if (penalty != Penalty::None) {
    if (penalty == Penalty::KL)
      std::snprintf(buf, sizeof buf, " +kl(rho=%g, beta=%g)", double(sparsity_target), double(penalty_weight));
    else
      std::snprintf(buf, sizeof buf, " +%s(lambda=%g)", to_string(penalty), double(penalty_weight));
    s += buf;
  }
  if (code_noise > 0) {
    std::snprintf(buf, sizeof buf, " +code-noise(sigma=%g)", double(code_noise));
    s += buf;
  }
  if (family == Family::Vae) {
    std::snprintf(buf, sizeof buf, " beta=%g", double(beta));
    s += buf;
    if (likelihood == Likelihood::Bernoulli) s += " bernoulli";
  }
  return s;
}

LayerPlan plan_layers(const ModelSpec& s) {
  LayerPlan p;
  auto add = [&](LayerPlan::Item it) {
    if (it.tied_to >= 0) {
      it.w_offset = p.items[static_cast<size_t>(it.tied_to)].w_offset;
    } else {
      it.w_offset = p.total;
      p.total += uint64_t(it.w_rows) * uint64_t(it.w_cols);
    }
    it.b_offset = p.total;
    p.total += uint64_t(it.kind == LayerKind::Dense ? it.out : it.maps_out);
    p.items.push_back(it);
  };
  auto dense = [](int in, int out, Activation act, int tied_to) {
    return LayerPlan::Item{LayerKind::Dense,        in, out, act, tied_to, 0, 0, tied_to >= 0 ? in : out,
                           tied_to >= 0 ? out : in, {}, 0};
  };
  const int E = s.encoder_layers();
  if (s.family == Family::Conv) {
    std::vector<ConvGeometry> geoms;
    ConvGeometry g{s.in_channels, s.image_side, s.image_side, 0, 1, 0};
    for (const auto& c : s.conv) {
      g.kernel = c.kernel, g.stride = c.stride, g.pad = c.pad;
      geoms.push_back(g);
      const int in = g.channels * g.height * g.width;
      const int ho = g.out_height(), wo = g.out_width();
      add({LayerKind::Conv, in, c.channels * ho * wo, s.hidden, -1, 0, 0, c.channels, g.channels * c.kernel * c.kernel,
           g, c.channels});
      g = ConvGeometry{c.channels, ho, wo, 0, 1, 0};
    }
    const int flat = g.channels * g.height * g.width;
    add(dense(flat, s.latent_size(), s.latent, -1));
    add(dense(s.latent_size(), flat, s.hidden, -1));
    for (size_t i = s.conv.size(); i-- > 0;) {
      ConvGeometry cg = geoms[i];
      if (i == 0) cg.channels = s.out_channels;  // the last layer gives the output's channels
      const int in_maps = s.conv[i].channels;
      const int in = in_maps * cg.out_height() * cg.out_width();
      add({LayerKind::ConvTranspose, in, cg.channels * cg.height * cg.width, i == 0 ? s.output : s.hidden, -1, 0, 0,
           in_maps, cg.channels * cg.kernel * cg.kernel, cg, cg.channels});
    }
    return p;
  }
  const bool vae = s.family == Family::Vae;
  for (int l = 0; l < E; ++l) {
    const bool code = l == E - 1;
    add(dense(s.sizes[l], code && vae ? 2 * s.sizes[l + 1] : s.sizes[l + 1],
              code ? (vae ? Activation::Identity : s.latent) : s.hidden, -1));
  }
  for (int l = 0; l < E; ++l) {
    const int mirror = E - 1 - l;  // the encoder layer this decoder layer mirrors
    add(dense(s.sizes[mirror + 1], s.sizes[mirror], l == E - 1 ? s.output : s.hidden, s.tied ? mirror : -1));
  }
  return p;
}

bool contractive_closed_form(const ModelSpec& s) {
  return s.penalty == Penalty::Contractive && s.sizes.size() == 2 && s.latent == Activation::Sigmoid;
}

namespace {

[[noreturn]] void fail(const std::string& why) { throw Error(why); }

// What the spec's family takes (families.h); anything else is refused, naming the family.
void validate_family_facts(const ModelSpec& s, const FamilyInfo& f) {
  if (s.tied && !f.has(kTiedWeights)) fail("tied weights are not supported for the " + std::string(f.label));
  if ((s.penalty == Penalty::L1 || s.penalty == Penalty::KL) && !f.has(kCodePenalty))
    fail("the " + std::string(f.label) + " takes no --penalty" + (f.has(kKlBeta) ? " (it has its own KL term)" : ""));
  const auto smooth = [](Activation a) {
    return a == Activation::Identity || a == Activation::Sigmoid || a == Activation::Tanh;
  };
  const bool small_smooth_encoder =
      s.input_size() <= kMaxContractiveJvpInputs && smooth(s.latent) && (s.sizes.size() == 2 || smooth(s.hidden));
  if (s.penalty == Penalty::Contractive &&
      (!f.has(kContractive) || !(contractive_closed_form(s) || small_smooth_encoder)))
    fail(
        "the contractive penalty is supported for one sigmoid encoder layer (e.g. --layers 784,256 "
        "--latent-activation sigmoid), where its exact gradient has a closed form, or for an encoder with at most " +
        std::to_string(kMaxContractiveJvpInputs) +
        " inputs and identity, sigmoid or tanh activations (exact by forward mode)");
  if (!std::isfinite(s.code_noise) || s.code_noise < 0 || s.code_noise > 100)
    fail("code noise must be in [0, 100]");
  if (s.code_noise > 0 && (!f.has(kCodeNoise) || s.latent != Activation::Sigmoid))
    fail("code noise (semantic hashing) needs the dense autoencoder with sigmoid code units "
         "(--latent-activation sigmoid)");
  if (f.has(kKlBeta) && (!std::isfinite(s.beta) || s.beta < 0 || s.beta > 1e3))
    fail(std::string(f.label) + " beta must be in [0, 1000]");
  if (f.variational && 2 * s.sizes.back() > kMaxLayerSize) fail(std::string(f.label) + " latent size too large");
  if (!f.has(kHiddenLayers) && s.sizes.size() != 2)
    fail("the " + std::string(f.name) + " family takes --layers INPUT,CODE (e.g. 784,32)" +
         (f.has(kConvStack) ? "; the conv stack is --conv" : ""));
}

// The convolution stack: square images of 1 to 4 channels, 1 to 8 layers that leave at least one pixel.
void validate_conv_stack(const ModelSpec& s) {
  if (s.in_channels < 1 || s.in_channels > 4 || s.out_channels < 1 || s.out_channels > 4)
    fail("conv input and output channels must be in 1..4, got " + std::to_string(s.in_channels) + " and " +
         std::to_string(s.out_channels));
  if (s.image_side < 1 || s.image_side > 1024 || s.sizes[0] != s.in_channels * s.image_side * s.image_side)
    fail("the conv family needs square images: input " + std::to_string(s.sizes[0]) + " is not " +
         std::to_string(s.in_channels) + "x" + std::to_string(s.image_side) + "x" + std::to_string(s.image_side));
  if (s.conv.empty() || s.conv.size() > 8) fail("the conv family needs 1 to 8 convolution layers (--conv)");
  int side = s.image_side;
  for (const auto& c : s.conv) {
    if (c.channels < 1 || c.channels > 512) fail("conv channels must be in 1..512");
    if (c.kernel < 1 || c.kernel > 11) fail("conv kernel must be in 1..11");
    if (c.stride < 1 || c.stride > 4) fail("conv stride must be in 1..4");
    if (c.pad < 0 || c.pad >= c.kernel) fail("conv padding must be in 0..kernel-1");
    side = (side + 2 * c.pad - c.kernel) / c.stride + 1;
    if (side < 1) fail("the conv stack shrinks the image to nothing");
  }
}

}  // namespace

void validate(const ModelSpec& s) {
  if (static_cast<int>(s.family) >= kFamilyCount) fail("unknown model family");
  if (s.sizes.size() < 2) fail("a model needs at least two layer sizes (input and code), e.g. 784,32");
  if (static_cast<int>(s.sizes.size()) - 1 > kMaxEncoderLayers)
    fail("too many layers: " + std::to_string(s.sizes.size()) + " sizes, at most " +
         std::to_string(kMaxEncoderLayers + 1));
  for (int v : s.sizes)
    if (v < 1 || v > kMaxLayerSize)
      fail("layer size " + std::to_string(v) + " out of range 1.." + std::to_string(kMaxLayerSize));
  if (!is_valid(s.hidden) || !is_valid(s.latent) || !is_valid(s.output)) fail("unknown activation");
  if (!is_valid(s.loss)) fail("unknown loss");
  if (s.loss == Loss::BCE && s.output != Activation::Sigmoid)
    fail("the bce loss needs a sigmoid output layer (it is computed from the logits)");
  if (static_cast<uint8_t>(s.penalty) > static_cast<uint8_t>(Penalty::Contractive)) fail("unknown penalty");
  if (!std::isfinite(s.penalty_weight) || s.penalty_weight < 0 || s.penalty_weight > 1e4)
    fail("penalty weight must be in [0, 1e4]");
  if (s.penalty == Penalty::KL) {
    if (!(s.sparsity_target > 0 && s.sparsity_target < 1)) fail("sparsity target rho must be in (0, 1)");
    if (s.latent != Activation::Sigmoid)
      fail(
          "KL sparsity needs sigmoid code units (their mean activation is a probability): use --latent-activation "
          "sigmoid");
  }
  if (!is_valid(s.likelihood)) fail("unknown likelihood");
  if (s.likelihood == Likelihood::Bernoulli &&
      (!family_info(s.family).variational || s.output != Activation::Sigmoid || s.loss != Loss::BCE))
    fail(
        "the bernoulli likelihood is for the VAE with a sigmoid output and the bce loss (--family vae --loss bce "
        "--output sigmoid)");
  validate_family_facts(s, family_info(s.family));
  if (family_info(s.family).has(kConvStack)) validate_conv_stack(s);
  else if (s.in_channels != 1 || s.out_channels != 1)
    fail("only the conv family takes input and output channels (the " + std::string(family_info(s.family).name) +
         " family reconstructs its input)");
  if (parameter_count(s) > kMaxParameters)
    fail("model too large: " + std::to_string(parameter_count(s)) + " parameters, at most " +
         std::to_string(kMaxParameters));
}

uint64_t parameter_count(const ModelSpec& spec) {
  // Cheap checks first, so absurd specs from files are refused before planning anything big.
  for (int v : spec.sizes)
    if (v < 1 || v > kMaxLayerSize) return UINT64_MAX;
  if (spec.family == Family::Conv) {
    for (const auto& c : spec.conv)
      if (c.channels < 1 || c.channels > 512 || c.kernel < 1 || c.kernel > 11 || c.stride < 1 || c.pad < 0)
        return UINT64_MAX;
    if (spec.image_side < 1 || spec.image_side > 1024 || spec.conv.size() > 8) return UINT64_MAX;
    if (spec.in_channels < 1 || spec.in_channels > 4 || spec.out_channels < 1 || spec.out_channels > 4) return UINT64_MAX;
  }
  return plan_layers(spec).total;
}

uint64_t workspace_floats(const ModelSpec& spec, int batch) {
  uint64_t per_sample = 0;
  for (const LayerPlan::Item& it : plan_layers(spec).items) {
    per_sample += 3 * uint64_t(it.out);  // Z, A, dZ
    if (it.kind == LayerKind::Conv)      // cols: (C k k) x (out pixels); tmp: the output as rows
      per_sample += uint64_t(it.w_cols) * uint64_t(it.out / it.maps_out) + uint64_t(it.out);
    if (it.kind == LayerKind::ConvTranspose)  // tmp: the input as rows; cols: (C k k) x (input pixels)
      per_sample += uint64_t(it.in) + uint64_t(it.w_cols) * uint64_t(it.in / it.w_rows);
  }
  const uint64_t code = uint64_t(spec.latent_size());
  if (spec.family == Family::Vae) per_sample += 4 * code + 2 * code;  // ε, z, dμ, dlog σ²; the code's gradient
  else if (spec.penalty != Penalty::None)
    per_sample += code;  // the code's gradient from the penalty
  return per_sample * uint64_t(std::max(batch, 0));
}

}  // namespace ae
