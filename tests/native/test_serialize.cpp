// Model files: exact round trips, and every kind of damaged, foreign or hostile file must give an
// ae::Error naming the file (never a crash, never a giant allocation). Hostile headers are written
// with a VALID checksum recomputed here, so it is the structural check that must reject them.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>

#include "error.h"
#include "serialize.h"
#include "test_util.h"

namespace {

using Bytes = std::vector<uint8_t>;

ae::ModelSpec small_spec(bool tied) {
  ae::ModelSpec s;
  s.sizes = {12, 7, 3};
  s.hidden = ae::Activation::Tanh;
  s.latent = ae::Activation::Identity;
  s.output = ae::Activation::Sigmoid;
  s.loss = ae::Loss::BCE;
  s.tied = tied;
  return s;
}

ae::ModelFile small_file(bool tied) {
  ae::Autoencoder model(small_spec(tied), 77);
  // Biases too, so every parameter is a non-trivial float (incl. a subnormal and a negative zero).
  for (size_t i = 0; i < model.parameters().size(); ++i)
    if (model.parameters()[i] == 0.0f) model.parameters()[i] = 0.001f * static_cast<float>(i);
  model.parameters()[1] = -0.0f;
  model.parameters()[2] = std::numeric_limits<float>::denorm_min();
  return ae::make_model_file(model, ae::parse_noise("gaussian:0.5:noclip"), "made by test_serialize \xC3\xBC\n");
}

ae::ModelFile parse(const Bytes& b) { return ae::parse_model(b.data(), b.size(), "model.aep"); }

// Error message for bytes `b`, which must name the source.
std::string parse_error(const Bytes& b) {
  std::string msg = testutil::error_message([&] { parse(b); });
  EXPECT_NE(msg.find("model.aep"), std::string::npos) << "message does not name the file: " << msg;
  return msg;
}

// Little-endian writer for hand-made files, and a fix-up of the trailing CRC.
struct Writer {
  Bytes b;
  void u8(uint8_t v) { b.push_back(v); }
  void u32(uint32_t v) { for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i))); }
  void u64(uint64_t v) { for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i))); }
  void f32(float f) { uint32_t v; std::memcpy(&v, &f, 4); u32(v); }
  Bytes finish() {
    Bytes out = b;
    const uint32_t crc = ae::crc32(out.data(), out.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(crc >> (8 * i)));
    return out;
  }
};

void put_u32(Bytes& b, size_t at, uint32_t v) { for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i)); }
void fix_crc(Bytes& b) { put_u32(b, b.size() - 4, ae::crc32(b.data(), b.size() - 4)); }

struct Header {
  uint32_t version = 1, family = 0;
  std::vector<uint32_t> sizes{4, 3};
  uint8_t hidden = 1, latent = 1, output = 3, loss = 0, tied = 0, noise = 0;
  float noise_level = 0;
  std::string notes;
};

// A hand-written file: header, then n_params and `params` floats, then a valid CRC.
Bytes handmade(const Header& h, uint64_t n_params, const std::vector<float>& params) {
  Writer w;
  for (char c : std::string("AEPM")) w.u8(static_cast<uint8_t>(c));
  w.u32(h.version);
  w.u32(h.family);
  w.u32(static_cast<uint32_t>(h.sizes.size()));
  for (uint32_t s : h.sizes) w.u32(s);
  for (uint8_t v : {h.hidden, h.latent, h.output, h.loss, h.tied, h.noise, uint8_t{0}, uint8_t{0}}) w.u8(v);
  w.f32(h.noise_level);
  w.u32(static_cast<uint32_t>(h.notes.size()));
  for (char c : h.notes) w.u8(static_cast<uint8_t>(c));
  w.u64(n_params);
  for (float f : params) w.f32(f);
  return w.finish();
}

// 4-3 untied: 2·4·3 + 4 + 3 = 31 parameters.
constexpr uint64_t kHandmadeParams = 31;

void expect_same(const ae::ModelFile& a, const ae::ModelFile& b) {
  EXPECT_EQ(a.spec.sizes, b.spec.sizes);
  EXPECT_EQ(a.spec.hidden, b.spec.hidden);
  EXPECT_EQ(a.spec.latent, b.spec.latent);
  EXPECT_EQ(a.spec.output, b.spec.output);
  EXPECT_EQ(a.spec.loss, b.spec.loss);
  EXPECT_EQ(a.spec.tied, b.spec.tied);
  EXPECT_EQ(a.trained_noise.kind, b.trained_noise.kind);
  EXPECT_EQ(a.trained_noise.level, b.trained_noise.level);
  EXPECT_EQ(a.trained_noise.clip, b.trained_noise.clip);
  EXPECT_EQ(a.notes, b.notes);
  ASSERT_EQ(a.params.size(), b.params.size());
  EXPECT_EQ(std::memcmp(a.params.data(), b.params.data(), a.params.size() * sizeof(float)), 0)
      << "parameters must round-trip bit for bit";
}

class RoundTrip : public ::testing::TestWithParam<bool> {};

TEST_P(RoundTrip, ParseOfSerializeIsExact) {
  const ae::ModelFile f = small_file(GetParam());
  const Bytes bytes = ae::serialize_model(f);
  const ae::ModelFile back = parse(bytes);
  expect_same(f, back);
  EXPECT_EQ(ae::serialize_model(back), bytes) << "re-serialising must give the same bytes";
}

TEST_P(RoundTrip, InstantiatedModelReconstructsIdentically) {
  const bool tied = GetParam();
  ae::Autoencoder model(small_spec(tied), 5);
  const ae::ModelFile f = parse(ae::serialize_model(ae::make_model_file(model, {}, "")));
  const auto copy = ae::instantiate(f);
  EXPECT_EQ(copy->spec().describe(), model.spec().describe());
  const ae::Mat X = testutil::uniform_matrix(12, 5, 9);
  EXPECT_EQ(copy->reconstruct(X), model.reconstruct(X));
}

TEST_P(RoundTrip, SaveAndLoadThroughAFileLeaveNoTemporaryBehind) {
  testutil::TempDir dir;
  const std::string path = dir.file("model.aep");
  const ae::ModelFile f = small_file(GetParam());
  ae::save_model(path, f);
  expect_same(f, ae::load_model(path));
  // Overwriting an existing file works too.
  ae::save_model(path, f);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"model.aep"}) << "the atomic write must leave only the model file";
}

INSTANTIATE_TEST_SUITE_P(Serialize, RoundTrip, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "tied" : "untied"; });

TEST(Serialize, LayoutIsLittleEndianWithMagicVersionAndCrc) {
  const ae::ModelFile f = small_file(false);
  const Bytes b = ae::serialize_model(f);
  ASSERT_GT(b.size(), 40u);
  EXPECT_EQ(std::string(b.begin(), b.begin() + 4), "AEPM");
  EXPECT_EQ((Bytes{b[4], b[5], b[6], b[7]}), (Bytes{6, 0, 0, 0})) << "version 6, little-endian";
  EXPECT_EQ((Bytes{b[12], b[13], b[14], b[15]}), (Bytes{3, 0, 0, 0})) << "three sizes";
  EXPECT_EQ((Bytes{b[16], b[17], b[18], b[19]}), (Bytes{12, 0, 0, 0}));
  // File size: 4 magic + 4 version + 4 family + 4 + 3·4 sizes + 8 flags + 4 level
  //            + (v2) 3·4 family floats + 4 image side + 4 conv count + 4 + notes
  //            + (v3) 4 + data set name + (v4) 1 weight encoding + (v5) 4 code noise + (v6) 2 channels
  //            + 8 + 4·params + 4 crc
  EXPECT_EQ(b.size(), 4 + 4 + 4 + 4 + 12 + 8 + 4 + 12 + 4 + 4 + 4 + f.notes.size() + 4 + f.dataset.size() + 1 + 4 + 2 + 8 +
                          4 * f.params.size() + 4);
  // The last parameter's bytes sit just before the CRC.
  uint32_t last;
  std::memcpy(&last, &f.params.back(), 4);
  EXPECT_EQ((Bytes{b[b.size() - 8], b[b.size() - 7], b[b.size() - 6], b[b.size() - 5]}),
            (Bytes{static_cast<uint8_t>(last), static_cast<uint8_t>(last >> 8), static_cast<uint8_t>(last >> 16),
                   static_cast<uint8_t>(last >> 24)}));
}

TEST(Serialize, TheDataSetTravelsWithTheModelAndOlderFilesMeanMnist) {
  ae::ModelFile f = small_file(false);
  f.dataset = "fashion";
  EXPECT_EQ(parse(ae::serialize_model(f)).dataset, "fashion");
  f.dataset = std::string(ae::kMaxDatasetNameBytes + 1, 'x');
  EXPECT_THROW(ae::serialize_model(f), ae::Error);
  // A version 1 file (no data set field) is read as MNIST: the only data set aeplay knew then.
  const ae::ModelFile v1 = parse(handmade(Header{}, kHandmadeParams, std::vector<float>(kHandmadeParams, 0.5f)));
  EXPECT_EQ(v1.dataset, "mnist");
}

TEST(Serialize, TheCodeNoiseOfAHashingModelTravelsAndOlderFilesHaveNone) {
  ae::ModelFile f = small_file(false);
  f.spec.latent = ae::Activation::Sigmoid;
  f.spec.code_noise = 4.0f;
  EXPECT_EQ(parse(ae::serialize_model(f)).spec.code_noise, 4.0f);
  EXPECT_EQ(parse(handmade(Header{}, kHandmadeParams, std::vector<float>(kHandmadeParams, 0.5f))).spec.code_noise, 0.0f);
  Bytes b = ae::serialize_model(f);  // the noise: the 4 bytes before the channel counts (2) and the parameter count
  const size_t at = b.size() - 4 - 4 * f.params.size() - 8 - 2 - 4;
  put_u32(b, at, 0x7FC00000u);  // NaN
  fix_crc(b);
  EXPECT_NE(parse_error(b).find("code noise"), std::string::npos);
}

TEST(Serialize, Crc32MatchesTheStandardCheckValue) {
  const std::string s = "123456789";
  EXPECT_EQ(ae::crc32(reinterpret_cast<const uint8_t*>(s.data()), s.size()), 0xCBF43926u);
  EXPECT_EQ(ae::crc32(nullptr, 0), 0u);
  EXPECT_EQ(ae::crc32_reference(reinterpret_cast<const uint8_t*>(s.data()), s.size()), 0xCBF43926u);
}

TEST(Serialize, FastCrc32MatchesTheByteWiseReferenceAtEveryLengthAndOffset) {
  std::mt19937 rng(7);
  std::vector<uint8_t> bytes(1 << 12);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  for (size_t offset : {0, 1, 3, 7})
    for (size_t n : {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4089})
      EXPECT_EQ(ae::crc32(bytes.data() + offset, n), ae::crc32_reference(bytes.data() + offset, n))
          << "offset " << offset << ", " << n << " bytes";
}

TEST(Serialize, ParametersAreWrittenLittleEndian) {  // the file format's order, whatever the host's
  ae::ModelFile f = small_file(false);
  std::fill(f.params.begin(), f.params.end(), 0.0f);
  f.params.back() = 1.0f;  // 0x3F800000
  const Bytes out = ae::serialize_model(f);
  const size_t last = out.size() - 4 - 4;  // the last float, before the checksum
  EXPECT_EQ((std::vector<uint8_t>(out.begin() + long(last), out.begin() + long(last) + 4)),
            (std::vector<uint8_t>{0x00, 0x00, 0x80, 0x3F}));
  EXPECT_EQ(parse(out).params, f.params);
}

TEST(Serialize, HandmadeFileParses) {  // the reference for the hand-made corruptions below
  const ae::ModelFile f = parse(handmade(Header{}, kHandmadeParams, std::vector<float>(kHandmadeParams, 0.5f)));
  EXPECT_EQ(f.spec.sizes, (std::vector<int>{4, 3}));
  EXPECT_EQ(f.params.size(), kHandmadeParams);
}

TEST(Serialize, EveryTruncationIsRejected) {
  for (bool tied : {false, true}) {
    const Bytes good = ae::serialize_model(small_file(tied));
    for (size_t n = 0; n < good.size(); ++n)
      EXPECT_THROW(parse(Bytes(good.begin(), good.begin() + static_cast<long>(n))), ae::Error)
          << "prefix of " << n << " of " << good.size() << " bytes was accepted";
  }
}

TEST(Serialize, AFlippedByteAnywhereIsRejected) {
  const Bytes good = ae::serialize_model(small_file(false));
  for (size_t i = 0; i < good.size(); ++i)
    for (uint8_t mask : {0x01, 0x80, 0xFF}) {
      Bytes bad = good;
      bad[i] ^= mask;
      EXPECT_THROW(parse(bad), ae::Error) << "byte " << i << " ^ " << int(mask) << " was accepted";
    }
  Bytes bad = good;
  bad[good.size() / 2] ^= 0x10;
  EXPECT_NE(parse_error(bad).find("checksum"), std::string::npos);
}

TEST(Serialize, ForeignFilesAreRejectedByTheMagicNumber) {
  Bytes b = ae::serialize_model(small_file(false));
  b[3] = 'X';
  fix_crc(b);
  EXPECT_NE(parse_error(b).find("magic"), std::string::npos);
  const std::string png = "\x89PNG\r\n\x1a\nIHDR.......";
  EXPECT_NE(parse_error(Bytes(png.begin(), png.end())).find("magic"), std::string::npos);
  parse_error(Bytes{});
  parse_error(Bytes{'A', 'E'});
}

TEST(Serialize, UnsupportedVersionIsNamed) {
  Bytes b = ae::serialize_model(small_file(false));
  put_u32(b, 4, ae::kModelFileVersion + 1);
  fix_crc(b);
  const std::string msg = parse_error(b);
  EXPECT_NE(msg.find("version " + std::to_string(ae::kModelFileVersion + 1)), std::string::npos) << msg;
  Header h;
  h.family = 7;  // a model family this build does not know
  parse_error(handmade(h, kHandmadeParams, std::vector<float>(kHandmadeParams)));
}

TEST(Serialize, AbsurdArchitecturesAreRejectedBeforeAllocating) {
  // Each header has a valid CRC, so only the structural checks stand between it and a huge allocation.
  const auto start = std::chrono::steady_clock::now();
  struct Case {
    const char* what;
    std::vector<uint32_t> sizes;
  };
  for (const Case& c : {Case{"sizes needing 2^33 parameters (32 GiB)", {65536, 65536}},
                        Case{"terabytes: 16 layers of 65536", std::vector<uint32_t>(17, 65536)},
                        Case{"size 4e9", {4000000000u, 5}},
                        Case{"size 0", {784, 0}},
                        Case{"one size only", {784}},
                        Case{"a million layers", std::vector<uint32_t>(1000, 8)}}) {
    Header h;
    h.sizes = c.sizes;
    EXPECT_THROW(parse(handmade(h, 0, {})), ae::Error) << c.what;
  }
  // A layer count of 4 billion with nothing after it.
  Writer w;
  for (char c : std::string("AEPM")) w.u8(static_cast<uint8_t>(c));
  w.u32(1);
  w.u32(0);
  w.u32(0xFFFFFFFFu);
  EXPECT_NE(parse_error(w.finish()).find("layer count"), std::string::npos);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 0.5);
}

TEST(Serialize, ParameterCountMismatchIsRejected) {
  // Declares 30 parameters where the 4-3 architecture has 31 (and carries 30).
  std::string msg = parse_error(handmade(Header{}, 30, std::vector<float>(30, 0.1f)));
  EXPECT_NE(msg.find("30"), std::string::npos) << msg;
  // Declares 2^61 parameters: must not try to allocate them.
  parse_error(handmade(Header{}, uint64_t{1} << 61, std::vector<float>(kHandmadeParams, 0.1f)));
  // Declares the right count but carries one float too many or too few.
  parse_error(handmade(Header{}, kHandmadeParams, std::vector<float>(kHandmadeParams + 1, 0.1f)));
  parse_error(handmade(Header{}, kHandmadeParams, std::vector<float>(kHandmadeParams - 1, 0.1f)));
}

TEST(Serialize, NanOrInfiniteParametersAreRejected) {
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity()}) {
    std::vector<float> params(kHandmadeParams, 0.1f);
    params[17] = bad;
    EXPECT_NE(parse_error(handmade(Header{}, kHandmadeParams, params)).find("NaN"), std::string::npos);
  }
}

TEST(Serialize, InvalidEnumsAndFlagsAreRejected) {
  const std::vector<float> params(kHandmadeParams, 0.1f);
  Header h;
  h.hidden = 9;
  parse_error(handmade(h, kHandmadeParams, params));
  h = Header{};
  h.output = 1;  // relu output with bce loss
  h.loss = 1;
  parse_error(handmade(h, kHandmadeParams, params));
  h = Header{};
  h.loss = 3;
  parse_error(handmade(h, kHandmadeParams, params));
  h = Header{};
  h.tied = 2;
  parse_error(handmade(h, kHandmadeParams, params));
  h = Header{};
  h.noise = 9;
  parse_error(handmade(h, kHandmadeParams, params));
  h = Header{};
  h.noise = 2;  // mask with probability 1.5
  h.noise_level = 1.5f;
  parse_error(handmade(h, kHandmadeParams, params));
  h = Header{};
  h.noise = 1;
  h.noise_level = std::numeric_limits<float>::quiet_NaN();
  parse_error(handmade(h, kHandmadeParams, params));
}

TEST(Serialize, OverlongNotesAreRejected) {
  Header h;
  h.notes = std::string(ae::kMaxNotesBytes + 1, 'x');
  parse_error(handmade(h, kHandmadeParams, std::vector<float>(kHandmadeParams, 0.1f)));
  h.notes = std::string(100, 'x');
  EXPECT_EQ(parse(handmade(h, kHandmadeParams, std::vector<float>(kHandmadeParams, 0.1f))).notes, h.notes);
}

TEST(Serialize, SerializeRefusesInconsistentModels) {
  ae::ModelFile f = small_file(false);
  f.params.pop_back();
  EXPECT_THROW(ae::serialize_model(f), ae::Error);
  f = small_file(false);
  f.spec.sizes = {12};
  EXPECT_THROW(ae::serialize_model(f), ae::Error);
}

TEST(Serialize, LoadModelErrorsNameThePath) {
  testutil::TempDir dir;
  const std::string missing = dir.file("missing.aep");
  EXPECT_NE(testutil::error_message([&] { ae::load_model(missing); }).find(missing), std::string::npos);
  const std::string garbage = dir.file("garbage.aep");
  {
    std::ofstream f(garbage, std::ios::binary);
    f << "this is not a model file at all";
  }
  EXPECT_NE(testutil::error_message([&] { ae::load_model(garbage); }).find(garbage), std::string::npos);
  // Saving into a directory that does not exist fails cleanly, leaving nothing behind.
  const std::string nowhere = dir.file("no/such/dir/model.aep");
  EXPECT_THROW(ae::save_model(nowhere, small_file(false)), ae::Error);
}

}  // namespace
