// Colour (issue 32): sRGB <-> CIE Lab against the CIE formulas' known values, colourfulness, the photos data
// set's files (a round trip of real pixels, the split by photograph, bad files), colour conv models (channels
// that differ in and out, their files, paired training and its errors), and the shipped colorization model
// against its two baselines on the real test photographs.
#include <gtest/gtest.h>
#include <stb/stb_image_write.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "colorize.h"
#include "colour.h"
#include "file_io.h"
#include "photos.h"
#include "serialize.h"
#include "test_util.h"
#include "trainer.h"

namespace {

// --- colour space -------------------------------------------------------------------------------------------

// Reference values: CIE 1976 L*a*b* of the sRGB primaries and white (D65), as the CIE formulas give them
// (e.g. Lindbloom's calculator, Pascale's "RGB coordinates of the Macbeth ColorChecker" conventions).
TEST(ColourSpace, SrgbToLabMatchesKnownValues) {
  struct Case {
    double r, g, b, L, a, bb;
  };
  for (const Case& c : {Case{1, 1, 1, 100.0, 0.0, 0.0}, Case{0, 0, 0, 0.0, 0.0, 0.0},
                        Case{1, 0, 0, 53.2408, 80.0925, 67.2032}, Case{0, 1, 0, 87.7347, -86.1827, 83.1793},
                        Case{0, 0, 1, 32.2970, 79.1875, -107.8602}, Case{0.5, 0.5, 0.5, 53.3890, 0.0, 0.0},
                        Case{1, 1, 0, 97.1393, -21.5537, 94.4780}}) {
    const ae::Lab lab = ae::srgb_to_lab(c.r, c.g, c.b);
    EXPECT_NEAR(lab.L, c.L, 0.01) << c.r << " " << c.g << " " << c.b;
    EXPECT_NEAR(lab.a, c.a, 0.01) << c.r << " " << c.g << " " << c.b;
    EXPECT_NEAR(lab.b, c.bb, 0.01) << c.r << " " << c.g << " " << c.b;
  }
}

TEST(ColourSpace, LabToSrgbInvertsEveryColourInTheGamut) {
  ae::Rng rng(7, 1);
  for (int i = 0; i < 2000; ++i) {
    const double r = rng.uniform(), g = rng.uniform(), b = rng.uniform();
    double r2, g2, b2;
    ae::lab_to_srgb(ae::srgb_to_lab(r, g, b), r2, g2, b2);
    ASSERT_NEAR(r2, r, 1e-5);
    ASSERT_NEAR(g2, g, 1e-5);
    ASSERT_NEAR(b2, b, 1e-5);
  }
  double r, g, b;  // far outside the gamut: clipped into [0, 1], never NaN
  ae::lab_to_srgb({50, 200, -200}, r, g, b);
  for (double v : {r, g, b}) EXPECT_TRUE(v >= 0 && v <= 1) << v;
}

TEST(ColourSpace, PlanesAreChannelMajorAndScaledForASigmoid) {
  // Two pixels: pure red and white, planar (R R, G G, B B).
  ae::Mat rgb(6, 1);
  rgb << 1, 1, 0, 1, 0, 1;
  const ae::LabPlanes lab = ae::rgb_to_lab_planes(rgb);
  ASSERT_EQ(lab.lightness.rows(), 2);
  ASSERT_EQ(lab.chroma.rows(), 4);
  EXPECT_NEAR(lab.lightness(0, 0), 0.532408, 1e-4);  // red's L*/100
  EXPECT_NEAR(lab.lightness(1, 0), 1.0, 1e-4);
  EXPECT_NEAR(lab.chroma(0, 0), 80.0925 / 256 + 0.5, 1e-4);  // red's a*, then white's
  EXPECT_NEAR(lab.chroma(1, 0), 0.5, 1e-4);
  EXPECT_NEAR(lab.chroma(2, 0), 67.2032 / 256 + 0.5, 1e-4);  // red's b*
  const ae::Mat back = ae::lab_planes_to_rgb(lab.lightness, lab.chroma);
  EXPECT_LT((back - rgb).cwiseAbs().maxCoeff(), 1e-4);
  EXPECT_THROW(ae::rgb_to_lab_planes(ae::Mat::Zero(4, 1)), ae::Error);                   // not 3 planes
  EXPECT_THROW(ae::lab_planes_to_rgb(lab.lightness, ae::Mat::Zero(3, 1)), ae::Error);  // chroma of another size
}

TEST(ColourSpace, ColourfulnessFollowsHaslerAndSuesstrunk) {
  EXPECT_EQ(ae::colourfulness(ae::Mat::Constant(12, 3, 0.4f)), 0.0) << "grey has no colour";
  // Half pure red, half pure green: rg = +-255 (sigma 255, mean 0), yb = 127.5 everywhere (sigma 0):
  // M = 255 + 0.3 * 127.5.
  ae::Mat rg(6, 1);
  rg << 1, 0, 0, 1, 0, 0;
  EXPECT_NEAR(ae::colourfulness(rg), 255 + 0.3 * 127.5, 1e-3);
}

// --- the photos data set ------------------------------------------------------------------------------------

// A w x h RGB photograph with a distinct value in every pixel and channel, as PNG (lossless) in `path`.
std::vector<uint8_t> write_photo(const std::string& path, int w, int h, int seed) {
  std::vector<uint8_t> px(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) px[(size_t(y) * w + x) * 3 + c] = uint8_t((x * 3 + y * 7 + c * 50 + seed * 31) % 256);
  EXPECT_TRUE(stbi_write_png(path.c_str(), w, h, 3, px.data(), w * 3));
  return px;
}

struct SmallPhotos {
  testutil::TempDir dir;
  std::vector<std::vector<uint8_t>> pixels;
  ae::PhotosBuilt built;
  ae::PhotoPatchPlan plan;
  std::string out() const { return dir.file("set"); }
  SmallPhotos() {
    plan.short_sides = {64};  // the photographs' own size: patches are their pixels, unresampled
    plan.stride = 32;
    std::filesystem::create_directories(dir.file("in"));
    for (int i = 0; i < 5; ++i) pixels.push_back(write_photo(dir.file("in/p" + std::to_string(i) + ".png"), 96, 64, i));
    built = ae::build_photos(ae::list_photos(dir.file("in")), out(), plan, "Licence: test pixels");
  }
};

TEST(PhotosDataSet, PatchesRoundTripChannelMajorWithTheSplitByPhotograph) {
  SmallPhotos s;
  // 96x64 at stride 32: 2 rows x 3 columns of 32x32 patches per photograph; photograph 3 is the test one.
  EXPECT_EQ(s.built.train_patches, 4u * 6);
  EXPECT_EQ(s.built.test_patches, 6u);
  EXPECT_EQ(s.built.test_photos, std::vector<std::string>{s.dir.file("in/p3.png")});
  const ae::Dataset train = ae::load_photos(s.out(), ae::Split::Train), test = ae::load_photos(s.out(), ae::Split::Test);
  EXPECT_EQ(train.channels, 3);
  EXPECT_EQ(train.rows, 32);
  EXPECT_EQ(train.images.rows(), 3 * 32 * 32);
  EXPECT_EQ(train.name, "photos");
  ASSERT_EQ(test.size(), 6);
  const std::set<uint8_t> train_owners(train.labels.begin(), train.labels.end()),
      test_owners(test.labels.begin(), test.labels.end());
  EXPECT_EQ(train_owners, (std::set<uint8_t>{0, 1, 2, 4}));
  EXPECT_EQ(test_owners, (std::set<uint8_t>{3}));
  // Test patch 1 is photograph 3's patch at x0 = 32, y0 = 0: element (c, y, x) is row (c * 32 + y) * 32 + x.
  const std::vector<uint8_t>& photo = s.pixels[3];
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x) {
        const int want = photo[(size_t(y) * 96 + 32 + x) * 3 + c];
        ASSERT_NEAR(std::lround(test.images((c * 32 + y) * 32 + x, 1) * 255), want, 1) << c << " " << y << " " << x;
      }
  // The sources file names every photograph, its split, and the licence.
  const std::vector<uint8_t> text = ae::read_file(s.out() + "/SOURCES.txt", 1 << 20);
  const std::string sources(text.begin(), text.end());
  EXPECT_NE(sources.find("p3.png"), std::string::npos);
  EXPECT_NE(sources.find("test"), std::string::npos);
  EXPECT_NE(sources.find("Licence: test pixels"), std::string::npos);
}

TEST(PhotosDataSet, ATruncatedOrGreyFileIsAClearError) {
  SmallPhotos s;
  const std::string images = s.out() + "/train-images-idx4-ubyte";
  std::vector<uint8_t> bytes = ae::read_file(images, 1 << 24);
  bytes.resize(bytes.size() - 100);
  ae::write_file_atomic(images, bytes);
  std::string msg = testutil::error_message([&] { ae::load_photos(s.out(), ae::Split::Train); });
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  EXPECT_NE(msg.find("train-images-idx4-ubyte"), std::string::npos) << msg;
  // A grey IDX file (3 dimensions) where RGB patches belong.
  ae::write_file_atomic(images, {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 7});
  msg = testutil::error_message([&] { ae::load_photos(s.out(), ae::Split::Train); });
  EXPECT_NE(msg.find("expected RGB patches"), std::string::npos) << msg;
  msg = testutil::error_message([&] { ae::load_photos(s.dir.file("nowhere"), ae::Split::Test); });
  EXPECT_NE(msg.find("make-photos"), std::string::npos) << msg;
}

// --- colour conv models -------------------------------------------------------------------------------------

ae::ModelSpec colour_spec() {
  ae::ModelSpec s;
  s.family = ae::Family::Conv;
  s.image_side = 8;
  s.in_channels = 1;
  s.out_channels = 2;
  s.sizes = {64, 6};
  s.conv = {{4, 3, 2, 1}};
  return s;
}

TEST(ColourModels, ChannelsInAndOutDifferAndTravelInTheFile) {
  const ae::ModelSpec spec = colour_spec();
  ASSERT_NO_THROW(ae::validate(spec));
  EXPECT_EQ(spec.output_size(), 128);
  ae::Autoencoder model(spec, 3);
  EXPECT_EQ(model.reconstruct(ae::Mat::Constant(64, 5, 0.5f)).rows(), 128);
  EXPECT_THROW(model.reconstruct(ae::Mat::Constant(128, 5, 0.5f)), ae::Error) << "two planes where one belongs";
  const ae::ModelFile f = ae::make_model_file(model, {}, "colour", "photos");
  const std::vector<uint8_t> bytes = ae::serialize_model(f);
  const ae::ModelFile back = ae::parse_model(bytes.data(), bytes.size(), "colour.aep");
  EXPECT_EQ(back.spec.in_channels, 1);
  EXPECT_EQ(back.spec.out_channels, 2);
  EXPECT_EQ(back.spec.describe(), spec.describe());
  EXPECT_NE(spec.describe().find("1->2ch"), std::string::npos) << spec.describe();
  EXPECT_EQ(back.params, f.params);
  ae::ModelSpec bad = spec;
  bad.sizes = {128, 6};  // 2 x 8 x 8 input for a 1-channel model
  EXPECT_THROW(ae::validate(bad), ae::Error);
  bad = spec;
  bad.out_channels = 5;
  EXPECT_THROW(ae::validate(bad), ae::Error);
  ae::ModelSpec dense;
  dense.out_channels = 2;
  const std::string msg = testutil::error_message([&] { ae::validate(dense); });
  EXPECT_NE(msg.find("only the conv family"), std::string::npos) << msg;
}

TEST(ColourModels, PairedTrainingLowersTheChromaLossAndRefusesMismatches) {
  const ae::ModelSpec spec = colour_spec();
  ae::Autoencoder model(spec, 5);
  ae::Rng rng(9, 1);
  ae::Mat inputs(64, 256), targets(128, 256);
  for (ae::Index j = 0; j < inputs.cols(); ++j) {  // flat images whose chroma follows their lightness: learnable
    const float u = rng.uniform();
    inputs.col(j).setConstant(u);
    targets.col(j) << ae::Vec::Constant(64, 0.5f * u), ae::Vec::Constant(64, 0.75f - 0.5f * u);
  }
  ae::TrainConfig cfg;
  cfg.epochs = 30;
  cfg.batch_size = 32;
  ae::Trainer trainer(model, ae::ImageStore(inputs), ae::ImageStore(inputs.leftCols(64)), ae::ImageStore(targets),
                      ae::ImageStore(targets.leftCols(64)), cfg);
  while (!trainer.step(100).done) {
  }
  EXPECT_LT(trainer.history().back().test_loss, 0.5 * trainer.history().front().test_loss);
  // Without targets: the model's output is not its input.
  std::string msg = testutil::error_message([&] { ae::Trainer t(model, inputs, inputs, cfg); });
  EXPECT_NE(msg.find("paired data"), std::string::npos) << msg;
  // Targets with 3 channels for a 2-channel output.
  msg = testutil::error_message(
      [&] { ae::Trainer t(model, ae::ImageStore(inputs), {}, ae::ImageStore(ae::Mat(ae::Mat::Zero(192, 256))), {}, cfg); });
  EXPECT_NE(msg.find("the model's output has 128"), std::string::npos) << msg;
}

TEST(ColourModels, ColorizationChecksTheDataAndTheModel) {
  ae::ModelSpec spec = colour_spec();
  ae::Dataset grey;
  grey.name = "mnist";
  grey.rows = grey.cols = 8;
  grey.images = ae::Mat::Zero(64, 2);
  std::string msg = testutil::error_message([&] { ae::check_colorization(spec, grey, "m.aep"); });
  EXPECT_NE(msg.find("colorization needs RGB images"), std::string::npos) << msg;
  ae::Dataset rgb = grey;
  rgb.channels = 3;
  rgb.rows = rgb.cols = 32;
  msg = testutil::error_message([&] { ae::check_colorization(spec, rgb, "m.aep"); });
  EXPECT_NE(msg.find("8x8"), std::string::npos) << msg;
  spec.out_channels = 1;
  msg = testutil::error_message([&] { ae::check_colorization(spec, rgb, "m.aep"); });
  EXPECT_NE(msg.find("not a colorization model"), std::string::npos) << msg;
}

// --- the shipped model on the real photographs --------------------------------------------------------------

TEST(ShippedColorizer, BeatsBothBaselinesInPsnrOnTheTestPhotographs) {
  const std::string dir = ae::photos_dir();
  ae::Dataset train, test;
  try {
    train = ae::load_photos(dir, ae::Split::Train);
    test = ae::load_photos(dir, ae::Split::Test);
  } catch (const ae::Error& e) {
    FAIL() << e.what() << "\n  The photos set is built by scripts/build-native.sh from Debian's mate-backgrounds "
                          "(scripts/setup.sh installs it). This test does not skip.";
  }
  EXPECT_GT(train.size() + test.size(), 20000) << "tens of thousands of patches";
  const ae::ModelFile file = ae::load_model(AEPLAY_MODELS_DIR "/colorize.aep");
  ASSERT_TRUE(ae::is_colorizer(file.spec));
  EXPECT_EQ(file.dataset, "photos");
  const auto model = ae::instantiate(file);
  ae::Vec sum = ae::Vec::Zero(2 * 32 * 32);
  for (ae::Index at = 0; at < train.size(); at += 2048) {
    const ae::Index m = std::min<ae::Index>(2048, train.size() - at);
    sum += ae::rgb_to_lab_planes(train.images.middleCols(at, m)).chroma.rowwise().sum();
  }
  const ae::ColorizationScores s = ae::score_colorization(*model, test, sum / float(train.size()));
  EXPECT_GT(s.psnr.model, s.psnr.grey);
  EXPECT_GT(s.psnr.model, s.psnr.mean_chroma);
  EXPECT_GT(s.colourfulness.model, s.colourfulness.grey);
  EXPECT_LT(s.colourfulness.grey, 1e-3) << "grey stays grey (up to rounding in the Lab round trip)";
}

// --- the CLI --------------------------------------------------------------------------------------------

TEST(ColourCli, ChannelMismatchesBetweenModelAndDataAreOneLine) {
  testutil::TempDir dir;
  ae::Autoencoder tiny(colour_spec(), 1);
  const std::string colorizer = dir.file("tiny-colour.aep");
  ae::save_model(colorizer, ae::make_model_file(tiny, {}, "test", "photos"));
  clitest::expect_one_line_error("eval " + clitest::quote(colorizer) + " --dataset mnist",
                                 "colorization needs RGB images");
  clitest::expect_one_line_error("eval " + clitest::quote(colorizer), "the model takes 8x8 images");
  clitest::expect_one_line_error("train --preset colorize --dataset mnist --epochs 1", "1-channel images");
  clitest::expect_one_line_error("eval " AEPLAY_MODELS_DIR "/conv.aep --dataset photos", "data has 3072");
}

TEST(ColourCli, EvalOfTheShippedColorizerPrintsTheTableAsJsonAndTheGrid) {
  testutil::TempDir dir;
  const std::string png = dir.file("grid.png");
  const clitest::Result r =
      clitest::aeplay("eval " AEPLAY_MODELS_DIR "/colorize.aep --test-size 400 --json --png " + clitest::quote(png));
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const char* key : {"model", "grey", "mean_chroma"}) {
    EXPECT_TRUE(j["psnr"][key].is_number()) << key << ": " << r.out;
    EXPECT_TRUE(j["colourfulness"][key].is_number()) << key << ": " << r.out;
  }
  EXPECT_EQ(j["test_images"], 400);
  EXPECT_GT(j["psnr"]["model"].get<double>(), j["psnr"]["grey"].get<double>());
  int w = 0, h = 0, channels = 0;
  ASSERT_TRUE(std::filesystem::exists(png));
  const std::vector<uint8_t> bytes = ae::read_file(png, 1 << 24);
  const ae::RgbImage grid = ae::decode_rgb_image(bytes.data(), bytes.size(), png);
  w = grid.width, h = grid.height;
  EXPECT_EQ(w, 8 * (32 * 3 + 2) + 2) << "eight patches at 3x";
  EXPECT_EQ(h, 3 * (32 * 3 + 2) + 2) << "rows grey / model / original";
  (void)channels;
  // The grey row is grey, the original row is not.
  auto spread = [&](int row) {
    double s = 0;
    for (int y = 2 + row * 98; y < 2 + row * 98 + 96; ++y)
      for (int x = 2; x < w - 2; ++x) {
        const float* p = &grid.pixels[(size_t(y) * w + x) * 3];
        s += std::fabs(p[0] - p[1]) + std::fabs(p[1] - p[2]);
      }
    return s;
  };
  EXPECT_LT(spread(0), 1.0) << "row 1: the grey input";
  EXPECT_GT(spread(2), 100.0) << "row 3: the colour original";
}

}  // namespace
