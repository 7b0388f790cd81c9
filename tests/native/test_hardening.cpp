// Hardening (issue 7): the divergence guard, every rejected hyperparameter, the stated resource limits,
// the page's training memory budget, and the atomic model write. See docs/hardening-and-faults.md.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>

#include "batch_size.h"
#include "core/playground.h"
#include "core/training_session.h"
#include "error.h"
#include "file_io.h"
#include "idx.h"
#include "serialize.h"
#include "test_util.h"
#include "trainer.h"

namespace {

namespace fs = std::filesystem;
using ae::Mat;
using testutil::error_message;

// A linear 8-4-8 autoencoder trained with plain SGD at a learning rate far too high for it: the loss
// overflows to inf and then NaN within a few steps.
ae::ModelSpec linear_spec() {
  ae::ModelSpec s;
  s.sizes = {8, 4};
  s.hidden = s.latent = s.output = ae::Activation::Identity;
  return s;
}

ae::TrainConfig exploding_config() {
  ae::TrainConfig c;
  c.batch_size = 10;
  c.epochs = 3;
  c.seed = 3;
  c.optim.kind = ae::OptimizerKind::SGD;
  c.optim.momentum = 0;
  c.optim.lr = 10;
  return c;
}

bool all_finite(const std::vector<float>& v) {
  for (float x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

ae::TrainProgress run(ae::Trainer& t, int max_calls = 1000) {
  ae::TrainProgress p;
  for (int i = 0; i < max_calls && !p.done; ++i) p = t.step(4);
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Divergence guard

TEST(DivergenceGuard, NanLossStopsTrainingAndRestoresTheInitialWeights) {
  const Mat train = testutil::uniform_matrix(8, 100, 1), test = testutil::uniform_matrix(8, 20, 2);
  ae::Autoencoder model(linear_spec(), 1);
  const std::vector<float> initial = model.parameters();
  ae::TrainConfig cfg = exploding_config();
  cfg.checkpoint_every = 1000;  // no checkpoint after the start: the restored weights are the initial ones
  ae::Trainer trainer(model, train, test, cfg);
  const ae::TrainProgress p = run(trainer);
  ASSERT_TRUE(p.diverged) << "lr 10 on a linear AE must diverge";
  EXPECT_TRUE(p.done);
  EXPECT_LT(p.total_batches, 10) << "detected within a few steps";
  EXPECT_EQ(model.parameters(), initial) << "the last good weights (here: the initial ones) are restored";
  const std::string& why = trainer.divergence();
  EXPECT_NE(why.find("diverged"), std::string::npos) << why;
  EXPECT_NE(why.find("learning rate"), std::string::npos) << why;
  EXPECT_NE(why.find("clip the gradient norm"), std::string::npos) << why;
  EXPECT_NE(why.find("10 now"), std::string::npos) << "names the current learning rate: " << why;
  // After the guard fired, step() does nothing more.
  const long batches = trainer.progress().total_batches;
  trainer.step(5);
  EXPECT_EQ(trainer.progress().total_batches, batches);
  EXPECT_EQ(model.parameters(), initial);
}

TEST(DivergenceGuard, RestoresTheLastCheckpointNotJustAnyWeights) {
  // Healthy training first (lr 0.01), then the same weights with a diverging lr: the checkpoint taken in
  // the second run is finite and gives a finite loss.
  const Mat train = testutil::uniform_matrix(8, 200, 1), test = testutil::uniform_matrix(8, 20, 2);
  ae::Autoencoder model(linear_spec(), 1);
  ae::TrainConfig cfg = exploding_config();
  cfg.checkpoint_every = 1;  // a checkpoint before every step
  cfg.optim.lr = 0.9f;       // diverges, but not on the first step
  ae::Trainer trainer(model, train, test, cfg);
  const ae::TrainProgress p = run(trainer);
  ASSERT_TRUE(p.diverged);
  EXPECT_GT(p.total_batches, 0) << "some steps were good before it diverged";
  EXPECT_TRUE(all_finite(model.parameters()));
  ae::Workspace ws;
  const Mat& out = model.forward(train, ws);
  EXPECT_TRUE(out.allFinite()) << "the restored model reconstructs with finite values";
  EXPECT_NE(trainer.divergence().find("Restored the last good weights (epoch "), std::string::npos)
      << trainer.divergence();
}

TEST(DivergenceGuard, NonFiniteTestLossIsCaughtInTheTestPass) {
  const Mat train = testutil::uniform_matrix(8, 50, 1);
  Mat test = testutil::uniform_matrix(8, 20, 2);
  test(3, 7) = std::numeric_limits<float>::quiet_NaN();
  ae::ModelSpec spec = linear_spec();
  ae::Autoencoder model(spec, 1);
  ae::TrainConfig cfg;
  cfg.batch_size = 10;
  cfg.epochs = 2;
  ae::Trainer trainer(model, train, test, cfg);
  const ae::TrainProgress p = run(trainer);
  ASSERT_TRUE(p.diverged);
  EXPECT_EQ(p.epoch, 0) << "the epoch was not recorded with a NaN test loss";
  EXPECT_TRUE(trainer.history().empty());
  EXPECT_NE(trainer.divergence().find("test loss"), std::string::npos) << trainer.divergence();
  EXPECT_TRUE(all_finite(model.parameters()));
}

TEST(DivergenceGuard, ExplodingGradientNormIsCaught) {
  // Make the explosion threshold absurdly strict so that the ordinary step-to-step variation trips it:
  // this checks the mechanism (norm vs its running average) and the message.
  const Mat train = testutil::uniform_matrix(8, 400, 1), test;
  ae::Autoencoder model(linear_spec(), 1);
  ae::TrainConfig cfg;
  cfg.batch_size = 10;
  cfg.epochs = 2;
  cfg.explode_factor = 1e-3f;
  ae::Trainer trainer(model, train, test, cfg);
  const ae::TrainProgress p = run(trainer);
  ASSERT_TRUE(p.diverged);
  EXPECT_EQ(p.total_batches, 10) << "checked from the 11th batch on (after a short warm-up)";
  EXPECT_NE(trainer.divergence().find("gradient norm exploded"), std::string::npos) << trainer.divergence();
}

TEST(DivergenceGuard, HealthyTrainingIsNotStoppedAndClippingIsSuggestedOnlyWhenOff) {
  const Mat train = testutil::uniform_matrix(8, 200, 1), test = testutil::uniform_matrix(8, 40, 2);
  ae::ModelSpec spec = linear_spec();
  spec.hidden = spec.latent = ae::Activation::Tanh;
  spec.output = ae::Activation::Sigmoid;
  ae::Autoencoder model(spec, 1);
  ae::TrainConfig cfg;
  cfg.batch_size = 10;
  cfg.epochs = 20;
  ae::Trainer trainer(model, train, test, cfg);
  const ae::TrainProgress p = run(trainer, 100000);
  EXPECT_TRUE(p.done);
  EXPECT_FALSE(p.diverged) << trainer.divergence();
  EXPECT_TRUE(trainer.divergence().empty());
  EXPECT_EQ(trainer.history().size(), 20u);

  ae::Autoencoder model2(linear_spec(), 1);
  ae::TrainConfig clipped = exploding_config();
  clipped.optim.clip_norm = 1e30f;  // on, but too loose to help
  ae::Trainer t2(model2, train, test, clipped);
  ASSERT_TRUE(run(t2).diverged);
  EXPECT_NE(t2.divergence().find("clip the gradient norm harder (now 1e+30)"), std::string::npos) << t2.divergence();
}

TEST(DivergenceGuard, PageSessionFailsWithTheMessageAndKeepsTheRestoredModel) {
  // In the page: a training image with a NaN pixel makes the first batch's loss NaN.
  ae::Dataset train, test;
  train.images = testutil::uniform_matrix(784, 200, 1);
  train.images(100, 0) = std::numeric_limits<float>::quiet_NaN();
  test.images = testutil::uniform_matrix(784, 20, 2);
  aeplay::TrainSettings s;
  s.model.sizes = {784, 16};
  s.train_images = 200;
  s.test_images = 20;
  s.batch = 200;  // one batch holds the NaN image
  s.epochs = 2;
  aeplay::TrainingSession session;
  session.start(s, train, test);
  const std::vector<float> initial = session.model()->parameters();
  for (int i = 0; i < 100 && session.state() == aeplay::TrainState::Running; ++i) session.advance(50);
  ASSERT_EQ(session.state(), aeplay::TrainState::Failed);
  EXPECT_NE(session.failure().find("training diverged"), std::string::npos) << session.failure();
  EXPECT_NE(session.failure().find("learning rate"), std::string::npos) << session.failure();
  ASSERT_NE(session.model(), nullptr) << "the model stays (with the restored weights)";
  EXPECT_EQ(session.model()->parameters(), initial);
}

// ---------------------------------------------------------------------------------------------------
// Hyperparameters rejected before training, each with a message naming the setting

struct Rejected {
  const char* what;
  std::function<void()> apply;
  const char* message_part;
};

TEST(Validation, EveryOutOfRangeHyperparameterIsRejectedWithAMessage) {
  const Mat train = testutil::uniform_matrix(8, 50, 1), test;
  auto spec_with = [](std::function<void(ae::ModelSpec&)> f) {
    return [f] {
      ae::ModelSpec s = linear_spec();
      f(s);
      ae::validate(s);
    };
  };
  auto train_with = [&train, &test](std::function<void(ae::TrainConfig&)> f) {
    return [f, &train, &test] {
      ae::Autoencoder model(linear_spec(), 1);
      ae::TrainConfig c;
      c.batch_size = 10;
      f(c);
      ae::Trainer t(model, train, test, c);
    };
  };
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<Rejected> cases{
      {"one size only", spec_with([](auto& s) { s.sizes = {784}; }), "at least two layer sizes"},
      {"zero size", spec_with([](auto& s) { s.sizes = {784, 0}; }), "out of range"},
      {"negative size", spec_with([](auto& s) { s.sizes = {784, -32}; }), "out of range"},
      {"size too large", spec_with([](auto& s) { s.sizes = {784, ae::kMaxLayerSize + 1}; }), "out of range"},
      {"too many layers", spec_with([](auto& s) { s.sizes.assign(ae::kMaxEncoderLayers + 2, 8); }), "too many layers"},
      {"too many parameters", spec_with([](auto& s) { s.sizes = {65536, 65536}; }), "model too large"},
      {"bce without sigmoid", spec_with([](auto& s) { s.loss = ae::Loss::BCE; }), "sigmoid"},
      {"lr zero", train_with([](auto& c) { c.optim.lr = 0; }), "learning rate"},
      {"lr negative", train_with([](auto& c) { c.optim.lr = -1e-3f; }), "learning rate"},
      {"lr NaN", train_with([nan](auto& c) { c.optim.lr = nan; }), "learning rate"},
      {"lr too large", train_with([](auto& c) { c.optim.lr = 100; }), "learning rate"},
      {"momentum 1", train_with([](auto& c) { c.optim.momentum = 1; }), "momentum"},
      {"beta2 1", train_with([](auto& c) { c.optim.beta2 = 1; }), "beta2"},
      {"eps 0", train_with([](auto& c) { c.optim.eps = 0; }), "eps"},
      {"weight decay negative", train_with([](auto& c) { c.optim.weight_decay = -1; }), "weight decay"},
      {"clip negative", train_with([](auto& c) { c.optim.clip_norm = -1; }), "clip"},
      {"batch zero", train_with([](auto& c) { c.batch_size = 0; }), "batch size"},
      {"batch negative", train_with([](auto& c) { c.batch_size = -5; }), "batch size"},
      {"batch larger than the data", train_with([](auto& c) { c.batch_size = 51; }), "larger than the training set"},
      {"epochs zero", train_with([](auto& c) { c.epochs = 0; }), "epochs"},
      {"noise level negative", train_with([](auto& c) { c.noise = {ae::NoiseKind::Gaussian, -1, true}; }), "noise level"},
      {"mask probability 1", train_with([](auto& c) { c.noise = {ae::NoiseKind::Mask, 1.0f, true}; }), "probability"},
      {"checkpoint interval 0", train_with([](auto& c) { c.checkpoint_every = 0; }), "checkpoint"},
      {"explosion factor negative", train_with([](auto& c) { c.explode_factor = -1; }), "explosion"},
  };
  for (const auto& c : cases) {
    const std::string m = error_message(c.apply);
    EXPECT_NE(m.find(c.message_part), std::string::npos) << c.what << ": got '" << m << "'";
  }
}

TEST(Validation, PageSessionRejectsBadSettingsAndKeepsTheCurrentModel) {
  ae::Dataset train, test;
  train.images = testutil::uniform_matrix(784, 100, 1);
  test.images = testutil::uniform_matrix(784, 10, 2);
  aeplay::TrainSettings good;
  good.model.sizes = {784, 16};
  good.train_images = 100;
  good.test_images = 10;
  good.batch = 10;
  good.epochs = 1;
  aeplay::TrainingSession session;
  session.start(good, train, test);
  const ae::Autoencoder* model = session.model();
  const std::vector<float> params = model->parameters();

  auto with = [&](std::function<void(aeplay::TrainSettings&)> f) {
    aeplay::TrainSettings s = good;
    f(s);
    return error_message([&] { session.start(s, train, test); });
  };
  EXPECT_NE(with([](auto& s) { s.model.sizes = {100, 16}; }).find("image size (784 pixels)"), std::string::npos);
  EXPECT_NE(with([](auto& s) { s.model.sizes = {}; }).find("image size"), std::string::npos);
  EXPECT_NE(with([](auto& s) { s.test_images = -1; }).find("test images"), std::string::npos);
  EXPECT_NE(with([](auto& s) { s.train_images = 0; }).find("training images"), std::string::npos);
  EXPECT_NE(with([](auto& s) { s.train_images = 101; }).find("training images"), std::string::npos);
  EXPECT_NE(with([](auto& s) { s.batch = 101; }).find("larger than the training set"), std::string::npos);
  EXPECT_NE(with([](auto& s) { s.lr = 0; }).find("learning rate"), std::string::npos);
  EXPECT_NE(with([](auto& s) { s.model.sizes = {784, 0}; }).find("out of range"), std::string::npos);
  EXPECT_EQ(session.model(), model) << "a refused start changes nothing";
  EXPECT_EQ(session.model()->parameters(), params);
  EXPECT_EQ(session.state(), aeplay::TrainState::Running);
}

// ---------------------------------------------------------------------------------------------------
// Resource limits

TEST(Limits, PageTrainingMemoryBudget) {
  aeplay::TrainSettings s;
  s.model.sizes = {784, 256, 32};
  s.batch = 256;
  s.test_images = 10000;
  s.train_images = 60000;  // the page's largest choice: 60k images = 188 MB of floats, plus the test set
  const uint64_t all_mnist = aeplay::estimate_training_bytes(s, 784);
  EXPECT_GT(all_mnist, 219ull * 1000 * 1000);
  EXPECT_LE(all_mnist, aeplay::kTrainingMemoryBudget) << "every choice the page offers fits the budget";

  // A model the budget refuses, through the same path the page and the JS API use.
  ae::Dataset train, test;
  train.images = testutil::uniform_matrix(784, 20, 1);
  test.images = testutil::uniform_matrix(784, 5, 2);
  s.model.sizes = {784, 16384, 4096};  // 94 Mi parameters x 5 copies
  s.train_images = 20;
  s.test_images = 5;
  s.batch = 10;
  aeplay::TrainingSession session;
  const std::string m = error_message([&] { session.start(s, train, test); });
  // Either the engine's parameter limit or the page's budget refuses it, before any allocation.
  EXPECT_TRUE(m.find("budget") != std::string::npos || m.find("model too large") != std::string::npos) << m;
  s.model.sizes = {784, 8192, 2048};  // 46 Mi parameters: within the engine's limit, over the page's budget
  const std::string m2 = error_message([&] { session.start(s, train, test); });
  EXPECT_NE(m2.find("more than the page's budget of 512 MB"), std::string::npos) << m2;
  EXPECT_NE(m2.find("smaller model"), std::string::npos) << m2;
  EXPECT_EQ(session.model(), nullptr);
}

// The page's budget for one loaded model: a larger file is refused before it is parsed, naming the budget, and
// the current model stays.
TEST(Limits, ModelFilesOverThePageBudgetAreRefusedBeforeParsing) {
  aeplay::Playground pg;
  std::vector<uint8_t> big(aeplay::kModelFileBudget + 1, 0);  // a valid-looking start, then nothing parseable
  std::memcpy(big.data(), "AEPM", 4);
  EXPECT_EQ(pg.add_model_bytes("big", "big.aep", big, aeplay::Origin::Uploaded),
            "big.aep is 65 MB: the page loads model files up to 64 MB (16 Mi parameters), its memory budget for one model");
  EXPECT_TRUE(pg.models().empty());
  big.resize(aeplay::kModelFileBudget);  // at the budget: parsed, and refused for what it is (not for its size)
  const std::string m = pg.add_model_bytes("big", "big.aep", big, aeplay::Origin::Uploaded);
  EXPECT_EQ(m.find("budget"), std::string::npos) << m;
  EXPECT_NE(m, "");
}

// A sparse file of `bytes` bytes (no disk space used).
void sparse_file(const std::string& path, uint64_t bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(::ftruncate(::fileno(f), static_cast<off_t>(bytes)), 0);
  std::fclose(f);
}

TEST(Limits, OversizedFilesAreRefusedBeforeReading) {
  testutil::TempDir dir;
  const std::string model = dir.file("huge.aep"), idx = dir.file("huge-idx3-ubyte");
  sparse_file(model, ae::kMaxModelFileBytes + 1);
  std::string m = error_message([&] { ae::load_model(model); });
  EXPECT_NE(m.find("larger than the limit of " + std::to_string(ae::kMaxModelFileBytes)), std::string::npos) << m;
  sparse_file(idx, ae::kMaxIdxBytes + 1024);
  m = error_message([&] { ae::read_idx(idx); });
  EXPECT_NE(m.find("larger than the limit"), std::string::npos) << m;
}

TEST(Limits, DeclaredSizesAreCheckedBeforeAllocation) {
  // An IDX header declaring 60000 x 65536 x 65536 bytes, with no data.
  const std::vector<uint8_t> idx{0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 1, 0, 0, 0, 1, 0, 0};
  std::string m = error_message([&] { ae::parse_idx(idx.data(), idx.size(), "absurd.idx"); });
  EXPECT_NE(m.find("more than " + std::to_string(ae::kMaxIdxBytes) + " bytes"), std::string::npos) << m;
  // A model spec above the parameter limit (64 Mi) is refused by validate(), which parse_model runs
  // before it allocates the parameters.
  ae::ModelSpec s;
  s.sizes = {65536, 1024, 65536};
  EXPECT_GT(ae::parameter_count(s), ae::kMaxParameters);
  m = error_message([&] { ae::validate(s); });
  EXPECT_NE(m.find("at most " + std::to_string(ae::kMaxParameters)), std::string::npos) << m;
}

// ---------------------------------------------------------------------------------------------------
// Atomic model write: an interrupted write leaves the old file intact and no half file

std::vector<uint8_t> small_model_bytes(uint64_t seed) {
  return ae::serialize_model(ae::make_model_file(ae::Autoencoder(linear_spec(), seed), {}, "test"));
}

std::vector<uint8_t> slurp(const std::string& path) { return ae::read_file(path, 1 << 20); }

TEST(AtomicWrite, ReplacesTheFileAndLeavesNoTemporary) {
  testutil::TempDir dir;
  const std::string path = dir.file("m.aep");
  ae::write_file_atomic(path, small_model_bytes(1));
  ae::write_file_atomic(path, small_model_bytes(2));
  EXPECT_EQ(slurp(path), small_model_bytes(2));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

TEST(AtomicWrite, UnwritableTemporaryLeavesTheOldFileIntact) {
  testutil::TempDir dir;
  const std::string path = dir.file("m.aep");
  ae::write_file_atomic(path, small_model_bytes(1));
  const auto before = slurp(path);
  fs::create_directory(path + ".tmp");  // the temporary cannot be opened for writing (works as root too)
  const std::string m = error_message([&] { ae::write_file_atomic(path, small_model_bytes(2)); });
  EXPECT_NE(m.find("m.aep"), std::string::npos) << "names the file: " << m;
  EXPECT_EQ(slurp(path), before) << "the old model is untouched";
  EXPECT_TRUE(fs::is_directory(path + ".tmp")) << "nothing else was removed";
}

TEST(AtomicWrite, FailedRenameLeavesTheTargetAndRemovesTheHalfFile) {
  testutil::TempDir dir;
  const std::string path = dir.file("m.aep");
  fs::create_directories(path + "/keep");  // the target is a non-empty directory: rename() fails
  const std::string m = error_message([&] { ae::write_file_atomic(path, small_model_bytes(1)); });
  EXPECT_NE(m.find("write failed"), std::string::npos) << m;
  EXPECT_TRUE(fs::is_directory(path + "/keep"));
  EXPECT_FALSE(fs::exists(path + ".tmp")) << "no half-written temporary is left behind";
}

TEST(AtomicWrite, MissingDirectoryFailsCleanly) {
  testutil::TempDir dir;
  const std::string path = dir.file("no/such/dir/m.aep");
  const std::string m = error_message([&] { ae::write_file_atomic(path, small_model_bytes(1)); });
  EXPECT_NE(m.find("cannot write"), std::string::npos) << m;
  EXPECT_FALSE(fs::exists(dir.file("no")));
}

// ---------------------------------------------------------------------------------------------------
// The CLI: a diverging run exits non-zero with one line and keeps the last good weights on disk

TEST(DivergenceGuard, CliSaysWhyExitsWith3AndSavesTheLastGoodWeights) {
  testutil::TempDir dir;
  const std::string out = dir.file("d.aep"), err = dir.file("err.txt"), log = dir.file("out.txt");
  const std::string cmd = std::string("'") + AEPLAY_CLI_PATH +
                          "' train --layers 784,32 --activation identity --output identity --optimizer sgd "
                          "--momentum 0 --lr 10 --epochs 2 --train-size 640 --test-size 64 --quiet --out '" +
                          out + "' >'" + log + "' 2>'" + err + "' </dev/null";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
  const auto e = slurp(err);
  const std::string text(e.begin(), e.end());
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << "one line: " << text;
  EXPECT_NE(text.find("training diverged"), std::string::npos) << text;
  EXPECT_NE(text.find("Lower the learning rate (10 now"), std::string::npos) << text;
  EXPECT_NE(text.find(out), std::string::npos) << "says where the weights went: " << text;
  const ae::ModelFile f = ae::load_model(out);
  EXPECT_TRUE(all_finite(f.params));
}

// The batch size's one range (batch_size.h), as the trainer, the CLI and the page's messages check it.
TEST(BatchSize, OneRangeWithMessagesThatNameIt) {
  const auto message = [](long batch, ae::Index images) {
    try {
      ae::validate_batch_size(batch, images);
      return std::string();
    } catch (const ae::Error& e) {
      return std::string(e.what());
    }
  };
  EXPECT_EQ(message(ae::kMinBatchSize, -1), "");
  EXPECT_EQ(message(ae::kMaxBatchSize, -1), "");
  EXPECT_NE(message(0, -1).find("must be in 1..1048576, got 0"), std::string::npos) << message(0, -1);
  EXPECT_NE(message(ae::kMaxBatchSize + 1L, -1).find("must be in 1..1048576"), std::string::npos);
  EXPECT_EQ(message(100, 100), "");
  EXPECT_NE(message(101, 100).find("larger than the training set (100 images)"), std::string::npos);
}

}  // namespace
