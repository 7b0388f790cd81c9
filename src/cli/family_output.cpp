#include "family_output.h"

#include <cstdio>

#include "json.h"

namespace cli {

namespace {
bool variational(const ae::ModelSpec& s) { return ae::family_info(s.family).variational; }
bool sigmoid_code(const ae::ModelSpec& s) { return !variational(s) && s.latent == ae::Activation::Sigmoid; }
}  // namespace

std::string family_lines(const ae::ModelSpec& s, const ae::FamilyReport& r) {
  char buf[256];
  std::string out;
  if (variational(s)) {
    std::snprintf(buf, sizeof buf,
                  "test ELBO %.2f nats per image (reconstruction -log p(x|z) %.2f, KL %.2f; one sample of z)\n",
                  r.elbo, r.reconstruction_nll, r.kl);
    out += buf;
  }
  if (sigmoid_code(s)) {
    std::snprintf(buf, sizeof buf, "code sparsity: mean activation rho-hat %.4f", r.mean_activation);
    out += buf;
    if (s.penalty == ae::Penalty::KL) {
      std::snprintf(buf, sizeof buf, " (target rho %.4f)", double(s.sparsity_target));
      out += buf;
    }
    out += "\n";
  } else if (!variational(s)) {
    std::snprintf(buf, sizeof buf, "code activity: mean %.4f, %.1f%% of activations are zero\n", r.mean_activation,
                  100 * r.zero_fraction);
    out += buf;
  }
  if (r.has_contractive) {
    std::snprintf(buf, sizeof buf, "contractive norm: mean ||dh/dx||_F^2 = %.4f\n", r.contractive_norm);
    out += buf;
  }
  return out;
}

std::string family_json(const ae::ModelSpec& s, const ae::FamilyReport& r) {
  Json j;
  j.str("family", ae::to_string(s.family)).num("mean_activation", r.mean_activation).num("zero_fraction", r.zero_fraction);
  if (s.penalty == ae::Penalty::KL) j.num("sparsity_target", s.sparsity_target);
  if (r.has_contractive) j.num("contractive_norm", r.contractive_norm);
  if (r.has_elbo) j.num("elbo", r.elbo).num("kl", r.kl).num("reconstruction_nll", r.reconstruction_nll);
  return j.dump();
}

}  // namespace cli
