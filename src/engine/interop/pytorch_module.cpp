#include "pytorch_module.h"

#include "module_layout.h"

namespace ae::interop {

namespace {

std::string activation_module(Activation a) {
  switch (a) {
    case Activation::Identity: return "nn.Identity()";
    case Activation::ReLU: return "nn.ReLU()";
    case Activation::LeakyReLU: return "nn.LeakyReLU(0.01)";
    case Activation::Sigmoid: return "nn.Sigmoid()";
    case Activation::Tanh: return "nn.Tanh()";
  }
  return "nn.Identity()";
}

// "self.encoder[2]" for the step named "encoder.2".
std::string attribute_path(const std::string& name) {
  const size_t dot = name.find('.');
  return "self." + name.substr(0, dot) + "[" + name.substr(dot + 1) + "]";
}

std::string module_expr(const ModuleStep& s) {
  const std::string I = std::to_string(s.in), O = std::to_string(s.out);
  const std::string geometry = ", kernel_size=" + std::to_string(s.kernel) + ", stride=" + std::to_string(s.stride) +
                               ", padding=" + std::to_string(s.pad);
  switch (s.kind) {
    case StepKind::Linear: return "nn.Linear(" + I + ", " + O + ")";
    case StepKind::TiedLinear: return "TiedLinear(" + attribute_path(s.tied_to) + ", " + O + ")";
    case StepKind::Conv2d: return "nn.Conv2d(" + I + ", " + O + geometry + ")";
    case StepKind::ConvTranspose2d:
      return "nn.ConvTranspose2d(" + I + ", " + O + geometry + ", output_padding=" + std::to_string(s.output_padding) + ")";
    case StepKind::Act: return activation_module(s.act);
    case StepKind::Flatten: return "nn.Flatten()";
    case StepKind::Unflatten: {
      std::string t;
      for (size_t i = 0; i < s.unflatten.size(); ++i) t += (i ? ", " : "") + std::to_string(s.unflatten[i]);
      return "nn.Unflatten(1, (" + t + "))";
    }
  }
  return "";
}

std::string sequential(const std::string& attr, const std::vector<ModuleStep>& steps) {
  if (steps.empty()) return "        self." + attr + " = nn.Sequential()\n";
  std::string s = "        self." + attr + " = nn.Sequential(\n";
  for (const ModuleStep& step : steps) s += "            " + module_expr(step) + ",\n";
  return s + "        )\n";
}

}  // namespace

std::string pytorch_module_source(const ModelSpec& spec) {
  const ModuleLayout m = module_layout(spec);
  const int pixels = spec.input_size();
  std::string py =
      "# PyTorch twin of an aeplay model: " + spec.describe() + "\n"
      "# Printed by `aeplay export --pytorch`. Its state_dict is what `aeplay export` writes and `aeplay import` reads.\n"
      "import torch\n"
      "from torch import nn\n";
  if (spec.tied) {
    py +=
        "import torch.nn.functional as F\n"
        "\n"
        "\n"
        "class TiedLinear(nn.Module):\n"
        "    \"\"\"Tied weights: y = x W + b with W the weight of an encoder nn.Linear ([out, in] there).\"\"\"\n"
        "\n"
        "    def __init__(self, linear, out_features):\n"
        "        super().__init__()\n"
        "        self._tied = [linear]  # in a list: the weight is registered (and saved) once, by the encoder\n"
        "        self.bias = nn.Parameter(torch.zeros(out_features))\n"
        "\n"
        "    def forward(self, x):\n"
        "        return F.linear(x, self._tied[0].weight.t(), self.bias)\n";
  }
  py += "\n\nclass " + m.class_name + "(nn.Module):\n";
  const std::string side = std::to_string(spec.image_side) + "x" + std::to_string(spec.image_side);
  if (spec.output_size() != pixels)  // a colour conv model: other channels out than in
    py += "    \"\"\"Input: [batch, " + std::to_string(pixels) + "] (" + std::to_string(spec.in_channels) + " x " + side +
          ", channel planes, row-major: NCHW flattened); output: [batch, " + std::to_string(spec.output_size()) + "] (" +
          std::to_string(spec.out_channels) + " x " + side + "), values in [0, 1].\"\"\"\n\n";
  else
    py += "    \"\"\"Input and output: [batch, " + std::to_string(pixels) + "], pixels in [0, 1], one image per row" +
          (family_info(spec.family).has(kConvStack)
               ? " (" + (spec.in_channels > 1 ? std::to_string(spec.in_channels) + " x " : std::string()) + side +
                     ", row-major)"
               : std::string()) +
          ".\"\"\"\n\n";
  py += "    def __init__(self):\n        super().__init__()\n";
  py += sequential("encoder", m.encoder);
  for (const ModuleStep& h : m.heads) py += "        self." + h.name + " = " + module_expr(h) + "\n";
  py += sequential("decoder", m.decoder);
  if (family_info(spec.family).variational) {
    py +=
        "\n"
        "    def encode(self, x):\n"
        "        \"\"\"The parameters of q(z|x): mu and log sigma^2, [batch, " + std::to_string(spec.latent_size()) + "] each.\"\"\"\n"
        "        h = self.encoder(x)\n"
        "        return self.mu(h), self.logvar(h)\n"
        "\n"
        "    def forward(self, x):\n"
        "        \"\"\"The reconstruction from z = mu, as aeplay's; sample z = mu + exp(logvar / 2) * eps to generate.\"\"\"\n"
        "        mu, logvar = self.encode(x)\n"
        "        return self.decoder(mu)\n";
  } else {
    py +=
        "\n"
        "    def encode(self, x):\n"
        "        return self.encoder(x)\n"
        "\n"
        "    def forward(self, x):\n"
        "        return self.decoder(self.encoder(x))\n";
  }
  return py;
}

}  // namespace ae::interop
