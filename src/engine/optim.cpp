#include "optim.h"

#include <cmath>

#include "error.h"

namespace ae {

const char* to_string(OptimizerKind k) { return k == OptimizerKind::SGD ? "sgd" : "adam"; }

OptimizerKind parse_optimizer(const std::string& name) {
  if (name == "sgd") return OptimizerKind::SGD;
  if (name == "adam") return OptimizerKind::Adam;
  throw Error("unknown optimizer '" + name + "' (choose sgd, adam)");
}

void validate(const OptimConfig& c) {
  auto finite = [](float x) { return std::isfinite(x); };
  if (!finite(c.lr) || c.lr <= 0 || c.lr > 10) throw Error("learning rate must be in (0, 10], got " + std::to_string(c.lr));
  if (!finite(c.momentum) || c.momentum < 0 || c.momentum >= 1) throw Error("momentum must be in [0, 1)");
  if (!finite(c.beta1) || c.beta1 < 0 || c.beta1 >= 1) throw Error("beta1 must be in [0, 1)");
  if (!finite(c.beta2) || c.beta2 < 0 || c.beta2 >= 1) throw Error("beta2 must be in [0, 1)");
  if (!finite(c.eps) || c.eps <= 0) throw Error("eps must be > 0");
  if (!finite(c.weight_decay) || c.weight_decay < 0) throw Error("weight decay must be >= 0");
  if (!finite(c.clip_norm) || c.clip_norm < 0) throw Error("gradient clip norm must be >= 0 (0 = off)");
}

Optimizer::Optimizer(const OptimConfig& config) : config_(config) { validate(config_); }

float Optimizer::step(const std::vector<ParamRef>& params) {
  if (m_.size() != params.size()) {
    m_.assign(params.size(), {});
    v_.assign(params.size(), {});
    for (size_t i = 0; i < params.size(); ++i) {
      m_[i].assign(static_cast<size_t>(params[i].size), 0.0f);
      if (config_.kind == OptimizerKind::Adam) v_[i].assign(static_cast<size_t>(params[i].size), 0.0f);
    }
  }
  ++t_;
  const auto& c = config_;

  double sq = 0;
  for (const auto& p : params) sq += Eigen::Map<const Vec>(p.grad, p.size).squaredNorm();
  const float norm = static_cast<float>(std::sqrt(sq));
  const float scale = (c.clip_norm > 0 && norm > c.clip_norm) ? c.clip_norm / norm : 1.0f;

  const float bc1 = 1.0f - std::pow(c.beta1, static_cast<float>(t_));
  const float bc2 = 1.0f - std::pow(c.beta2, static_cast<float>(t_));
  for (size_t i = 0; i < params.size(); ++i) {
    const ParamRef& p = params[i];
    Eigen::Map<Vec> w(p.value, p.size);
    Eigen::Map<Vec> g(p.grad, p.size);
    Eigen::Map<Vec> m(m_[i].data(), p.size);
    if (scale != 1.0f) g *= scale;
    if (p.is_weight && c.weight_decay > 0) g += c.weight_decay * w;
    if (c.kind == OptimizerKind::SGD) {
      if (c.momentum == 0) {
        w -= c.lr * g;
      } else {
        m = c.momentum * m + g;  // v <- μv + g (PyTorch convention)
        if (c.nesterov)
          w -= c.lr * (g + c.momentum * m);
        else
          w -= c.lr * m;
      }
    } else {
      Eigen::Map<Vec> v(v_[i].data(), p.size);
      m = c.beta1 * m + (1.0f - c.beta1) * g;
      v = c.beta2 * v + (1.0f - c.beta2) * g.cwiseAbs2();
      // w -= lr * m̂ / (sqrt(v̂) + eps), with m̂ = m / bc1 and v̂ = v / bc2. The denominator goes through an
      // aligned buffer: Eigen's vectorised sqrt differs by an ulp from the scalar one it uses for a
      // misaligned head, which would make results depend on where the parameters sit in memory.
      if (denom_.size() < p.size) denom_.resize(p.size);
      auto denom = denom_.head(p.size);
      denom.array() = (v.array() / bc2).sqrt() + c.eps;
      w.array() -= (c.lr / bc1) * m.array() / denom.array();
    }
  }
  return norm;
}

}  // namespace ae
