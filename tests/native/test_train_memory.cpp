// The page's training memory estimate (core/training_session.h: estimate_training_bytes) against the bytes a
// run really holds: this binary replaces the C allocator (as test_alloc does) with wrappers that keep the live
// heap bytes and their peak, then starts a TrainingSession of each layer kind (dense, conv, VAE, a penalised
// code) and runs it past an epoch end (a test pass). The estimate must never undercount the peak and may
// overcount it by at most kMargin, so the page's budget refuses what would not fit and little else.
#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "core/training_session.h"
#include "presets.h"
#include "test_util.h"

namespace {
std::atomic<long long> live{0}, peak{0};
void grew(void* p) {
  if (!p) return;
  const long long now = live.fetch_add(static_cast<long long>(malloc_usable_size(p))) +
                        static_cast<long long>(malloc_usable_size(p));
  long long seen = peak.load();
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
}
void shrank(void* p) {
  if (p) live.fetch_sub(static_cast<long long>(malloc_usable_size(p)));
}
}  // namespace

void on_alloc(void* p, size_t) { grew(p); }
void on_free(void* p) { shrank(p); }
#include "malloc_hooks.h"

namespace {

constexpr double kMargin = 1.15;  // the estimate is within [1, 1.15] x the measured peak

struct Case {
  const char* preset;
  int code;
};

class TrainMemory : public ::testing::TestWithParam<Case> {};

TEST_P(TrainMemory, EstimateCoversThePeakWithinTheMargin) {
  const Case c = GetParam();
  ae::Dataset train, test;
  train.images = testutil::uniform_matrix(784, 3000, 1);
  test.images = testutil::uniform_matrix(784, 600, 2);
  aeplay::TrainSettings s = aeplay::settings_for_preset(ae::find_preset(c.preset), c.code);
  s.train_images = 3000;
  s.test_images = 600;
  s.batch = 64;
  s.epochs = 2;
  const uint64_t estimate = aeplay::estimate_training_bytes(s, 784);

  const long long before = live.load();
  peak.store(before);
  {
    aeplay::TrainingSession session;
    session.start(s, train, test);
    bool epoch_ended = false;
    for (int i = 0; i < 10000 && !epoch_ended; ++i) {
      session.advance(50);
      epoch_ended = !session.history().empty();
    }
    ASSERT_TRUE(epoch_ended) << "no epoch finished";
    ASSERT_NE(session.state(), aeplay::TrainState::Failed) << session.failure();
  }
  const double measured = static_cast<double>(peak.load() - before);
  std::printf("%-12s estimate %8.2f MB, measured peak %8.2f MB, ratio %.3f\n", c.preset, estimate / 1e6, measured / 1e6,
              estimate / measured);
  EXPECT_GE(static_cast<double>(estimate), measured) << c.preset << ": the estimate undercounts";
  EXPECT_LE(static_cast<double>(estimate), kMargin * measured) << c.preset << ": the estimate overcounts";
}

INSTANTIATE_TEST_SUITE_P(LayerKinds, TrainMemory,
                         ::testing::Values(Case{"undercomplete", 32}, Case{"conv", 32}, Case{"vae-2d", 2},
                                           Case{"sparse-l1", 64}, Case{"overcomplete", 1000}),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           std::string n = i.param.preset;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
