// The playground's UI-free core (src/app): URL settings, the drawing canvas, the data flow
// drawing/test digit -> corruption -> model -> metrics, model loading, and in-page training.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/drawing.h"
#include "core/playground.h"
#include "file_io.h"
#include "metrics.h"
#include "serialize.h"
#include "test_util.h"
#include "core/url_params.h"
#include "jacobian.h"

namespace {

const std::vector<std::string> kModels = {"ae-plain", "dae-gaussian", "dae-mask", "dae-saltpepper", "trained"};

bool any_notice_mentions(const aeplay::ParsedSettings& p, const std::string& word) {
  for (const auto& n : p.notices)
    if (n.find(word) != std::string::npos) return true;
  return false;
}

TEST(UrlParams, GoodQueryIsApplied) {
  auto p = aeplay::parse_page_settings("?model=dae-mask&noise=mask&level=0.4&seed=7&digit=42&embed=1", kModels);
  EXPECT_TRUE(p.notices.empty());
  EXPECT_EQ(p.settings.model, "dae-mask");
  EXPECT_EQ(p.settings.noise.kind, ae::NoiseKind::Mask);
  EXPECT_FLOAT_EQ(p.settings.noise.level, 0.4f);
  EXPECT_EQ(p.settings.seed, 7u);
  EXPECT_EQ(p.settings.digit, 42);
  EXPECT_TRUE(p.settings.embed);
}

TEST(UrlParams, BadValuesFallBackToDefaultsWithOneNoticeEach) {
  const aeplay::PageSettings defaults;
  auto p = aeplay::parse_page_settings("model=nope&noise=foo&seed=-3&digit=10000&embed=maybe&zzz=1", kModels);
  EXPECT_EQ(p.settings.model, defaults.model);
  EXPECT_EQ(p.settings.noise.kind, defaults.noise.kind);
  EXPECT_EQ(p.settings.seed, defaults.seed);
  EXPECT_EQ(p.settings.digit, defaults.digit);
  EXPECT_FALSE(p.settings.embed);
  EXPECT_EQ(p.notices.size(), 6u);
  for (const char* key : {"model", "noise", "seed", "digit", "embed", "zzz"}) EXPECT_TRUE(any_notice_mentions(p, key)) << key;
}

TEST(UrlParams, BadLevelKeepsTheNoiseTypeWithItsDefaultLevel) {
  auto p = aeplay::parse_page_settings("noise=saltpepper&level=1.5", kModels);
  EXPECT_EQ(p.settings.noise.kind, ae::NoiseKind::SaltPepper);
  EXPECT_FLOAT_EQ(p.settings.noise.level, 0.2f);
  ASSERT_EQ(p.notices.size(), 1u);
  EXPECT_TRUE(any_notice_mentions(p, "level"));
}

TEST(UrlParams, PercentEscapesAreDecodedAndHostileTextIsMadePrintable) {
  auto p = aeplay::parse_page_settings("noise=gaussian&level=0%2E25", kModels);
  EXPECT_TRUE(p.notices.empty());
  EXPECT_FLOAT_EQ(p.settings.noise.level, 0.25f);
  auto q = aeplay::parse_page_settings("model=%3Cscript%3E%0A", kModels);
  ASSERT_EQ(q.notices.size(), 1u);
  EXPECT_EQ(q.notices[0].find('\n'), std::string::npos);
}

TEST(UrlParams, QueryRoundTrips) {
  aeplay::PageSettings s;
  s.model = "dae-saltpepper";
  s.noise = {ae::NoiseKind::Dropout, 0.3f, true};
  s.seed = 99;
  s.digit = 5;
  s.hide_training = true;
  auto p = aeplay::parse_page_settings(aeplay::to_query(s), kModels);
  EXPECT_TRUE(p.notices.empty());
  EXPECT_EQ(aeplay::to_query(p.settings), aeplay::to_query(s));
}

TEST(UrlParams, UnclippedGaussianNoiseSurvivesTheCopiedLink) {
  auto p = aeplay::parse_page_settings("?noise=gaussian&level=0.5:noclip", kModels);
  ASSERT_TRUE(p.notices.empty());
  ASSERT_FALSE(p.settings.noise.clip);
  const std::string link = aeplay::to_query(p.settings);
  EXPECT_NE(link.find("level=0.5:noclip"), std::string::npos) << link;
  auto again = aeplay::parse_page_settings(link, kModels);
  EXPECT_TRUE(again.notices.empty());
  EXPECT_FALSE(again.settings.noise.clip);
  EXPECT_FLOAT_EQ(again.settings.noise.level, 0.5f);
}

TEST(UrlParams, DegradationsSurviveTheCopiedLink) {
  for (const char* spec : {"block:10", "half:left", "down:4", "down:2:nearest"}) {
    aeplay::PageSettings s;
    s.noise = ae::parse_noise(spec);
    const std::string link = aeplay::to_query(s);
    auto p = aeplay::parse_page_settings(link, kModels);
    EXPECT_TRUE(p.notices.empty()) << link;
    EXPECT_EQ(ae::to_string(p.settings.noise), spec) << link;
  }
  auto p = aeplay::parse_page_settings("?noise=half", kModels);  // no level: the type's default
  EXPECT_TRUE(p.notices.empty());
  EXPECT_EQ(ae::to_string(p.settings.noise), "half:bottom");
  auto bad = aeplay::parse_page_settings("?noise=block&level=99", kModels);
  EXPECT_EQ(ae::to_string(bad.settings.noise), "block:12");
  EXPECT_EQ(bad.notices.size(), 1u);
}

// A noise without level= starts at the table's default level, and those defaults are the ones links have
// always meant (a change here changes what old links show).
TEST(UrlParams, NoiseWithoutLevelIsTheTablesDefault) {
  const std::vector<std::pair<const char*, const char*>> expected = {{"gaussian", "gaussian:0.5"},
                                                                     {"mask", "mask:0.3"},
                                                                     {"saltpepper", "saltpepper:0.2"},
                                                                     {"dropout", "dropout:0.3"},
                                                                     {"block", "block:12"},
                                                                     {"half", "half:bottom"},
                                                                     {"down", "down:2"}};
  for (const auto& [name, spec] : expected) {
    auto p = aeplay::parse_page_settings(std::string("?noise=") + name, kModels);
    EXPECT_TRUE(p.notices.empty()) << name;
    EXPECT_EQ(ae::to_string(p.settings.noise), spec) << name;
    const ae::NoiseKindInfo* info = ae::find_noise_kind(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_EQ(p.settings.noise.level, info->default_level) << name;
  }
  EXPECT_EQ(expected.size() + 1, static_cast<size_t>(ae::kNoiseKindCount)) << "a new kind needs a row here";
  // A bad level keeps the type at its default level.
  auto bad = aeplay::parse_page_settings("?noise=saltpepper&level=7", kModels);
  EXPECT_EQ(ae::to_string(bad.settings.noise), "saltpepper:0.2");
  EXPECT_EQ(bad.notices.size(), 1u);
}

double ink(const aeplay::Drawing& d) { return std::accumulate(d.ink().begin(), d.ink().end(), 0.0); }

TEST(Drawing, StrokesInkUndoAndClearUndo) {
  aeplay::Drawing d;
  EXPECT_EQ(ink(d), 0.0);
  d.begin_stroke(0.5f, 0.2f);
  d.extend_stroke(0.5f, 0.8f);
  d.end_stroke();
  const double one = ink(d);
  EXPECT_GT(one, 1000.0);  // a 150-px line with an ~11-px brush radius
  d.begin_stroke(0.3f, 0.5f);
  d.extend_stroke(0.7f, 0.5f);
  d.end_stroke();
  EXPECT_GT(ink(d), one);
  d.undo();
  EXPECT_NEAR(ink(d), one, 1e-6);
  d.clear();
  EXPECT_EQ(ink(d), 0.0);
  d.undo();  // brings the cleared strokes back
  EXPECT_NEAR(ink(d), one, 1e-6);
  for (float v : d.ink()) ASSERT_TRUE(v >= 0.0f && v <= 1.0f);
}

std::vector<uint8_t> small_model_bytes(uint64_t seed) {
  ae::ModelSpec spec;
  spec.sizes = {784, 16};
  ae::Autoencoder m(spec, seed);
  return ae::serialize_model(ae::make_model_file(m, {}, "test"));
}

TEST(Playground, NoiseChangesTheCorruptedViewAndNoneKeepsItClean) {
  aeplay::Playground pg;
  pg.begin_stroke(0.5f, 0.15f);
  pg.extend_stroke(0.5f, 0.85f);
  pg.set_noise({});
  pg.update();
  EXPECT_EQ(pg.corrupted(), pg.clean());
  EXPECT_EQ(pg.metrics().corrupted_mse, 0.0);
  pg.set_noise(ae::parse_noise("gaussian:0.5"));
  pg.update();
  const auto gaussian = pg.corrupted();
  const double mse_half = pg.metrics().corrupted_mse;
  EXPECT_NE(gaussian, pg.clean());
  pg.set_noise(ae::parse_noise("gaussian:0.2"));
  pg.update();
  EXPECT_LT(pg.metrics().corrupted_mse, mse_half);
  pg.set_noise(ae::parse_noise("mask:0.5"));
  pg.update();
  EXPECT_NE(pg.corrupted(), gaussian);
  const auto masked = pg.corrupted();
  pg.update();  // same settings: same noise (seeded), nothing recomputed differently
  EXPECT_EQ(pg.corrupted(), masked);
  pg.set_seed(pg.seed() + 1);
  pg.update();
  EXPECT_NE(pg.corrupted(), masked);
}

TEST(Playground, EraserHidesExactlyThePaintedPixels) {
  aeplay::Playground pg;
  pg.begin_stroke(0.5f, 0.15f);  // a pen stroke: the input
  pg.extend_stroke(0.5f, 0.85f);
  pg.end_stroke();
  pg.set_noise({});
  pg.update();
  const std::vector<float> clean = pg.clean();
  pg.set_tool(aeplay::Tool::Eraser);
  pg.begin_stroke(0.1f, 0.5f);  // a horizontal stroke across the middle, radius 1.5 px
  pg.extend_stroke(0.9f, 0.5f);
  pg.end_stroke();
  pg.update();
  EXPECT_EQ(pg.clean(), clean) << "the eraser must not touch the input";
  const auto& mask = pg.output(aeplay::OutputArray::Mask);
  int hidden = 0;
  for (int i = 0; i < 784; ++i) {
    // The stroke runs along y = 14 px from x = 2.8 to 25.2: centres within 1.5 px of it (away from the
    // boundary itself, where float rounding decides).
    const float px = i % 28 + 0.5f, py = i / 28 + 0.5f;
    const float dx = std::max({0.0f, 2.8f - px, px - 25.2f}), dist = std::hypot(dx, py - 14.0f);
    if (std::abs(dist - 1.5f) > 1e-3f) ASSERT_EQ(mask[static_cast<size_t>(i)] != 0.0f, dist < 1.5f) << "pixel " << i;
    ASSERT_EQ(pg.corrupted()[static_cast<size_t>(i)], mask[static_cast<size_t>(i)] != 0.0f ? 0.0f : clean[static_cast<size_t>(i)]);
    hidden += mask[static_cast<size_t>(i)] != 0.0f;
  }
  EXPECT_EQ(hidden, pg.eraser().hidden_pixels());
  EXPECT_GT(hidden, 3 * 22);
  pg.clear_eraser();
  pg.update();
  EXPECT_EQ(pg.corrupted(), clean);
  EXPECT_EQ(pg.eraser().hidden_pixels(), 0);
}

TEST(Playground, AnImageFromThePageBecomesTheInput) {
  aeplay::Playground pg;
  EXPECT_NE(pg.use_image(std::vector<uint8_t>(100, 7)), "");
  std::vector<uint8_t> px(784);
  for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>(i % 256);
  const uint64_t before = pg.versions().input;
  ASSERT_EQ(pg.use_image(px), "");
  EXPECT_EQ(pg.source(), aeplay::InputSource::Image);
  EXPECT_GT(pg.versions().input, before);
  EXPECT_EQ(pg.test_label(), -1);
  pg.update();
  for (size_t i = 0; i < px.size(); ++i) ASSERT_FLOAT_EQ(pg.clean()[i], static_cast<float>(px[i]) / 255.0f);
}

TEST(Playground, DrawingBecomesACentredMnistStyleInput) {
  aeplay::Playground pg;
  pg.begin_stroke(0.8f, 0.1f);  // an off-centre vertical bar
  pg.extend_stroke(0.8f, 0.6f);
  pg.end_stroke();
  pg.update();
  double mass = 0, my = 0, mx = 0;
  int top = 28, bottom = -1;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const double v = pg.clean()[static_cast<size_t>(y * 28 + x)];
      mass += v, mx += v * (x + 0.5), my += v * (y + 0.5);
      if (v > 0.05) top = std::min(top, y), bottom = std::max(bottom, y);
    }
  ASSERT_GT(mass, 10.0);
  EXPECT_NEAR(mx / mass, 14.0, 1.0);
  EXPECT_NEAR(my / mass, 14.0, 1.0);
  EXPECT_NEAR(bottom - top + 1, 20, 1);
}

TEST(Playground, BadModelBytesAreRefusedAndTheCurrentModelStays) {
  aeplay::Playground pg;
  ASSERT_EQ(pg.add_model_bytes("a", "model a", small_model_bytes(1), aeplay::Origin::Shipped), "");
  ASSERT_TRUE(pg.select_model("a"));
  pg.begin_stroke(0.5f, 0.2f);
  pg.extend_stroke(0.5f, 0.8f);
  pg.update();
  ASSERT_TRUE(pg.metrics().has_reconstruction);
  const auto before = pg.reconstruction();

  std::vector<uint8_t> bad = small_model_bytes(2);
  bad[bad.size() / 2] ^= 0x40;  // one flipped bit: checksum mismatch
  const std::string err = pg.add_model_bytes("file:bad.aep", "bad.aep", bad, aeplay::Origin::Uploaded);
  EXPECT_NE(err.find("checksum"), std::string::npos) << err;
  EXPECT_EQ(pg.add_model_bytes("file:x", "x", {1, 2, 3}, aeplay::Origin::Uploaded).empty(), false);
  EXPECT_EQ(pg.current_model_id(), "a");
  EXPECT_EQ(pg.models().size(), 1u);
  pg.update();
  EXPECT_EQ(pg.reconstruction(), before);
  EXPECT_FALSE(pg.select_model("file:bad.aep"));
  EXPECT_FALSE(pg.select_model(aeplay::Playground::kTrainedId));  // nothing trained yet
}

// A data set as the IDX bytes the page fetches (images, or labels).
std::vector<uint8_t> idx_bytes(const ae::Dataset& d, bool labels) {
  std::vector<uint8_t> b = labels ? std::vector<uint8_t>{0, 0, 8, 1} : std::vector<uint8_t>{0, 0, 8, 3};
  auto be32 = [&](uint32_t v) { for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s)); };
  be32(static_cast<uint32_t>(d.size()));
  if (!labels) be32(28), be32(28);
  if (labels) b.insert(b.end(), d.labels.begin(), d.labels.end());
  else
    for (ae::Index j = 0; j < d.size(); ++j)
      for (ae::Index i = 0; i < 784; ++i) b.push_back(static_cast<uint8_t>(std::lround(d.images(i, j) * 255)));
  return b;
}

TEST(Playground, TestDigitsAndInPageTrainingOnMnist) {
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  aeplay::Playground pg;
  // Through the same IDX path the page uses: bytes in, parsed and validated.
  ASSERT_EQ(pg.load_test_set(idx_bytes(*test, false), idx_bytes(*test, true)), "");
  EXPECT_NE(pg.load_test_set({0, 0, 8}, {}), "");  // truncated: refused...
  EXPECT_EQ(pg.test_set().size(), 10000);            // ...and the loaded set is kept
  ASSERT_TRUE(pg.use_test_digit(42));
  EXPECT_FALSE(pg.use_test_digit(10000));
  pg.update();
  for (int i = 0; i < 784; ++i) ASSERT_FLOAT_EQ(pg.clean()[static_cast<size_t>(i)], test->images(i, 42));

  // A rejected start changes nothing; a good one trains and lowers the test loss.
  aeplay::TrainSettings bad;
  bad.batch = 0;
  EXPECT_NE(pg.start_training(bad), "");  // no training set yet
  ASSERT_EQ(pg.load_train_set(idx_bytes(*test, false), idx_bytes(*test, true)), "");
  const std::string reason = pg.start_training(bad);
  EXPECT_NE(reason.find("batch"), std::string::npos) << reason;
  EXPECT_EQ(pg.training().state(), aeplay::TrainState::Idle);
  EXPECT_NE(pg.notices().back().text.find("Training not started"), std::string::npos);
  aeplay::TrainSettings s;
  s.model.sizes = {784, 32, 16};
  s.noise = {};
  s.train_images = 2000;
  s.test_images = 500;
  s.epochs = 2;
  ASSERT_EQ(pg.start_training(s), "");
  EXPECT_EQ(pg.current_model_id(), aeplay::Playground::kTrainedId);
  while (pg.training().state() == aeplay::TrainState::Running) pg.advance_training(5.0);
  ASSERT_EQ(pg.training().state(), aeplay::TrainState::Done);
  ASSERT_EQ(pg.training().history().size(), 2u);
  EXPECT_LT(pg.training().history()[1].test_loss, pg.training().history()[0].test_loss);
  EXPECT_FALSE(pg.training().curve_loss().empty());
  pg.update();
  EXPECT_TRUE(pg.metrics().has_reconstruction);
  EXPECT_FALSE(pg.current_model_bytes().empty());
}

TEST(Playground, InputScoresRankTheInputAmongTestDigitsAndPriceItsCode) {
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  aeplay::Playground pg;
  EXPECT_FALSE(pg.input_scores().valid) << "no model, no test set";
  ASSERT_EQ(pg.load_test_set(idx_bytes(*test, false), idx_bytes(*test, true)), "");
  const std::vector<uint8_t> bytes = ae::read_file(std::string(AEPLAY_MODELS_DIR) + "/ae-plain.aep", 1 << 26);
  ASSERT_EQ(pg.add_model_bytes("ae-plain", "plain", bytes, aeplay::Origin::Shipped), "");
  ASSERT_TRUE(pg.select_model("ae-plain"));
  const auto model = ae::instantiate(ae::parse_model(bytes.data(), bytes.size(), "ae-plain"));
  // The reference: the first 1000 test digits' errors, computed here the long way.
  const ae::Mat ref = test->images.leftCols(1000);
  std::vector<double> errors = ae::squared_error_each(ref, model->reconstruct(ref));
  for (int digit : {0, 7, 42}) {
    ASSERT_TRUE(pg.use_test_digit(digit));
    const aeplay::InputScores s = pg.input_scores();
    ASSERT_TRUE(s.valid);
    EXPECT_EQ(s.reference_digits, 1000);
    EXPECT_NEAR(s.error, errors[static_cast<size_t>(digit)], 1e-3);
    double below = 0;
    for (double e : errors) below += e < s.error ? 1.0 : e == s.error ? 0.5 : 0.0;
    EXPECT_NEAR(s.percentile, 100.0 * below / 1000.0, 1e-9) << "digit " << digit;
    EXPECT_EQ(s.code_bytes, 32);                        // 32 dimensions at 8 bits
    EXPECT_GT(s.quantised_psnr, 12.0);
    // The decoded image is what the PSNR was measured on, and close to the unquantised reconstruction.
    const Eigen::Map<const ae::Mat> clean(pg.clean().data(), 784, 1), sent(s.quantised.data(), 784, 1);
    const ae::Mat full = model->reconstruct(clean);  // of the clean input, unquantised
    EXPECT_NEAR(ae::psnr(clean, sent), s.quantised_psnr, 0.05);
    EXPECT_LT(ae::squared_error_per_image(full, sent), 1.0) << "8 bits per code number lose little";
  }
  // Something that is not a digit: a filled block of ink scores above nearly every test digit.
  for (float y = 0.1f; y < 0.9f; y += 0.05f) {
    pg.begin_stroke(0.1f, y);
    pg.extend_stroke(0.9f, y);
    pg.end_stroke();
  }
  EXPECT_GT(pg.input_scores().percentile, 95.0);
  EXPECT_GT(pg.input_scores().error, pg.input_scores().reference_p95);
}

}  // namespace

namespace {

// The tangent plane tab's numbers: the engine's tangents at the model's input (the corrupted input), cached
// until the input, the noise or the model change; moving along a direction reconstructs x + alpha u.
TEST(Playground, TangentPlaneIsTheEnginesAndFollowsTheInput) {
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  aeplay::Playground pg;
  EXPECT_FALSE(pg.tangent_plane(8, false).valid) << "no model";
  ASSERT_EQ(pg.load_test_set(idx_bytes(*test, false), idx_bytes(*test, true)), "");
  const std::vector<uint8_t> bytes = ae::read_file(std::string(AEPLAY_MODELS_DIR) + "/ae-plain.aep", 1 << 26);
  ASSERT_EQ(pg.add_model_bytes("ae-plain", "plain", bytes, aeplay::Origin::Shipped), "");
  ASSERT_TRUE(pg.select_model("ae-plain"));
  ASSERT_TRUE(pg.use_test_digit(3));
  pg.update();
  const auto model = ae::instantiate(ae::parse_model(bytes.data(), bytes.size(), "ae-plain"));
  const ae::Vec x = Eigen::Map<const ae::Vec>(pg.corrupted().data(), 784);
  const aeplay::TangentPlane& tp = pg.tangent_plane(8, false);
  ASSERT_TRUE(tp.valid) << tp.why;
  const ae::Tangents want = ae::decoder_tangents(*model, x, 8);
  ASSERT_EQ(tp.tangents.k(), 8);
  EXPECT_LE((tp.tangents.singular_values - want.singular_values).cwiseAbs().maxCoeff(), 1e-5f);
  EXPECT_LE((tp.tangents.directions - want.directions).cwiseAbs().maxCoeff(), 1e-4f);

  const uint64_t n = pg.tangent_computations();
  pg.tangent_plane(8, false);
  EXPECT_EQ(pg.tangent_computations(), n) << "cached";
  const ae::Vec map_sv = pg.tangent_plane(8, true).tangents.singular_values;
  EXPECT_EQ(pg.tangent_computations(), n + 1);
  EXPECT_LE((map_sv - ae::map_tangents(*model, x, 8).singular_values).cwiseAbs().maxCoeff(), 1e-4f);
  ASSERT_TRUE(pg.use_test_digit(4));
  pg.update();
  pg.tangent_plane(8, true);
  EXPECT_EQ(pg.tangent_computations(), n + 2) << "a new input";

  // Moving by 0 gives the reconstruction shown; by alpha, the model's reconstruction of x + alpha u.
  const ae::Vec x4 = Eigen::Map<const ae::Vec>(pg.corrupted().data(), 784);
  const auto still = pg.move_along_tangent(0, 0.0f);
  ASSERT_EQ(still.reconstruction.size(), 784u);
  for (size_t i = 0; i < 784; ++i) EXPECT_NEAR(still.reconstruction[i], pg.reconstruction()[i], 1e-5f);
  const auto moved = pg.move_along_tangent(2, 3.0f);
  const ae::Vec xm = x4 + 3.0f * pg.last_tangent_plane().tangents.directions.col(2);
  const ae::Mat rm = model->reconstruct(ae::Mat(xm));
  float largest_change = 0;
  for (size_t i = 0; i < 784; ++i) {
    EXPECT_NEAR(moved.input[i], xm(ae::Index(i)), 1e-6f);
    EXPECT_NEAR(moved.reconstruction[i], rm(ae::Index(i), 0), 1e-5f);
    largest_change = std::max(largest_change, std::abs(moved.reconstruction[i] - still.reconstruction[i]));
  }
  EXPECT_GT(largest_change, 0.05f) << "a step of 3 along a tangent changes the reconstruction";
  EXPECT_TRUE(pg.move_along_tangent(8, 1.0f).input.empty()) << "there are 8 directions";

  // A convolutional model has no tangent plane here, and says why.
  ae::ModelSpec conv;
  conv.family = ae::Family::Conv, conv.sizes = {784, 8}, conv.conv = {{4, 3, 2, 1}};
  ASSERT_EQ(pg.add_model_bytes("conv", "conv", ae::serialize_model(ae::make_model_file(ae::Autoencoder(conv, 1), {}, "t")),
                               aeplay::Origin::Uploaded), "");
  ASSERT_TRUE(pg.select_model("conv"));
  pg.update();
  const aeplay::TangentPlane& none = pg.tangent_plane(8, false);
  EXPECT_FALSE(none.valid);
  EXPECT_NE(none.why.find("dense"), std::string::npos) << none.why;
}

}  // namespace
