// Compact model files: float16 weights (src/engine/float16.h, the version 4 weight-encoding byte of .aep,
// `aeplay convert`, run as a user would). The conversion against known values and every float16; files that round-trip, refuse
// what float16 cannot hold, and reject bad bytes; and a trained model whose float16 copy reconstructs MNIST
// within the bound docs/model-files.md states.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "error.h"
#include "float16.h"
#include "presets.h"
#include "serialize.h"
#include "test_util.h"
#include "trainer.h"

namespace {

using Bytes = std::vector<uint8_t>;

float from_bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
uint32_t bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

TEST(Float16, KnownValues) {
  const float inf = std::numeric_limits<float>::infinity();
  const struct {
    float in;
    uint16_t out;
  } cases[] = {
      {0.0f, 0x0000},
      {-0.0f, 0x8000},
      {1.0f, 0x3C00},
      {-2.0f, 0xC000},
      {0.5f, 0x3800},
      {65504.0f, 0x7BFF},  // the largest finite float16
      {65519.0f, 0x7BFF},  // below the midpoint to 65536: rounds down
      {65520.0f, 0x7C00},  // the midpoint: ties to even, which is infinity
      {1e9f, 0x7C00},
      {-inf, 0xFC00},
      {inf, 0x7C00},
      {std::ldexp(1.0f, -14), 0x0400},         // the smallest normal
      {std::ldexp(1.0f, -24), 0x0001},         // the smallest subnormal
      {std::ldexp(1.0f, -25), 0x0000},         // half of it: a tie, to even (zero)
      {std::ldexp(1.5f, -25), 0x0001},         // above the tie: up
      {std::ldexp(3.0f, -25), 0x0002},         // 1.5 x the smallest subnormal: a tie, to even (2)
      {std::ldexp(1023.5f, -24), 0x0400},      // the largest subnormal and a half: rounds up into the normals
      {1.0f + std::ldexp(1.0f, -11), 0x3C00},  // a tie between 1 and 1 + 2^-10: to even
      {1.0f + std::ldexp(3.0f, -11), 0x3C02},  // a tie between 1 + 2^-10 and 1 + 2^-9: to even
      {1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20), 0x3C01},  // just above the tie
      {std::numeric_limits<float>::denorm_min(), 0x0000},
      {-std::numeric_limits<float>::min(), 0x8000},
  };
  for (const auto& c : cases) EXPECT_EQ(ae::float_to_half(c.in), c.out) << c.in;
  EXPECT_EQ(ae::half_to_float(0x7BFF), 65504.0f);
  EXPECT_EQ(ae::half_to_float(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(ae::half_to_float(0x03FF), std::ldexp(1023.0f, -24));
  EXPECT_EQ(ae::half_to_float(0x3555), 0.333251953125f);
  EXPECT_EQ(bits(ae::half_to_float(0x8000)), 0x80000000u);
  EXPECT_TRUE(std::isnan(ae::half_to_float(ae::float_to_half(std::nanf("")))));
  EXPECT_FALSE(ae::half_is_finite(ae::float_to_half(std::nanf(""))));
  EXPECT_FALSE(ae::half_is_finite(0x7C00));
  EXPECT_TRUE(ae::half_is_finite(0x7BFF));
}

TEST(Float16, EveryFloat16RoundTripsThroughFloat) {
  for (uint32_t h = 0; h <= 0xFFFF; ++h) {
    const float f = ae::half_to_float(static_cast<uint16_t>(h));
    if (std::isnan(f)) {
      EXPECT_EQ(h & 0x7C00u, 0x7C00u);
      EXPECT_TRUE(std::isnan(ae::half_to_float(ae::float_to_half(f))));
      continue;
    }
    EXPECT_EQ(ae::float_to_half(f), h) << std::hex << h;
  }
}

// Every value between two neighbouring float16s goes to the nearer (the even one at the midpoint).
TEST(Float16, NeighboursAndMidpointsRoundToNearestEven) {
  for (uint32_t h = 0; h < 0x7BFF; ++h) {  // positive finite: h and h + 1
    const float lo = ae::half_to_float(static_cast<uint16_t>(h)), hi = ae::half_to_float(static_cast<uint16_t>(h + 1));
    const float mid = lo + (hi - lo) / 2;  // exact in float (floats have 13 more bits)
    const uint16_t even = (h & 1) ? static_cast<uint16_t>(h + 1) : static_cast<uint16_t>(h);
    ASSERT_EQ(ae::float_to_half(mid), even) << std::hex << h;
    ASSERT_EQ(ae::float_to_half(std::nextafter(mid, 0.0f)), h) << std::hex << h;
    ASSERT_EQ(ae::float_to_half(std::nextafter(mid, 1e9f)), h + 1) << std::hex << h;
    ASSERT_EQ(ae::float_to_half(-mid), 0x8000u | even) << std::hex << h;
  }
}

#if defined(__FLT16_MAX__)  // GCC 12 and Clang on x86-64 and ARM: an independent implementation to agree with
TEST(Float16, AgreesWithTheCompilersConversion) {
  std::mt19937 rng(3);
  for (int i = 0; i < 2000000; ++i) {
    // Random bit patterns around float16's range (exponents 2^-30 .. 2^20), both signs.
    const uint32_t exponent = 97 + rng() % 50, u = (rng() & 0x807FFFFFu) | (exponent << 23);
    const float f = from_bits(u);
    const _Float16 h = static_cast<_Float16>(f);
    uint16_t expected;
    std::memcpy(&expected, &h, 2);
    ASSERT_EQ(ae::float_to_half(f), expected) << f;
  }
  for (uint32_t h = 0; h <= 0xFFFF; ++h) {
    _Float16 x;
    const uint16_t h16 = static_cast<uint16_t>(h);
    std::memcpy(&x, &h16, 2);
    if (!std::isnan(static_cast<float>(x))) {
      ASSERT_EQ(bits(ae::half_to_float(h16)), bits(static_cast<float>(x)));
    }
  }
}
#endif

// --- model files with float16 weights -------------------------------------------------------------

ae::ModelFile small_file(ae::WeightEncoding weights) {
  ae::ModelSpec s;
  s.sizes = {12, 7, 3};
  s.hidden = ae::Activation::Tanh;
  ae::Autoencoder model(s, 77);
  ae::ModelFile f = ae::make_model_file(model, {}, "test_compact_models");
  f.params[0] = -0.0f;
  f.params[1] = 1e-6f;  // a float16 subnormal
  f.params[2] = 65504.0f;
  f.weights = weights;
  return f;
}

ae::ModelFile parse(const Bytes& b) { return ae::parse_model(b.data(), b.size(), "model.aep"); }

std::string parse_error(const Bytes& b) {
  std::string msg = testutil::error_message([&] { parse(b); });
  EXPECT_NE(msg.find("model.aep"), std::string::npos) << msg;
  return msg;
}

void fix_crc(Bytes& b) {
  const uint32_t crc = ae::crc32(b.data(), b.size() - 4);
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<uint8_t>(crc >> (8 * i));
}

// Where the weight-encoding byte sits: before the version 5 code noise (f32), the version 6 channel counts
// (2 bytes), the u64 parameter count, the weights and the CRC.
constexpr size_t kCodeNoiseBytes = 4, kChannelBytes = 2;
size_t encoding_offset(const Bytes& b, size_t n_params, size_t width) {
  return b.size() - 4 - width * n_params - 8 - kChannelBytes - kCodeNoiseBytes - 1;
}

TEST(CompactModelFile, Float16WeightsRoundTripAsTheirRoundedValues) {
  const ae::ModelFile f32 = small_file(ae::WeightEncoding::Float32), f16 = small_file(ae::WeightEncoding::Float16);
  const Bytes b32 = ae::serialize_model(f32), b16 = ae::serialize_model(f16);
  EXPECT_EQ(b16.size(), b32.size() - 2 * f32.params.size()) << "two bytes a weight instead of four";
  EXPECT_EQ(b16[4], ae::kModelFileVersion) << "the current version";
  EXPECT_EQ(b16[encoding_offset(b16, f16.params.size(), 2)], 1) << "the encoding byte: 1, float16";
  EXPECT_EQ(b32[encoding_offset(b32, f32.params.size(), 4)], 0) << "the encoding byte: 0, float32";
  const ae::ModelFile back = parse(b16);
  EXPECT_EQ(back.weights, ae::WeightEncoding::Float16);
  EXPECT_EQ(back.spec.describe(), f16.spec.describe());
  EXPECT_EQ(back.notes, f16.notes);
  ASSERT_EQ(back.params.size(), f16.params.size());
  for (size_t i = 0; i < back.params.size(); ++i) {
    EXPECT_EQ(bits(back.params[i]), bits(ae::half_to_float(ae::float_to_half(f16.params[i])))) << i;
    EXPECT_LE(std::fabs(back.params[i] - f16.params[i]), std::fabs(f16.params[i]) * 0x1p-11f + 0x1p-25f) << i;
  }
  EXPECT_EQ(back.params[2], 65504.0f) << "float16's largest value is kept";
  EXPECT_EQ(ae::serialize_model(back), b16) << "re-serialising a float16 file gives the same bytes";
  // Widened to float32 and narrowed again: nothing changes (every float16 is a float).
  ae::ModelFile wide = back;
  wide.weights = ae::WeightEncoding::Float32;
  ae::ModelFile narrow = parse(ae::serialize_model(wide));
  EXPECT_EQ(narrow.params, back.params);
  narrow.weights = ae::WeightEncoding::Float16;
  EXPECT_EQ(ae::serialize_model(narrow), b16);
}

TEST(CompactModelFile, WeightsBeyondFloat16AreRefusedNotMadeInfinite) {
  for (float bad : {65520.0f, -1e6f, std::numeric_limits<float>::infinity(), std::nanf("")}) {
    ae::ModelFile f = small_file(ae::WeightEncoding::Float16);
    f.params[5] = bad;
    const std::string msg = testutil::error_message([&] { ae::serialize_model(f); });
    EXPECT_NE(msg.find("parameter 5"), std::string::npos) << msg;
    EXPECT_NE(msg.find("float16"), std::string::npos) << msg;
    EXPECT_NE(msg.find("float32"), std::string::npos) << msg;
  }
}

TEST(CompactModelFile, InfiniteOrNanFloat16WeightsAreRejected) {
  const ae::ModelFile f = small_file(ae::WeightEncoding::Float16);
  for (uint16_t bad : {uint16_t{0x7C00}, uint16_t{0xFC00}, uint16_t{0x7E00}, uint16_t{0x7C01}}) {
    Bytes b = ae::serialize_model(f);
    const size_t at = b.size() - 4 - 2 * 3;  // the third-last weight
    b[at] = static_cast<uint8_t>(bad);
    b[at + 1] = static_cast<uint8_t>(bad >> 8);
    fix_crc(b);
    EXPECT_NE(parse_error(b).find("NaN or infinity"), std::string::npos);
  }
}

TEST(CompactModelFile, AnUnknownEncodingByteIsNamed) {
  const ae::ModelFile f = small_file(ae::WeightEncoding::Float16);
  for (uint8_t bad : {uint8_t{2}, uint8_t{0x80}, uint8_t{0xFF}}) {
    Bytes b = ae::serialize_model(f);
    b[encoding_offset(b, f.params.size(), 2)] = bad;
    fix_crc(b);
    const std::string msg = parse_error(b);
    EXPECT_NE(msg.find("unknown weight encoding " + std::to_string(bad)), std::string::npos) << msg;
  }
  // A float32 byte in front of float16 data: the sizes disagree.
  Bytes b = ae::serialize_model(f);
  b[encoding_offset(b, f.params.size(), 2)] = 0;
  fix_crc(b);
  EXPECT_NE(parse_error(b).find("size mismatch"), std::string::npos);
}

TEST(CompactModelFile, EveryTruncationAndFlippedByteIsRejected) {
  const Bytes good = ae::serialize_model(small_file(ae::WeightEncoding::Float16));
  for (size_t n = 0; n < good.size(); ++n)
    EXPECT_THROW(parse(Bytes(good.begin(), good.begin() + static_cast<long>(n))), ae::Error) << n;
  for (size_t i = 0; i < good.size(); ++i) {
    Bytes bad = good;
    bad[i] ^= 0x01;
    EXPECT_THROW(parse(bad), ae::Error) << "byte " << i;
  }
}

TEST(CompactModelFile, Version3FilesAreStillReadAsFloat32) {
  const ae::ModelFile f = small_file(ae::WeightEncoding::Float32);
  Bytes b = ae::serialize_model(f);
  const auto at = b.begin() + static_cast<long>(encoding_offset(b, f.params.size(), 4));
  b.erase(at, at + 1 + kCodeNoiseBytes + kChannelBytes);  // version 3 had no encoding byte, code noise, channels
  b[4] = 3;
  fix_crc(b);
  const ae::ModelFile back = parse(b);
  EXPECT_EQ(back.weights, ae::WeightEncoding::Float32);
  EXPECT_EQ(back.params, f.params);
  // A version 3 header in front of current bytes: the extra bytes are a size mismatch, never misread.
  Bytes v4 = ae::serialize_model(f);
  v4[4] = 3;
  fix_crc(v4);
  parse_error(v4);
}

TEST(CompactModelFile, EncodingNames) {
  ae::WeightEncoding e;
  EXPECT_TRUE(ae::parse_weight_encoding("f16", e) && e == ae::WeightEncoding::Float16);
  EXPECT_TRUE(ae::parse_weight_encoding("float32", e) && e == ae::WeightEncoding::Float32);
  EXPECT_FALSE(ae::parse_weight_encoding("int8", e));
  EXPECT_STREQ(ae::to_string(ae::WeightEncoding::Float16), "f16");
}

// --- a trained model in float16 ----------------------------------------------------------------------

// The bound docs/model-files.md states for a float16 copy of a 784-256-32 model, over MNIST's 10,000 test
// digits: no pixel of a reconstruction moves by more than kMaxPixelChange, the mean squared difference
// between the two reconstructions stays under kMaxMeanSquaredChange, and the model's test error (MSE against
// the clean digits) changes by less than 0.1% of itself.
constexpr double kMaxPixelChange = 0.01, kMaxMeanSquaredChange = 1e-6;

TEST(CompactModelFile, Float16ReconstructionsMatchFloat32WithinTheStatedBound) {
  const ae::Dataset* train = testutil::mnist(ae::Split::Train);
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(train, nullptr) << testutil::mnist_error();
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  // The shipped models' recipe (scripts/make-assets.sh: 784-256-32, Adam 1e-3, batch 64), on 12,000 images.
  const ae::Preset& preset = ae::find_preset("undercomplete");
  ae::Autoencoder model(preset.spec, 1);
  const ae::Mat images = train->images.leftCols(12000);
  ae::TrainConfig config = preset.train;
  config.epochs = 2;
  ae::Trainer trainer(model, images, ae::Mat(), config);
  while (!trainer.step(1 << 20).done) {
  }
  ae::ModelFile f = ae::make_model_file(model, {}, "float16 test");
  f.weights = ae::WeightEncoding::Float16;
  const Bytes b16 = ae::serialize_model(f);
  const auto half = ae::instantiate(parse(b16));
  const ae::Mat full = model.reconstruct(test->images), compact = half->reconstruct(test->images);
  const double max_change = (full - compact).cwiseAbs().maxCoeff();
  const double mean_squared_change = (full - compact).squaredNorm() / static_cast<double>(full.size());
  const double mse_full = (full - test->images).squaredNorm() / static_cast<double>(full.size());
  const double mse_compact = (compact - test->images).squaredNorm() / static_cast<double>(full.size());
  std::printf(
      "float16 vs float32, 784-256-32 on 10,000 test digits: max pixel change %.3g, mean squared change "
      "%.3g, test MSE %.6f -> %.6f (%d bytes -> %zu)\n",
      max_change, mean_squared_change, mse_full, mse_compact,
      int(ae::serialize_model(ae::make_model_file(model, {}, "float16 test")).size()), b16.size());
  EXPECT_GT(max_change, 0.0) << "float16 must actually round the weights (or this test compares a model with itself)";
  EXPECT_LE(max_change, kMaxPixelChange);
  EXPECT_LE(mean_squared_change, kMaxMeanSquaredChange);
  EXPECT_LE(std::fabs(mse_compact - mse_full), 1e-3 * mse_full);
}

// The shipped models (assets/models, scripts/make-assets.sh) are stored in float16, and every one reads.
TEST(CompactModelFile, TheShippedModelsAreFloat16) {
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator(AEPLAY_MODELS_DIR)) {
    if (e.path().extension() != ".aep") continue;
    ++count;
    const ae::ModelFile f = ae::load_model(e.path().string());
    EXPECT_EQ(f.weights, ae::WeightEncoding::Float16) << e.path() << ": convert it (aeplay convert --weights f16)";
  }
  EXPECT_GE(count, 15);
}

// --- aeplay convert ----------------------------------------------------------------------------------

#ifndef AEPLAY_CLI_PATH
#error "AEPLAY_CLI_PATH must name the aeplay binary (set by tests/native/CMakeLists.txt)"
#endif

// Runs `aeplay ARGS`; returns the exit status and stderr's text.
std::pair<int, std::string> aeplay(const std::string& args, const testutil::TempDir& dir) {
  const std::string err = dir.file("stderr");
  const int status = std::system(("'" AEPLAY_CLI_PATH "' " + args + " >/dev/null 2>'" + err + "'").c_str());
  std::ifstream f(err);
  std::stringstream text;
  text << f.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), text.str()};
}

TEST(ConvertCommand, Float16AndBackThroughTheCli) {
  testutil::TempDir dir;
  ae::ModelFile f = small_file(ae::WeightEncoding::Float32);
  f.params[2] = 0.1f;  // not a float16 value
  ae::save_model(dir.file("in.aep"), f);
  const auto [code16, err16] = aeplay("convert " + dir.file("in.aep") + " " + dir.file("half.aep") + " --weights f16", dir);
  ASSERT_EQ(code16, 0) << err16;
  const ae::ModelFile half = ae::load_model(dir.file("half.aep"));
  EXPECT_EQ(half.weights, ae::WeightEncoding::Float16);
  EXPECT_EQ(half.notes, f.notes);
  EXPECT_EQ(half.params[2], ae::half_to_float(ae::float_to_half(0.1f)));
  EXPECT_NE(half.params[2], 0.1f);
  const auto [code32, err32] = aeplay("convert " + dir.file("half.aep") + " " + dir.file("wide.aep") + " --weights f32", dir);
  ASSERT_EQ(code32, 0) << err32;
  const ae::ModelFile wide = ae::load_model(dir.file("wide.aep"));
  EXPECT_EQ(wide.weights, ae::WeightEncoding::Float32);
  EXPECT_EQ(wide.params, half.params) << "widening is exact";
}

TEST(ConvertCommand, MistakesGetOneLine) {
  testutil::TempDir dir;
  ae::ModelFile f = small_file(ae::WeightEncoding::Float32);
  ae::save_model(dir.file("in.aep"), f);
  f.params[4] = 1e6f;
  ae::save_model(dir.file("big.aep"), f);
  const struct { std::string args, needle; } cases[] = {
      {"convert " + dir.file("in.aep") + " " + dir.file("o.aep") + " --weights int8", "int8"},
      {"convert " + dir.file("in.aep") + " " + dir.file("o.aep"), "--weights"},
      {"convert " + dir.file("in.aep") + " --weights f16", "an input and an output"},
      {"convert " + dir.file("none.aep") + " " + dir.file("o.aep") + " --weights f16", "none.aep"},
      {"convert " + dir.file("big.aep") + " " + dir.file("o.aep") + " --weights f16", "float16's range"},
  };
  for (const auto& c : cases) {
    const auto [code, err] = aeplay(c.args, dir);
    EXPECT_EQ(code, 1) << c.args;
    EXPECT_NE(err.find(c.needle), std::string::npos) << c.args << ": " << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("o.aep"))) << "nothing is written when the conversion fails";
}

}  // namespace
