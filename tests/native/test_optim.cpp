// Optimizer steps on tiny parameter vectors against values worked out by hand (the arithmetic is in
// the comments), weight decay on weights only, global gradient-norm clipping and config validation.
// The optimizer may modify the gradient buffers (clipping, decay), as in training, where they are
// recomputed every step; so every step here sets the gradients afresh.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "error.h"
#include "kernels/thread_pool.h"
#include "rng.h"
#include "optim.h"

namespace {

using ae::OptimConfig;
using ae::OptimizerKind;

// One weight tensor w (2 values) and one bias tensor b (1 value), with their gradient buffers.
struct TinyParams {
  std::vector<float> w{1.0f, -2.0f}, gw{0, 0};
  std::vector<float> b{0.5f}, gb{0};
  std::vector<ae::ParamRef> refs() {
    return {{w.data(), gw.data(), 2, true}, {b.data(), gb.data(), 1, false}};
  }
  void set_grad(float g0, float g1, float g2) { gw = {g0, g1}, gb = {g2}; }
};

OptimConfig sgd(float lr, float momentum = 0, bool nesterov = false) {
  OptimConfig c;
  c.kind = OptimizerKind::SGD;
  c.lr = lr;
  c.momentum = momentum;
  c.nesterov = nesterov;
  return c;
}

TEST(Optim, PlainSgdStepsAgainstTheGradient) {
  // w <- w - lr g, lr = 0.1, g = (0.5, 0.25 | 1.0)
  //   w = (1 - 0.05, -2 - 0.025) = (0.95, -2.025),  b = 0.5 - 0.1 = 0.4
  TinyParams p;
  ae::Optimizer opt(sgd(0.1f));
  p.set_grad(0.5f, 0.25f, 1.0f);
  opt.step(p.refs());
  EXPECT_FLOAT_EQ(p.w[0], 0.95f);
  EXPECT_FLOAT_EQ(p.w[1], -2.025f);
  EXPECT_FLOAT_EQ(p.b[0], 0.4f);
  EXPECT_EQ(opt.steps(), 1);
}

TEST(Optim, SgdMomentumAccumulatesVelocity) {
  // PyTorch convention: v <- μ v + g;  w <- w - lr v.   μ = 0.9, lr = 0.1, same g = 0.5 twice:
  //   step 1: v = 0.5,              w = 1 - 0.1·0.5   = 0.95
  //   step 2: v = 0.9·0.5 + 0.5 = 0.95, w = 0.95 - 0.1·0.95 = 0.855
  TinyParams p;
  ae::Optimizer opt(sgd(0.1f, 0.9f));
  p.set_grad(0.5f, 0, 0);
  opt.step(p.refs());
  EXPECT_FLOAT_EQ(p.w[0], 0.95f);
  p.set_grad(0.5f, 0, 0);
  opt.step(p.refs());
  EXPECT_FLOAT_EQ(p.w[0], 0.855f);
  EXPECT_FLOAT_EQ(p.w[1], -2.0f);  // zero gradient, zero velocity: unchanged
}

TEST(Optim, NesterovLooksAhead) {
  // v <- μ v + g;  w <- w - lr (g + μ v).   μ = 0.9, lr = 0.1, g = 0.5 twice:
  //   step 1: v = 0.5,  w = 1 - 0.1 (0.5 + 0.45)       = 1 - 0.095   = 0.905
  //   step 2: v = 0.95, w = 0.905 - 0.1 (0.5 + 0.855)  = 0.905 - 0.1355 = 0.7695
  TinyParams p;
  ae::Optimizer opt(sgd(0.1f, 0.9f, true));
  p.set_grad(0.5f, 0, 0);
  opt.step(p.refs());
  EXPECT_FLOAT_EQ(p.w[0], 0.905f);
  p.set_grad(0.5f, 0, 0);
  opt.step(p.refs());
  EXPECT_FLOAT_EQ(p.w[0], 0.7695f);
}

TEST(Optim, AdamWithBiasCorrection) {
  // m <- β1 m + (1-β1) g;  v <- β2 v + (1-β2) g²;  w <- w - lr (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + ε)
  // lr = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8; w = 1, gradients 0.5 then 0.25.
  //   t = 1: m = 0.05, v = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25
  //          w = 1 - 0.1 · 0.5/0.5 = 0.9          (without bias correction the step would be 0.316)
  //   t = 2: m = 0.9·0.05 + 0.1·0.25 = 0.07, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
  //          m̂ = 0.07/0.19 = 0.368421, v̂ = 0.00031225/0.001999 = 0.156203, sqrt(v̂) = 0.395225
  //          w = 0.9 - 0.1 · 0.368421/0.395225 = 0.9 - 0.093218 = 0.806782
  OptimConfig c;
  c.kind = OptimizerKind::Adam;
  c.lr = 0.1f;
  TinyParams p;
  ae::Optimizer opt(c);
  p.set_grad(0.5f, 0, -1.0f);
  opt.step(p.refs());
  EXPECT_NEAR(p.w[0], 0.9f, 1e-6);
  EXPECT_NEAR(p.b[0], 0.6f, 1e-6);  // the first Adam step is lr·sign(g) for any g: 0.5 + 0.1
  EXPECT_FLOAT_EQ(p.w[1], -2.0f);   // g = 0: m = v = 0, no step (ε keeps 0/0 away)
  p.set_grad(0.25f, 0, -1.0f);
  opt.step(p.refs());
  EXPECT_NEAR(p.w[0], 0.806782f, 2e-6);
  EXPECT_NEAR(p.b[0], 0.7f, 1e-6);  // constant gradient: m̂ = g, v̂ = g², step lr again
  EXPECT_EQ(opt.steps(), 2);
}

TEST(Optim, WeightDecayAppliesToWeightsNotBiases) {
  // Coupled L2: g <- g + λ w for weights only. λ = 0.1, lr = 0.1, zero gradients:
  //   w = (1, -2) - 0.1 · 0.1 · (1, -2) = (0.99, -1.98);  b stays 0.5
  OptimConfig c = sgd(0.1f);
  c.weight_decay = 0.1f;
  TinyParams p;
  ae::Optimizer opt(c);
  p.set_grad(0, 0, 0);
  opt.step(p.refs());
  EXPECT_FLOAT_EQ(p.w[0], 0.99f);
  EXPECT_FLOAT_EQ(p.w[1], -1.98f);
  EXPECT_FLOAT_EQ(p.b[0], 0.5f);
}

TEST(Optim, GradientNormClippingScalesTheGlobalNormToTheClipNorm) {
  // g = (3, 0 | 4): global norm 5 across both tensors. clip = 1 -> g scaled by 1/5 = (0.6, 0 | 0.8).
  // Plain SGD, lr = 1: w = (1 - 0.6, -2), b = 0.5 - 0.8 = -0.3. step() returns the norm before clipping.
  OptimConfig c = sgd(1.0f);
  c.clip_norm = 1.0f;
  TinyParams p;
  ae::Optimizer opt(c);
  p.set_grad(3.0f, 0.0f, 4.0f);
  EXPECT_FLOAT_EQ(opt.step(p.refs()), 5.0f);
  EXPECT_FLOAT_EQ(p.w[0], 0.4f);
  EXPECT_FLOAT_EQ(p.w[1], -2.0f);
  EXPECT_FLOAT_EQ(p.b[0], -0.3f);
  const float moved = std::hypot(p.w[0] - 1.0f, p.b[0] - 0.5f);
  EXPECT_NEAR(moved, 1.0f, 1e-6) << "the update must have exactly the clip norm";
}

TEST(Optim, ClippingLeavesSmallGradientsAlone) {
  // norm(0.3, 0 | 0.4) = 0.5 < clip 1: no scaling. lr = 1: w0 = 0.7, b = 0.1.
  OptimConfig c = sgd(1.0f);
  c.clip_norm = 1.0f;
  TinyParams p;
  ae::Optimizer opt(c);
  p.set_grad(0.3f, 0.0f, 0.4f);
  EXPECT_FLOAT_EQ(opt.step(p.refs()), 0.5f);
  EXPECT_FLOAT_EQ(p.w[0], 0.7f);
  EXPECT_FLOAT_EQ(p.b[0], 0.1f);
}

TEST(Optim, UpdateDoesNotDependOnWhereTheBuffersSitInMemory) {
  // "Deterministic given a seed" means bit-identical results, whatever the heap hands out. Eigen
  // processes an unaligned Map with a scalar head, packets, and a scalar tail; if the compiler fuses
  // a*b + c into an FMA differently in the two paths, the same update rounds differently depending on
  // the address of the parameter buffer. Run the same Adam and SGD steps on copies at every float
  // offset within a 64-byte line and require identical results.
  for (OptimizerKind kind : {OptimizerKind::Adam, OptimizerKind::SGD}) {
    OptimConfig c;
    c.kind = kind;
    c.lr = 0.01f;
    c.weight_decay = 0.01f;
    c.nesterov = true;
    const int n = 301;
    std::vector<std::vector<float>> results;
    for (int offset = 0; offset < 16; ++offset) {
      std::vector<float> wbuf(n + 16), gbuf(n + 16);
      float *w = wbuf.data() + offset, *g = gbuf.data() + offset;
      ae::Rng init(3);
      for (int i = 0; i < n; ++i) w[i] = init.normal();
      ae::Optimizer opt(c);
      for (int step = 0; step < 20; ++step) {
        ae::Rng grads(100 + static_cast<uint64_t>(step));
        for (int i = 0; i < n; ++i) g[i] = grads.normal();
        opt.step({{w, g, n, true}});
      }
      results.emplace_back(w, w + n);
    }
    for (int offset = 1; offset < 16; ++offset)
      EXPECT_EQ(results[static_cast<size_t>(offset)], results[0])
          << ae::to_string(kind) << ": parameters at float offset " << offset << " end differently than at 0";
  }
}

TEST(Optim, InvalidConfigsThrow) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  auto bad = [](auto mutate) {
    OptimConfig c;
    mutate(c);
    return c;
  };
  const std::vector<std::pair<const char*, OptimConfig>> cases = {
      {"lr = 0", bad([](OptimConfig& c) { c.lr = 0; })},
      {"lr < 0", bad([](OptimConfig& c) { c.lr = -1e-3f; })},
      {"lr NaN", bad([&](OptimConfig& c) { c.lr = nan; })},
      {"lr inf", bad([&](OptimConfig& c) { c.lr = inf; })},
      {"momentum = 1", bad([](OptimConfig& c) { c.momentum = 1.0f; })},
      {"momentum > 1", bad([](OptimConfig& c) { c.momentum = 1.5f; })},
      {"momentum < 0", bad([](OptimConfig& c) { c.momentum = -0.1f; })},
      {"momentum NaN", bad([&](OptimConfig& c) { c.momentum = nan; })},
      {"beta1 = 1", bad([](OptimConfig& c) { c.beta1 = 1.0f; })},
      {"beta2 = 1", bad([](OptimConfig& c) { c.beta2 = 1.0f; })},
      {"eps = 0", bad([](OptimConfig& c) { c.eps = 0; })},
      {"weight decay < 0", bad([](OptimConfig& c) { c.weight_decay = -0.1f; })},
      {"clip < 0", bad([](OptimConfig& c) { c.clip_norm = -1; })},
      {"clip NaN", bad([&](OptimConfig& c) { c.clip_norm = nan; })},
      {"lr_min < 0", bad([](OptimConfig& c) { c.lr_min = -1e-4f; })},
      {"lr_min > lr", bad([](OptimConfig& c) { c.lr_min = 2 * c.lr; })},
      {"lr_min NaN", bad([&](OptimConfig& c) { c.lr_min = nan; })},
  };
  for (const auto& [what, config] : cases) {
    EXPECT_THROW(ae::validate(config), ae::Error) << what;
    EXPECT_THROW(ae::Optimizer{config}, ae::Error) << what;
  }
  EXPECT_NO_THROW(ae::validate(OptimConfig{}));
  EXPECT_NO_THROW(ae::validate(sgd(0.01f, 0.0f)));
}

TEST(Optim, ParseOptimizerNames) {
  EXPECT_EQ(ae::parse_optimizer("sgd"), OptimizerKind::SGD);
  EXPECT_EQ(ae::parse_optimizer("adam"), OptimizerKind::Adam);
  EXPECT_STREQ(ae::to_string(OptimizerKind::Adam), "adam");
  EXPECT_THROW(ae::parse_optimizer("rmsprop"), ae::Error);
}

TEST(Optim, CosineScheduleFallsFromLrToLrMinAlongAHalfCosine) {
  OptimConfig c;
  c.lr = 1e-3f;
  c.lr_min = 1e-5f;
  EXPECT_FLOAT_EQ(ae::scheduled_lr(c, 50, 101), 1e-3f) << "constant ignores progress";
  c.schedule = ae::LrSchedule::Cosine;
  // lr(t) = lr_min + (lr - lr_min)(1 + cos(pi t)) / 2, t = done / (total - 1): 101 batches, t = k / 100.
  EXPECT_FLOAT_EQ(ae::scheduled_lr(c, 0, 101), 1e-3f);
  EXPECT_FLOAT_EQ(ae::scheduled_lr(c, 100, 101), 1e-5f) << "the last batch uses lr_min";
  EXPECT_FLOAT_EQ(ae::scheduled_lr(c, 50, 101), 0.5f * (1e-3f + 1e-5f)) << "half way: the mean";
  EXPECT_FLOAT_EQ(ae::scheduled_lr(c, 25, 101), 1e-5f + 0.99e-3f * 0.5f * (1 + std::sqrt(0.5f)));
  float previous = 1;
  for (long k = 0; k < 101; ++k) {
    const float lr = ae::scheduled_lr(c, k, 101);
    EXPECT_LE(lr, previous) << "never increases (batch " << k << ")";
    previous = lr;
  }
  EXPECT_FLOAT_EQ(ae::scheduled_lr(c, 500, 101), 1e-5f) << "past the end it stays at lr_min";
}

TEST(Optim, SetLrChangesTheStepAndRejectsBadRates) {
  TinyParams p;
  ae::Optimizer opt(sgd(0.1f));
  opt.set_lr(0.2f);
  p.set_grad(1, 1, 1);
  opt.step(p.refs());
  EXPECT_FLOAT_EQ(p.w[0], 1.0f - 0.2f);
  EXPECT_THROW(opt.set_lr(std::numeric_limits<float>::quiet_NaN()), ae::Error);
  EXPECT_THROW(opt.set_lr(-1), ae::Error);
}

TEST(Optim, ParseScheduleNames) {
  EXPECT_EQ(ae::parse_lr_schedule("cosine"), ae::LrSchedule::Cosine);
  EXPECT_EQ(ae::parse_lr_schedule("constant"), ae::LrSchedule::Constant);
  EXPECT_STREQ(ae::to_string(ae::LrSchedule::Cosine), "cosine");
  EXPECT_THROW(ae::parse_lr_schedule("step"), ae::Error);
}

}  // namespace

namespace {

TEST(Optim, AdamOnThePoolMatchesOneThreadBitForBit) {
  // AE-ref-sized tensors (and a ragged one), updated in pieces shared by the pool's threads: every element
  // is computed the same way whatever the thread count, so the result is identical, not merely close.
  const std::vector<long> sizes = {784 * 256, 256, 256 * 32 + 5, 32};
  auto run = [&](int threads) {
    ae::kernels::set_threads(threads);
    std::vector<std::vector<float>> values, grads;
    ae::Rng rng(3, 0);
    for (long n : sizes) {
      std::vector<float> v(static_cast<size_t>(n)), g(static_cast<size_t>(n));
      for (auto& x : v) x = rng.normal() * 0.1f;
      values.push_back(v), grads.push_back(g);
    }
    std::vector<ae::ParamRef> refs;
    for (size_t i = 0; i < sizes.size(); ++i) refs.push_back({values[i].data(), grads[i].data(), sizes[i], i % 2 == 0});
    OptimConfig c;
    c.weight_decay = 1e-4f;
    ae::Optimizer opt(c);
    for (int step = 0; step < 5; ++step) {
      for (auto& g : grads)
        for (auto& x : g) x = rng.normal();
      opt.step(refs);
    }
    ae::kernels::set_threads(1);
    return values;
  };
  const auto one = run(1), three = run(3);
  for (size_t i = 0; i < sizes.size(); ++i) EXPECT_EQ(one[i], three[i]) << "tensor " << i;
}

}  // namespace
