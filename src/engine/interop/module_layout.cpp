#include "module_layout.h"

#include <map>

#include "error.h"

namespace ae::interop {

namespace {

// Appends modules to one Sequential, numbering them as nn.Sequential does.
struct SequentialBuilder {
  std::string prefix;
  std::vector<ModuleStep>* steps;
  ModuleStep& add(StepKind kind) {
    ModuleStep s;
    s.kind = kind;
    s.name = prefix + "." + std::to_string(steps->size());
    steps->push_back(s);
    return steps->back();
  }
  void linear(int in, int out, int layer) {
    ModuleStep& s = add(StepKind::Linear);
    s.in = in, s.out = out, s.layer = layer, s.rows = out;
  }
  void act(Activation a) { add(StepKind::Act).act = a; }
};

}  // namespace

ModuleLayout module_layout(const ModelSpec& spec) {
  validate(spec);
  ModuleLayout m;
  SequentialBuilder enc{"encoder", &m.encoder}, dec{"decoder", &m.decoder};
  const int E = spec.encoder_layers();
  m.class_name = family_info(spec.family).module_class;
  if (family_info(spec.family).has(kConvStack)) {
    struct Geo { int channels, side; };
    std::vector<Geo> inputs;  // each conv's input
    Geo g{spec.in_channels, spec.image_side};
    enc.add(StepKind::Unflatten).unflatten = {g.channels, g.side, g.side};  // NCHW: channel planes, row-major
    const int n = static_cast<int>(spec.conv.size());
    for (int i = 0; i < n; ++i) {
      const ConvLayerSpec& c = spec.conv[size_t(i)];
      inputs.push_back(g);
      ModuleStep& s = enc.add(StepKind::Conv2d);
      s.in = g.channels, s.out = c.channels, s.kernel = c.kernel, s.stride = c.stride, s.pad = c.pad, s.layer = i;
      s.rows = c.channels;
      enc.act(spec.hidden);
      g = Geo{c.channels, (g.side + 2 * c.pad - c.kernel) / c.stride + 1};
    }
    const int flat = g.channels * g.side * g.side;
    enc.add(StepKind::Flatten);
    enc.linear(flat, spec.latent_size(), n);
    enc.act(spec.latent);
    dec.linear(spec.latent_size(), flat, n + 1);
    dec.act(spec.hidden);
    dec.add(StepKind::Unflatten).unflatten = {g.channels, g.side, g.side};
    for (int i = n - 1; i >= 0; --i) {
      const ConvLayerSpec& c = spec.conv[size_t(i)];
      Geo out = inputs[size_t(i)];
      if (i == 0) out.channels = spec.out_channels;  // the last layer gives the output's channels
      ModuleStep& s = dec.add(StepKind::ConvTranspose2d);
      s.in = c.channels, s.out = out.channels, s.kernel = c.kernel, s.stride = c.stride, s.pad = c.pad;
      // PyTorch's ConvTranspose2d gives (side-1)·s - 2p + k; the rest of the conv's input size is output_padding.
      s.output_padding = out.side - ((g.side - 1) * c.stride - 2 * c.pad + c.kernel);
      s.layer = n + 2 + (n - 1 - i);
      s.rows = out.channels;
      dec.act(i == 0 ? spec.output : spec.hidden);
      g = out;
    }
    dec.add(StepKind::Flatten);
    return m;
  }
  const bool vae = family_info(spec.family).variational;  // (μ, log σ²) heads after the encoder
  for (int l = 0; l < E; ++l) {
    if (vae && l == E - 1) break;
    enc.linear(spec.sizes[size_t(l)], spec.sizes[size_t(l + 1)], l);
    enc.act(l == E - 1 ? spec.latent : spec.hidden);
  }
  if (vae) {
    const int in = spec.sizes[size_t(E - 1)], L = spec.latent_size();
    for (int h = 0; h < 2; ++h) {
      ModuleStep s;
      s.kind = StepKind::Linear;
      s.name = h == 0 ? "mu" : "logvar";
      s.in = in, s.out = L, s.layer = E - 1, s.row_begin = h * L, s.rows = L;
      m.heads.push_back(s);
    }
  }
  for (int j = 0; j < E; ++j) {
    const int mirror = E - 1 - j;  // the encoder layer this decoder layer mirrors
    const int in = spec.sizes[size_t(mirror + 1)], out = spec.sizes[size_t(mirror)];
    if (spec.tied) {
      ModuleStep& s = dec.add(StepKind::TiedLinear);
      s.in = in, s.out = out, s.layer = E + j, s.rows = out;
      s.tied_to = m.encoder[size_t(2 * mirror)].name;
    } else {
      dec.linear(in, out, E + j);
    }
    dec.act(j == E - 1 ? spec.output : spec.hidden);
  }
  return m;
}

namespace {

// Calls f(step, weight shape, has_weight) for every parametrised step in state_dict order.
template <class F>
void for_each_parameter_step(const ModuleLayout& m, F f) {
  for (const auto* list : {&m.encoder, &m.heads, &m.decoder})
    for (const ModuleStep& s : *list) {
      switch (s.kind) {
        case StepKind::Linear: f(s, std::vector<int64_t>{s.out, s.in}, true); break;
        case StepKind::TiedLinear: f(s, std::vector<int64_t>{}, false); break;
        case StepKind::Conv2d: f(s, std::vector<int64_t>{s.out, s.in, s.kernel, s.kernel}, true); break;
        case StepKind::ConvTranspose2d: f(s, std::vector<int64_t>{s.in, s.out, s.kernel, s.kernel}, true); break;
        default: break;
      }
    }
}

// Rows of the engine's W that a step's weight holds: its outputs, but a ConvTranspose2d's W has one row
// per input channel.
int weight_rows(const ModuleStep& s) { return s.kind == StepKind::ConvTranspose2d ? s.in : s.rows; }

int64_t elements(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

}  // namespace

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::vector<NamedTensor> state_dict_shapes(const ModelSpec& spec) {
  std::vector<NamedTensor> out;
  for_each_parameter_step(module_layout(spec), [&](const ModuleStep& s, std::vector<int64_t> wshape, bool has_w) {
    if (has_w) out.push_back({s.name + ".weight", wshape, {}});
    out.push_back({s.name + ".bias", {s.rows}, {}});
  });
  return out;
}

std::vector<NamedTensor> to_state_dict(const ModelSpec& spec, const std::vector<float>& params) {
  Autoencoder model(spec, 0);
  if (params.size() != model.parameters().size()) throw Error("parameter count does not match the architecture");
  model.parameters() = params;
  std::vector<NamedTensor> out;
  for_each_parameter_step(module_layout(spec), [&](const ModuleStep& s, std::vector<int64_t> wshape, bool has_w) {
    if (has_w) {
      const auto W = model.weights(s.layer);
      NamedTensor t{s.name + ".weight", wshape, {}};
      t.data.reserve(size_t(weight_rows(s)) * size_t(W.cols()));
      for (int r = s.row_begin; r < s.row_begin + weight_rows(s); ++r)  // row-major: the engine's W row by row
        for (Index c = 0; c < W.cols(); ++c) t.data.push_back(W(r, c));
      out.push_back(std::move(t));
    }
    const auto b = model.bias(s.layer);
    out.push_back({s.name + ".bias", {s.rows}, std::vector<float>(b.data() + s.row_begin, b.data() + s.row_begin + s.rows)});
  });
  return out;
}

std::vector<float> from_state_dict(const ModelSpec& spec, const std::vector<NamedTensor>& tensors) {
  // Every name and shape is checked before the model is allocated: the architecture may come from a small
  // file's metadata and ask for 64 Mi parameters, but the tensors that fit it hold real data of that size.
  std::map<std::string, const NamedTensor*> by_name;
  for (const NamedTensor& t : tensors)
    if (!by_name.emplace(t.name, &t).second) throw Error("tensor '" + t.name + "' appears twice");
  const std::string arch = spec.describe();
  const std::vector<NamedTensor> expected = state_dict_shapes(spec);
  for (const NamedTensor& e : expected) {
    auto it = by_name.find(e.name);
    if (it == by_name.end()) throw Error("tensor '" + e.name + "' is missing (the architecture " + arch + " needs it)");
    const NamedTensor& t = *it->second;
    if (t.shape != e.shape)
      throw Error("tensor '" + e.name + "' has shape " + shape_text(t.shape) + ", the architecture " + arch + " needs " +
                  shape_text(e.shape));
    if (t.data.size() != size_t(elements(e.shape))) throw Error("tensor '" + e.name + "' holds the wrong number of values");
  }
  if (expected.size() != tensors.size())
    for (const NamedTensor& t : tensors) {
      bool known = false;
      for (const NamedTensor& e : expected) known = known || e.name == t.name;
      if (!known) throw Error("unexpected tensor '" + t.name + "' (not part of the architecture " + arch + ")");
    }

  Autoencoder model(spec, 0);
  for_each_parameter_step(module_layout(spec), [&](const ModuleStep& s, std::vector<int64_t>, bool has_w) {
    if (has_w) {
      const NamedTensor& t = *by_name.at(s.name + ".weight");
      auto W = model.mutable_weights(s.layer);
      size_t k = 0;
      for (int r = s.row_begin; r < s.row_begin + weight_rows(s); ++r)
        for (Index c = 0; c < W.cols(); ++c) W(r, c) = t.data[k++];
    }
    const NamedTensor& b = *by_name.at(s.name + ".bias");
    std::copy(b.data.begin(), b.data.end(), model.mutable_bias(s.layer).data() + s.row_begin);
  });
  return model.parameters();
}

}  // namespace ae::interop
