// Export and import (src/engine/interop): the state_dict naming and layout of every family, round trips
// through safetensors and npz, and every kind of bad file refused with a one-line ae::Error that says what
// is wrong. (The files themselves are checked by PyTorch, NumPy, onnx.checker and ONNX Runtime in
// tests/interop; this suite needs none of them.)
#include <gtest/gtest.h>

#include <cstring>

#include "interop.h"
#include "module_layout.h"
#include "npy.h"
#include "npz.h"
#include "presets.h"
#include "safetensors.h"
#include "test_util.h"
#include "zip.h"

namespace {

using ae::interop::NamedTensor;
using ae::interop::TensorFile;
using testutil::error_message;
using Bytes = std::vector<uint8_t>;

ae::ModelFile model_file(const ae::ModelSpec& spec, uint64_t seed = 5) {
  ae::Autoencoder m(spec, seed);
  return ae::make_model_file(m, {ae::NoiseKind::Mask, 0.25f, true}, "made by test_interop");
}

ae::ModelSpec dense(std::vector<int> sizes) {
  ae::ModelSpec s;
  s.sizes = std::move(sizes);
  return s;
}

// One spec of every family and flavour the exports must carry.
std::vector<std::pair<std::string, ae::ModelSpec>> every_family() {
  std::vector<std::pair<std::string, ae::ModelSpec>> out;
  out.push_back({"dense", dense({784, 64, 16})});
  ae::ModelSpec deep = dense({20, 12, 8, 4});
  deep.hidden = ae::Activation::LeakyReLU, deep.latent = ae::Activation::Identity;
  out.push_back({"deep", deep});
  ae::ModelSpec tied = dense({30, 10, 5});
  tied.tied = true, tied.hidden = ae::Activation::Tanh;
  out.push_back({"tied", tied});
  ae::ModelSpec kl = dense({30, 6});
  kl.latent = ae::Activation::Sigmoid, kl.penalty = ae::Penalty::KL, kl.penalty_weight = 0.5f;
  out.push_back({"sparse-kl", kl});
  ae::ModelSpec vae = dense({40, 12, 3});
  vae.family = ae::Family::Vae, vae.loss = ae::Loss::BCE, vae.beta = 0.5f;
  out.push_back({"vae", vae});
  ae::ModelSpec conv;
  conv.family = ae::Family::Conv, conv.sizes = {784, 8}, conv.conv = {{4, 3, 2, 1}, {6, 3, 2, 1}};
  out.push_back({"conv", conv});
  // Colour (colorization): 1 plane in, 2 out, PyTorch's NCHW planes in the flattened vectors.
  ae::ModelSpec colour;
  colour.family = ae::Family::Conv, colour.image_side = 16, colour.in_channels = 1, colour.out_channels = 2;
  colour.sizes = {256, 8}, colour.conv = {{4, 3, 2, 1}, {6, 3, 2, 1}};
  out.push_back({"conv-colour", colour});
  return out;
}

std::string names_and_shapes(const std::vector<NamedTensor>& ts) {
  std::string s;
  for (const auto& t : ts) s += t.name + ae::interop::shape_text(t.shape) + " ";
  return s;
}

TEST(ModuleLayout, StateDictNamesAndShapesFollowThePyTorchModules) {
  EXPECT_EQ(names_and_shapes(ae::interop::state_dict_shapes(dense({784, 256, 32}))),
            "encoder.0.weight[256, 784] encoder.0.bias[256] encoder.2.weight[32, 256] encoder.2.bias[32] "
            "decoder.0.weight[256, 32] decoder.0.bias[256] decoder.2.weight[784, 256] decoder.2.bias[784] ");
  ae::ModelSpec tied = dense({784, 256, 32});
  tied.tied = true;
  EXPECT_EQ(names_and_shapes(ae::interop::state_dict_shapes(tied)),
            "encoder.0.weight[256, 784] encoder.0.bias[256] encoder.2.weight[32, 256] encoder.2.bias[32] "
            "decoder.0.bias[256] decoder.2.bias[784] ");
  ae::ModelSpec vae = dense({784, 256, 2});
  vae.family = ae::Family::Vae;
  EXPECT_EQ(names_and_shapes(ae::interop::state_dict_shapes(vae)),
            "encoder.0.weight[256, 784] encoder.0.bias[256] mu.weight[2, 256] mu.bias[2] logvar.weight[2, 256] "
            "logvar.bias[2] decoder.0.weight[256, 2] decoder.0.bias[256] decoder.2.weight[784, 256] decoder.2.bias[784] ");
  ae::ModelSpec conv;
  conv.family = ae::Family::Conv, conv.sizes = {784, 32}, conv.conv = {{16, 3, 2, 1}, {32, 3, 2, 1}};
  EXPECT_EQ(names_and_shapes(ae::interop::state_dict_shapes(conv)),
            "encoder.1.weight[16, 1, 3, 3] encoder.1.bias[16] encoder.3.weight[32, 16, 3, 3] encoder.3.bias[32] "
            "encoder.6.weight[32, 1568] encoder.6.bias[32] decoder.0.weight[1568, 32] decoder.0.bias[1568] "
            "decoder.3.weight[32, 16, 3, 3] decoder.3.bias[16] decoder.5.weight[16, 1, 3, 3] decoder.5.bias[1] ");
  // ConvTranspose2d gives back the conv's input size: 7 -> 14 -> 28 needs output_padding 1.
  EXPECT_EQ(ae::interop::module_layout(conv).decoder[3].output_padding, 1);
}

// The colorizer (1 lightness plane in, 2 chroma planes out): PyTorch's shapes, and its output is NCHW flattened,
// channel 1's plane after channel 0's, as the state dict's [in, out, k, k] ConvTranspose2d weight says.
TEST(ModuleLayout, ColourConvModelsKeepPyTorchsChannelLayout) {
  const ae::ModelSpec colour = ae::find_preset("colorize").spec;
  EXPECT_EQ(names_and_shapes(ae::interop::state_dict_shapes(colour)),
            "encoder.1.weight[16, 1, 3, 3] encoder.1.bias[16] encoder.3.weight[32, 16, 3, 3] encoder.3.bias[32] "
            "encoder.6.weight[128, 2048] encoder.6.bias[128] decoder.0.weight[2048, 128] decoder.0.bias[2048] "
            "decoder.3.weight[32, 16, 3, 3] decoder.3.bias[16] decoder.5.weight[16, 2, 3, 3] decoder.5.bias[2] ");
  ae::Autoencoder m(colour, 4);
  const int last = m.num_layers() - 1;
  auto W = m.mutable_weights(last);  // 16 x (2 channels * 9): output channel 1 is columns 9..17
  W.rightCols(9).setZero();
  m.mutable_bias(last)[1] = 0.7f;
  const auto tensors = ae::interop::to_state_dict(colour, m.parameters());
  const NamedTensor& w = tensors[tensors.size() - 2];
  ASSERT_EQ(w.name, "decoder.5.weight");
  for (int i = 0; i < 16; ++i)
    for (int t = 0; t < 9; ++t) {
      EXPECT_EQ(w.data[size_t(i * 18 + 9 + t)], 0.0f) << "weight[" << i << "][1] is the zeroed channel";
      EXPECT_EQ(w.data[size_t(i * 18 + t)], W(i, t));
    }
  EXPECT_EQ(tensors.back().data[1], 0.7f);
  ae::Rng rng(3, 1);
  ae::Mat x(1024, 2);
  for (ae::Index k = 0; k < x.size(); ++k) x.data()[k] = rng.uniform();
  const ae::Mat y = m.reconstruct(x);
  ASSERT_EQ(y.rows(), 2048);
  const float constant = 1.0f / (1.0f + std::exp(-0.7f));
  EXPECT_LT((y.bottomRows(1024).array() - constant).abs().maxCoeff(), 1e-6) << "channel 1: the second plane";
  EXPECT_GT((y.topRows(1024).array() - constant).abs().maxCoeff(), 1e-3) << "channel 0 depends on the input";
}

TEST(ModuleLayout, WeightsAreTheEngineMatricesReadRowByRow) {
  ae::ModelSpec vae = dense({5, 4, 3});
  vae.family = ae::Family::Vae;
  ae::Autoencoder m(vae, 2);
  const auto tensors = ae::interop::to_state_dict(vae, m.parameters());
  const auto W0 = m.weights(0);  // 4 x 5, [out, in]
  EXPECT_EQ(tensors[0].data[1 * 5 + 3], W0(1, 3));
  const auto W1 = m.weights(1);  // 6 x 4: mu rows 0..2, logvar rows 3..5
  EXPECT_EQ(tensors[2].name, "mu.weight");
  EXPECT_EQ(tensors[2].data[2 * 4 + 1], W1(2, 1));
  EXPECT_EQ(tensors[4].name, "logvar.weight");
  EXPECT_EQ(tensors[4].data[0 * 4 + 3], W1(3, 3));
  EXPECT_EQ(tensors[5].data[2], m.bias(1)(5));
}

TEST(Interop, EveryFamilyRoundTripsThroughSafetensorsAndNpz) {
  for (const auto& [name, spec] : every_family()) {
    SCOPED_TRACE(name);
    const ae::ModelFile f = model_file(spec);
    for (auto format : {ae::ExportFormat::Safetensors, ae::ExportFormat::Npz}) {
      SCOPED_TRACE(ae::to_string(format));
      const Bytes bytes = ae::export_model(f, format);
      const ae::ModelFile g = ae::import_model_bytes(bytes.data(), bytes.size(), "x");
      EXPECT_EQ(g.params, f.params);
      EXPECT_EQ(g.spec.describe(), f.spec.describe());
      EXPECT_EQ(ae::to_string(g.trained_noise), "mask:0.25");
      EXPECT_EQ(g.notes, f.notes);
      EXPECT_EQ(ae::serialize_model(g), ae::serialize_model(f));
    }
    EXPECT_GT(ae::export_model(f, ae::ExportFormat::Onnx).size(), f.params.size() * 4);
    EXPECT_NE(ae::pytorch_module(spec).find("class Aeplay"), std::string::npos);
  }
}

TEST(Interop, SafetensorsHeaderIsPaddedAndCarriesTheArchitecture) {
  const Bytes b = ae::export_model(model_file(dense({16, 4})), ae::ExportFormat::Safetensors);
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= uint64_t(b[size_t(i)]) << (8 * i);
  EXPECT_EQ((8 + n) % 8, 0u);
  const std::string header(b.begin() + 8, b.begin() + 8 + long(n));
  EXPECT_NE(header.find("\"__metadata__\":{\"aeplay\":\"{\\\"beta\\\""), std::string::npos) << header;
  EXPECT_NE(header.find("\"encoder.0.weight\":{\"data_offsets\":[0,256],\"dtype\":\"F32\",\"shape\":[4,16]}"),
            std::string::npos) << header;
}

TEST(Interop, ASpecOverrideImportsAFileWithoutMetadata) {
  const ae::ModelFile f = model_file(dense({16, 4}));
  TensorFile t{ae::interop::to_state_dict(f.spec, f.params), {}};
  const Bytes b = ae::interop::write_safetensors(t);
  EXPECT_NE(error_message([&] { ae::import_model_bytes(b.data(), b.size(), "plain.safetensors"); })
                .find("plain.safetensors: no aeplay architecture in its metadata: give the architecture (aeplay import --layers"),
            std::string::npos);
  const ae::ModelFile g = ae::import_model_bytes(b.data(), b.size(), "plain.safetensors", dense({16, 4}));
  EXPECT_EQ(g.params, f.params);
  EXPECT_EQ(g.notes, "imported from plain.safetensors");
}

TEST(Interop, AShapeMismatchNamesTheFirstTensorThatDoesNotFit) {
  const ae::ModelFile f = model_file(dense({784, 256, 32}));
  const Bytes b = ae::export_model(f, ae::ExportFormat::Safetensors);
  EXPECT_EQ(error_message([&] { ae::import_model_bytes(b.data(), b.size(), "m.safetensors", dense({784, 256, 16})); }),
            "m.safetensors: tensor 'encoder.2.weight' has shape [32, 256], the architecture 784-256-16-256-784 "
            "relu/relu/sigmoid mse needs [16, 256]");
  ae::ModelSpec tied = dense({784, 256, 32});
  tied.tied = true;  // the untied file has decoder weights the tied module does not
  EXPECT_NE(error_message([&] { ae::import_model_bytes(b.data(), b.size(), "m", tied); })
                .find("unexpected tensor 'decoder.0.weight'"),
            std::string::npos);
  TensorFile t{ae::interop::to_state_dict(f.spec, f.params), {}};
  t.tensors.erase(t.tensors.begin() + 3);  // encoder.2.bias
  const Bytes missing = ae::interop::write_npz(t);
  EXPECT_NE(error_message([&] { ae::import_model_bytes(missing.data(), missing.size(), "m.npz", f.spec); })
                .find("m.npz: tensor 'encoder.2.bias' is missing"),
            std::string::npos);
  t = {ae::interop::to_state_dict(f.spec, f.params), {}};
  t.tensors[0].data[7] = std::nanf("");
  const Bytes nan = ae::interop::write_npz(t);
  EXPECT_NE(error_message([&] { ae::import_model_bytes(nan.data(), nan.size(), "m.npz", f.spec); })
                .find("tensor 'encoder.0.weight' contains NaN"),
            std::string::npos);
}

// A safetensors file from a header text and a data buffer.
Bytes safetensors(std::string header, const Bytes& data) {
  header.append((8 - header.size() % 8) % 8, ' ');
  Bytes b;
  for (int i = 0; i < 8; ++i) b.push_back(uint8_t(uint64_t(header.size()) >> (8 * i)));
  b.insert(b.end(), header.begin(), header.end());
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

std::string safetensors_error(const Bytes& b) {
  return error_message([&] { ae::interop::parse_safetensors(b.data(), b.size(), "bad.safetensors"); });
}

TEST(Safetensors, BadFilesGetAOneLineReason) {
  const Bytes good = ae::export_model(model_file(dense({16, 4})), ae::ExportFormat::Safetensors);
  EXPECT_EQ(safetensors_error(Bytes(good.begin(), good.begin() + 5)),
            "bad.safetensors: truncated (shorter than the 8-byte header length)");
  EXPECT_NE(safetensors_error(Bytes(good.begin(), good.begin() + 100)).find("runs past the end of the 100-byte file"),
            std::string::npos);
  EXPECT_NE(safetensors_error(Bytes(good.begin(), good.end() - 4)).find("outside the"), std::string::npos);
  Bytes huge = good;
  huge[5] = 1;  // header length 2^40
  EXPECT_NE(safetensors_error(huge).find("is over the limit"), std::string::npos);
  EXPECT_EQ(safetensors_error(safetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                          R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", Bytes(12, 0))),
            "bad.safetensors: tensors 'a' and 'b' overlap in the data");
  EXPECT_EQ(safetensors_error(safetensors(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", Bytes(8, 0))),
            "bad.safetensors: tensor 'a' has data_offsets [0, 16] outside the 8 bytes of data");
  EXPECT_EQ(safetensors_error(safetensors(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", Bytes(8, 0))),
            "bad.safetensors: bytes 0..4 of the data belong to no tensor");
  EXPECT_EQ(safetensors_error(safetensors(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", Bytes(8, 0))),
            "bad.safetensors: tensor 'a': 8 bytes of data for 3 F32 values (shape and data_offsets disagree)");
  EXPECT_EQ(safetensors_error(safetensors(R"({"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,1]}})", Bytes(1, 0))),
            "bad.safetensors: tensor 'a' has an unknown dtype 'Q7'");
  EXPECT_EQ(safetensors_error(safetensors(R"({"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", Bytes(8, 0))),
            "bad.safetensors: tensor 'a' has dtype I64; aeplay reads float tensors (F32, F64, F16, BF16)");
  EXPECT_EQ(safetensors_error(safetensors(R"({"a": [1, 2)", {})), "bad.safetensors: the header is not valid JSON");
  EXPECT_EQ(safetensors_error(safetensors(R"({"a":{"dtype":"F32","shape":[100000,100000],"data_offsets":[0,4]}})", Bytes(4, 0))),
            "bad.safetensors: tensor 'a' has more than 67108864 elements");
}

TEST(Safetensors, ReadsF64F16AndBF16AsFloat) {
  const Bytes half_and_bf16{0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F, 0x00, 0x00};  // F16 1, -2; BF16 1, 0
  const Bytes f64{0, 0, 0, 0, 0, 0, 0xF8, 0x3F};                              // 1.5
  Bytes data = half_and_bf16;
  data.insert(data.end(), f64.begin(), f64.end());
  const Bytes b = safetensors(R"({"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},)"
                              R"("b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]},)"
                              R"("d":{"dtype":"F64","shape":[],"data_offsets":[8,16]}})", data);
  const TensorFile t = ae::interop::parse_safetensors(b.data(), b.size(), "x");
  ASSERT_EQ(t.tensors.size(), 3u);
  EXPECT_EQ(t.tensors[0].data, (std::vector<float>{1.0f, -2.0f}));
  EXPECT_EQ(t.tensors[1].data, (std::vector<float>{1.0f, 0.0f}));
  EXPECT_EQ(t.tensors[2].data, (std::vector<float>{1.5f}));
  EXPECT_TRUE(t.tensors[2].shape.empty());
}

std::string npz_error(const Bytes& b) {
  return error_message([&] { ae::interop::parse_npz(b.data(), b.size(), "bad.npz"); });
}

// Offset of the first central-directory entry ("PK\1\2").
size_t central_entry(const Bytes& zip) {
  for (size_t i = 0; i + 4 <= zip.size(); ++i)
    if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) return i;
  ADD_FAILURE() << "no central directory entry";
  return 0;
}

void put_u32(Bytes& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + size_t(i)] = uint8_t(v >> (8 * i));
}

TEST(Npz, BadFilesGetAOneLineReason) {
  const Bytes good = ae::export_model(model_file(dense({16, 4})), ae::ExportFormat::Npz);
  EXPECT_EQ(npz_error(Bytes(good.begin(), good.begin() + 10)),
            "bad.npz: not a zip archive (too short for its end record; truncated?)");
  EXPECT_EQ(npz_error(Bytes(good.begin(), good.end() - 30)),
            "bad.npz: not a zip archive (no end-of-central-directory record; truncated?)");
  Bytes corrupt = good;
  corrupt[200] ^= 1;
  EXPECT_NE(npz_error(corrupt).find("CRC-32 mismatch"), std::string::npos);
  Bytes bomb = good;  // the first entry declares 1 GiB unpacked: refused before anything is allocated
  put_u32(bomb, central_entry(bomb) + 24, 1u << 30);
  EXPECT_EQ(npz_error(bomb), "bad.npz: entry 'encoder.0.weight.npy' would unpack to 1073741824 bytes, beyond the "
                             "archive limit of 300 MiB unpacked (a zip bomb?)");
  const std::vector<ae::interop::ZipEntry> texts{{"a.txt", Bytes(3, 'x')}};
  EXPECT_EQ(npz_error(ae::interop::write_zip(texts)), "bad.npz: entry 'a.txt' is not a .npy array");
  std::vector<ae::interop::ZipEntry> bad_npy{{"a.npy", ae::interop::write_npy({2, 2}, {1, 2, 3, 4})}};
  bad_npy[0].data.resize(bad_npy[0].data.size() - 4);
  EXPECT_EQ(npz_error(ae::interop::write_zip(bad_npy)),
            "bad.npz[a]: 12 bytes of data for 4 values of <f4 (truncated?)");
  const std::string obj = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), } ";  // as long as '<f4''s
  bad_npy[0].data = ae::interop::write_npy({1}, {0});
  std::copy(obj.begin(), obj.end(), bad_npy[0].data.begin() + 10);
  EXPECT_EQ(npz_error(ae::interop::write_zip(bad_npy)),
            "bad.npz[a]: dtype '|O' is not supported (float arrays: <f4, <f8, <f2)");
}

TEST(Npz, CompressedEntriesAndTheirBombs) {
  const std::vector<ae::interop::ZipEntry> entries{{"a.npy", ae::interop::write_npy({1000}, std::vector<float>(1000, 0.5f))}};
  ASSERT_TRUE(ae::interop::zip_can_inflate()) << "native builds read DEFLATE entries with zlib";
  const Bytes z = ae::interop::write_zip(entries, true);
  EXPECT_LT(z.size(), 500u);
  const TensorFile t = ae::interop::parse_npz(z.data(), z.size(), "z.npz");
  ASSERT_EQ(t.tensors.size(), 1u);
  EXPECT_EQ(t.tensors[0].data, std::vector<float>(1000, 0.5f));
  // A deflate bomb that understates its size: 4 MB of zeros declared as 1000 bytes. Inflating stops at the
  // declared size (1000 bytes allocated) and the entry is refused.
  const std::vector<ae::interop::ZipEntry> zeros{{"b.npy", Bytes(4u << 20, 0)}};
  Bytes bomb = ae::interop::write_zip(zeros, true);
  EXPECT_LT(bomb.size(), 8000u);
  put_u32(bomb, central_entry(bomb) + 24, 1000);
  EXPECT_EQ(npz_error(bomb), "bad.npz: entry 'b.npy': damaged compressed data, or more or less than its declared 1000 bytes");
  // And one that overstates it (found by fuzz_npz): a few KB claiming 100 MB, refused before allocating.
  put_u32(bomb, central_entry(bomb) + 24, 100u << 20);
  EXPECT_NE(npz_error(bomb).find("claims 104857600 bytes from"), std::string::npos) << npz_error(bomb);
}

TEST(Npy, FortranOrderFloat64AndTextAreRead) {
  // numpy.save(f, np.asfortranarray(np.arange(6.0).reshape(2, 3))): column by column in the file.
  std::string dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
  dict.append(128 - 10 - dict.size() - 1, ' ');
  dict += '\n';
  Bytes b{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, uint8_t(dict.size()), 0};
  b.insert(b.end(), dict.begin(), dict.end());
  for (double v : {0.0, 3.0, 1.0, 4.0, 2.0, 5.0}) {
    uint8_t raw[8];
    std::memcpy(raw, &v, 8);
    b.insert(b.end(), raw, raw + 8);
  }
  const ae::interop::NpyArray a = ae::interop::parse_npy(b.data(), b.size(), "x.npy");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a.data, (std::vector<float>{0, 1, 2, 3, 4, 5}));
  const Bytes text = ae::interop::write_npy_text("h\xc3\xa9llo \xe2\x82\xac");
  EXPECT_EQ(ae::interop::parse_npy(text.data(), text.size(), "t.npy").text, "h\xc3\xa9llo \xe2\x82\xac");
}

}  // namespace
