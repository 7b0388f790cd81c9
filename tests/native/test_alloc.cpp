// "Allocate once": after the first batch, a training step allocates nothing. This binary replaces the
// C allocator (malloc & co., which operator new and Eigen's aligned_malloc both end in) with counting
// wrappers around glibc's, and counts every allocation made inside the hot loop: model.loss_and_gradient
// + optimizer.step (what the CLI bench and the playground's training slice run) and Trainer::step.
// On failure it prints the call stack of the first allocations seen, so the culprit is named.
#include <execinfo.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "model.h"
#include "optim.h"
#include "trainer.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
thread_local bool in_hook = false;
constexpr int kStacks = 4, kDepth = 24;
void* stacks[kStacks][kDepth];
int depths[kStacks];

void note(size_t bytes) {
  if (!counting.load(std::memory_order_relaxed) || in_hook) return;
  in_hook = true;
  const long n = allocations.fetch_add(1);
  if (n < kStacks) depths[n] = backtrace(stacks[n], kDepth);
  (void)bytes;
  in_hook = false;
}

void print_stacks() {
  for (long i = 0; i < std::min<long>(allocations, kStacks); ++i) {
    std::fprintf(stderr, "--- allocation %ld:\n", i + 1);
    backtrace_symbols_fd(stacks[i], depths[i], 2);
  }
}

struct Counter {
  Counter() { allocations = 0; counting = true; }
  ~Counter() { counting = false; }
  long stop() { counting = false; return allocations; }
};
}  // namespace

void on_alloc(void*, size_t n) { note(n); }
void on_free(void*) {}
#include "malloc_hooks.h"

namespace {

ae::Mat random_images(int n, uint64_t seed) {
  std::srand(static_cast<unsigned>(seed));
  return (ae::Mat::Random(784, n).array() * 0.5f + 0.5f).matrix();
}

TEST(Alloc, CountingWorks) {
  Counter c;
  ae::Mat m(100, 100);  // one allocation, through Eigen's aligned malloc
  EXPECT_GE(c.stop(), 1);
}

class AllocStep : public ::testing::TestWithParam<int> {};

TEST_P(AllocStep, LossGradientAndAdamAllocateNothingAfterTheFirstBatch) {
  const int batch = GetParam();
  ae::ModelSpec spec;  // AE-ref: 784-256-32-256-784
  ae::Autoencoder model(spec, 1);
  ae::Optimizer opt(ae::OptimConfig{});
  auto params = model.parameter_refs();
  ae::Workspace ws;
  ae::Mat data = random_images(4 * batch, 1), xb(784, batch);
  for (int s = 0; s < 2; ++s) {  // warm-up: workspace and optimizer state
    xb = data.middleCols(s * batch, batch);
    model.loss_and_gradient(xb, xb, ws);
    opt.step(params);
  }
  Counter c;
  for (int s = 0; s < 4; ++s) {
    xb = data.middleCols(s * batch, batch);
    model.loss_and_gradient(xb, xb, ws);
    opt.step(params);
  }
  const long n = c.stop();
  if (n) print_stacks();
  EXPECT_EQ(n, 0) << "heap allocations in 4 training steps (loss_and_gradient + Adam) at batch " << batch;
}

TEST_P(AllocStep, TrainerStepAllocatesNothingAfterTheFirstBatch) {
  const int batch = GetParam();
  // Pixel noise and the image degradations (occlusion, low resolution) alike.
  for (const char* noise : {"gaussian:0.3", "block:10", "half:left", "down:2", "down:4:nearest"}) {
    ae::ModelSpec spec;
    ae::Autoencoder model(spec, 1);
    ae::Mat train = random_images(8 * batch, 2), test;
    ae::TrainConfig config;
    config.batch_size = batch;
    config.epochs = 1;
    config.noise = ae::parse_noise(noise);
    ae::Trainer trainer(model, train, test, config);
    trainer.step(2);  // warm-up
    Counter c;
    trainer.step(4);  // 4 more batches, still inside the first epoch (8 batches)
    const long n = c.stop();
    if (n) print_stacks();
    EXPECT_EQ(n, 0) << "heap allocations in Trainer::step(4) at batch " << batch << " with noise " << noise;
  }
}

INSTANTIATE_TEST_SUITE_P(Batches, AllocStep, ::testing::Values(64, 256));

}  // namespace
