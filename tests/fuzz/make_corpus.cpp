// Writes the seed corpus for the fuzz targets (valid inputs plus truncations and small corruptions):
//   make_corpus OUT_DIR MNIST_DIR
//   OUT_DIR/idx    real MNIST headers with the first few test images and labels, truncations, bad magic ...
//   OUT_DIR/model  small real model files (dense, tied, bce, with noise and notes), truncations, a flipped byte
//   OUT_DIR/url    page query strings (every documented parameter, good and bad values)
//   OUT_DIR/args   `aeplay train` / `aeplay eval` argument lines (first byte: 0 train, 1 eval; NUL between)
//   OUT_DIR/safetensors, OUT_DIR/npz  exports of tiny models of every family (dense, tied, VAE, conv), a
//                  compressed npz, truncations, and the bad cases of docs/hardening-and-faults.md (offsets,
//                  dtype, zip bomb)
// Generated at build/test time from the project's own code and MNIST, so no binary seeds live in git.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "error.h"
#include "file_io.h"
#include "idx.h"
#include "interop.h"
#include "npy.h"
#include "zip.h"
#include "model.h"
#include "serialize.h"

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

int written = 0;

void put(const fs::path& dir, const std::string& name, const Bytes& b) {
  fs::create_directories(dir);
  ae::write_file_atomic((dir / name).string(), b);
  ++written;
}
void put(const fs::path& dir, const std::string& name, const std::string& s) { put(dir, name, Bytes(s.begin(), s.end())); }

// Prefixes at interesting lengths: inside the magic, the header, the payload, and one byte short.
void truncations(const fs::path& dir, const std::string& stem, const Bytes& b, std::vector<size_t> cuts) {
  cuts.push_back(b.size() / 2);
  cuts.push_back(b.size() - 1);
  for (size_t n : cuts)
    if (n < b.size()) put(dir, stem + "-trunc" + std::to_string(n), Bytes(b.begin(), b.begin() + static_cast<long>(n)));
}

Bytes be32(uint32_t v) { return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)}; }

Bytes idx_file(const Bytes& header_magic, const std::vector<uint32_t>& dims, const Bytes& payload) {
  Bytes b = header_magic;
  for (uint32_t d : dims) {
    Bytes x = be32(d);
    b.insert(b.end(), x.begin(), x.end());
  }
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

void idx_corpus(const fs::path& out, const std::string& mnist) {
  const Bytes images = ae::read_file(mnist + "/t10k-images-idx3-ubyte", ae::kMaxIdxBytes);
  const Bytes labels = ae::read_file(mnist + "/t10k-labels-idx1-ubyte", ae::kMaxIdxBytes);
  if (images.size() < 16 + 3 * 784 || labels.size() < 8 + 3) throw ae::Error("MNIST test files too short");
  const Bytes magic3(images.begin(), images.begin() + 4), magic1(labels.begin(), labels.begin() + 4);
  for (uint32_t n : {1u, 2u, 3u}) {  // real MNIST header layout and real digits, n images
    Bytes payload(images.begin() + 16, images.begin() + 16 + n * 784);
    put(out, "images-" + std::to_string(n), idx_file(magic3, {n, 28, 28}, payload));
  }
  const Bytes three = idx_file(magic3, {3, 28, 28}, Bytes(images.begin() + 16, images.begin() + 16 + 3 * 784));
  truncations(out, "images-3", three, {0, 2, 3, 4, 7, 8, 15, 16, 17, 800});
  put(out, "labels-3", idx_file(magic1, {3}, Bytes(labels.begin() + 8, labels.begin() + 11)));
  truncations(out, "labels-3", idx_file(magic1, {3}, Bytes(labels.begin() + 8, labels.begin() + 11)), {4, 8});
  // Foreign and absurd variants.
  Bytes b = three;
  b[2] = 0x0D;  // float element type
  put(out, "images-floattype", b);
  b = three;
  b[3] = 9;  // 9 dimensions
  put(out, "images-9dims", b);
  b = three;
  b.push_back(0);
  put(out, "images-extra-byte", b);
  put(out, "images-huge-header", idx_file(magic3, {60000, 28, 28}, Bytes(images.begin() + 16, images.begin() + 16 + 784)));
  put(out, "images-4g", idx_file(magic3, {0xFFFFFFFFu, 0xFFFFFFFFu, 28}, {}));
  put(out, "images-zero", idx_file(magic3, {0, 28, 28}, {}));
  put(out, "images-1x1", idx_file(magic3, {4, 1, 1}, {0, 64, 128, 255}));
  put(out, "idx-4dims", idx_file({0, 0, 8, 4}, {1, 2, 2, 2}, Bytes(8, 7)));
  put(out, "not-idx", std::string("PK\x03\x04 this is a zip file, not IDX"));
}

void model_corpus(const fs::path& out) {
  struct Case {
    const char* name;
    std::vector<int> sizes;
    ae::Activation hidden, latent, output;
    ae::Loss loss;
    bool tied;
    ae::NoiseSpec noise;
    const char* notes;
  };
  const std::vector<Case> cases{
      {"dense-16-8", {16, 8}, ae::Activation::Tanh, ae::Activation::Tanh, ae::Activation::Sigmoid, ae::Loss::MSE,
       false, {}, ""},
      {"tied-bce-64-16-4", {64, 16, 4}, ae::Activation::ReLU, ae::Activation::Identity, ae::Activation::Sigmoid,
       ae::Loss::BCE, true, {ae::NoiseKind::Mask, 0.3f, true}, "aeplay train --tied --loss bce --noise mask:0.3"},
      {"mnist-784-4", {784, 4}, ae::Activation::ReLU, ae::Activation::ReLU, ae::Activation::Sigmoid, ae::Loss::L1,
       false, {ae::NoiseKind::Gaussian, 0.5f, false}, "aeplay train --layers 784,4 --noise gaussian:0.5:noclip"},
      {"deep-8-6-4-2", {8, 6, 4, 2}, ae::Activation::LeakyReLU, ae::Activation::Sigmoid, ae::Activation::Identity,
       ae::Loss::MSE, false, {ae::NoiseKind::SaltPepper, 0.2f, true}, "notes: \xc3\xa9t\xc3\xa9"},
  };
  Bytes small;
  for (const auto& c : cases) {
    ae::ModelSpec spec;
    spec.sizes = c.sizes;
    spec.hidden = c.hidden;
    spec.latent = c.latent;
    spec.output = c.output;
    spec.loss = c.loss;
    spec.tied = c.tied;
    ae::Autoencoder model(spec, 7);
    const Bytes b = ae::serialize_model(ae::make_model_file(model, c.noise, c.notes));
    put(out, c.name, b);
    if (small.empty()) small = b;
    ae::ModelFile half = ae::make_model_file(model, c.noise, c.notes);  // the shipped models' encoding
    half.weights = ae::WeightEncoding::Float16;
    put(out, std::string(c.name) + "-f16", ae::serialize_model(half));
  }
  ae::ModelSpec colour;  // a colorizer's shape: 1 plane in, 2 out (model files version 6)
  colour.family = ae::Family::Conv, colour.image_side = 6, colour.sizes = {36, 3}, colour.conv = {{2, 3, 2, 1}};
  colour.out_channels = 2;
  put(out, "conv-colour", ae::serialize_model(ae::make_model_file(ae::Autoencoder(colour, 7), {}, "colorize")));
  truncations(out, "dense-16-8", small, {0, 3, 4, 8, 12, 16, 20, 40});
  Bytes b = small;
  b[b.size() / 2] ^= 0x40;  // a flipped bit in the parameters: checksum mismatch
  put(out, "dense-16-8-flipped", b);
  put(out, "not-a-model", std::string("AEPX\x01\0\0\0 nothing to see", 20));
}

void url_corpus(const fs::path& out) {
  const std::vector<std::string> queries{
      "", "?", "?model=dae-gaussian&noise=gaussian&level=0.5&seed=7&digit=42&embed=1",
      "?embed=1&model=dae-mask&noise=mask&level=0.5&digit=42", "?model=ae-plain&noise=none",
      "?model=trained&noise=saltpepper&level=0.2&hidetrain=1", "?noise=dropout&level=0.3&seed=18446744073709551615",
      "?noise=gaussian&level=0.5:noclip", "?model=nope&noise=fog&level=-1&seed=-3&digit=10000&embed=maybe&x=1",
      "?level=1e309&digit=9999&hide_training=0", "?noise=mask&level=0.99999994", "?model=%64ae-mask&noise=mask%3A0.1",
      "?a=%zz&b=%4&&&==&noise=%00", "?seed=00000000000000000000001&digit=+12", "?noise=none&level=0.5"};
  for (size_t i = 0; i < queries.size(); ++i) put(out, "query-" + std::to_string(i), queries[i]);
}

void args_corpus(const fs::path& out) {
  auto line = [](bool eval, const std::vector<std::string>& a) {
    std::string s(1, eval ? '\1' : '\0');
    for (size_t i = 0; i < a.size(); ++i) s += (i ? std::string(1, '\0') : std::string()) + a[i];
    return s;
  };
  const std::vector<std::string> lines{
      line(false, {"--layers", "784,256,32", "--activation", "relu", "--loss", "mse", "--optimizer", "adam", "--lr",
                   "1e-3", "--batch", "64", "--epochs", "10", "--noise", "gaussian:0.5", "--seed", "1", "--out",
                   "dae.aep"}),
      line(false, {"--layers=784,32", "--tied", "--loss=bce", "--output=sigmoid", "--optimizer=sgd", "--momentum",
                   "0.9", "--nesterov", "--weight-decay", "1e-4", "--clip", "5", "--json", "--quiet"}),
      line(false, {"--noise", "mask:0.3", "--train-size", "1000", "--test-size", "100", "--latent-activation",
                   "identity", "--data", "/nowhere"}),
      line(false, {"--layers", "784,-1,99999999999", "--lr", "nan", "--batch", "0", "--epochs=", "-x", "stray"}),
      line(false, {"--help"}),
      line(false, {"--tied=1", "--lr"}),
      line(true, {"model.aep", "--noises", "none,gaussian:0.3,mask:0.5,saltpepper:0.1,dropout:0.3", "--png", "g.png",
                  "--digits", "0,1,2", "--seed", "12345", "--json"}),
      line(true, {"m.aep", "--digits", "2,-1,,3", "--png-noise", "gaussian:1e40", "--test-size", "9e99"})};
  for (size_t i = 0; i < lines.size(); ++i) put(out, "argv-" + std::to_string(i), lines[i]);
}

}  // namespace

// Tiny models of every family (small enough for the fuzzers' 8 KB input cap).
std::vector<std::pair<std::string, ae::ModelFile>> tiny_models() {
  std::vector<std::pair<std::string, ae::ModelFile>> out;
  auto add = [&](const std::string& name, ae::ModelSpec s, const char* notes) {
    ae::Autoencoder m(s, 3);
    out.push_back({name, ae::make_model_file(m, {ae::NoiseKind::Gaussian, 0.25f, true}, notes)});
  };
  ae::ModelSpec dense;
  dense.sizes = {16, 8, 4};
  add("dense", dense, "aeplay train --layers 16,8,4");
  ae::ModelSpec tied = dense;
  tied.tied = true, tied.hidden = ae::Activation::Tanh, tied.latent = ae::Activation::Sigmoid;
  add("tied", tied, "");
  ae::ModelSpec vae = dense;
  vae.family = ae::Family::Vae, vae.loss = ae::Loss::BCE;
  add("vae", vae, "notes: \xc3\xa9t\xc3\xa9");
  ae::ModelSpec conv;
  conv.family = ae::Family::Conv, conv.image_side = 6, conv.sizes = {36, 3}, conv.conv = {{2, 3, 2, 1}};
  conv.latent = ae::Activation::Identity;
  add("conv", conv, "");
  ae::ModelSpec colour = conv;  // a colorizer's shape: 1 plane in, 2 out (model files version 6)
  colour.out_channels = 2;
  add("conv-colour", colour, "");
  return out;
}

void safetensors_corpus(const fs::path& out) {
  const auto models = tiny_models();
  for (const auto& [name, file] : models) put(out, name, ae::export_model(file, ae::ExportFormat::Safetensors));
  const Bytes dense = ae::export_model(models[0].second, ae::ExportFormat::Safetensors);
  truncations(out, "dense", dense, {0, 4, 7, 8, 9, 40, 200});
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= uint64_t(dense[size_t(i)]) << (8 * i);
  const std::string header(dense.begin() + 8, dense.begin() + 8 + long(n));
  auto with_header = [&](std::string h, const Bytes& payload) {
    h.append((8 - h.size() % 8) % 8, ' ');
    Bytes b;
    for (int i = 0; i < 8; ++i) b.push_back(uint8_t(uint64_t(h.size()) >> (8 * i)));
    b.insert(b.end(), h.begin(), h.end());
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
  };
  const Bytes payload(dense.begin() + 8 + long(n), dense.end());
  Bytes b = dense;
  b[0] = 0xFF, b[1] = 0xFF;  // header length past the end
  put(out, "header-past-end", b);
  const Bytes f64(8 * 3, 0);
  put(out, "f64", with_header(R"({"a":{"dtype":"F64","shape":[3],"data_offsets":[0,24]}})", f64));
  put(out, "f16-bf16", with_header(R"({"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},)"
                                   R"("b":{"dtype":"BF16","shape":[1,2],"data_offsets":[4,8]}})", Bytes{0, 60, 0, 188, 128, 63, 0, 64}));
  put(out, "overlap", with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                  R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", Bytes(12, 0)));
  put(out, "hole", with_header(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", Bytes(8, 0)));
  put(out, "out-of-range", with_header(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", Bytes(8, 0)));
  put(out, "dtype-i64", with_header(R"({"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", Bytes(8, 0)));
  put(out, "dtype-unknown", with_header(R"({"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,1]}})", Bytes(1, 0)));
  put(out, "metadata-only", with_header(R"({"__metadata__":{"aeplay":"{\"format\":\"aeplay\"}"}})", {}));
  put(out, "empty-object", with_header("{}", {}));
  std::string renamed = header;
  renamed.replace(renamed.find("encoder.0.weight"), 16, "encoder.9.weight");
  put(out, "renamed-tensor", with_header(renamed, payload));
}

void npz_corpus(const fs::path& out) {
  const auto models = tiny_models();
  for (const auto& [name, file] : models) put(out, name, ae::export_model(file, ae::ExportFormat::Npz));
  const Bytes dense = ae::export_model(models[0].second, ae::ExportFormat::Npz);
  truncations(out, "dense", dense, {0, 4, 22, 30, 100, dense.size() - 22});
  std::vector<ae::interop::ZipEntry> entries{
      {"a.npy", ae::interop::write_npy({2, 3}, {1, 2, 3, 4, 5, 6})},
      {"__metadata__.npy", ae::interop::write_npy_text("{\"format\": \"aeplay\"}")}};
  put(out, "stored", ae::interop::write_zip(entries));
  if (ae::interop::zip_can_inflate()) put(out, "deflated", ae::interop::write_zip(entries, true));
  // Hand-written .npy headers numpy also writes: Fortran order, float64, big-endian, version 2.
  auto npy = [](const std::string& dict, const Bytes& payload, int major = 1) {
    std::string d = dict;
    d.append((64 - (10 + d.size() + 1) % 64) % 64, ' ');
    d += '\n';
    Bytes b{0x93, 'N', 'U', 'M', 'P', 'Y', uint8_t(major), 0};
    b.push_back(uint8_t(d.size())), b.push_back(uint8_t(d.size() >> 8));
    if (major > 1) b.push_back(0), b.push_back(0);
    b.insert(b.end(), d.begin(), d.end());
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
  };
  const Bytes six_f64(48, 0x3F);
  put(out, "fortran-f8", ae::interop::write_zip({{"w.npy", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", six_f64)}}));
  put(out, "big-endian-v2", ae::interop::write_zip({{"w.npy", npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", Bytes(8, 0x40), 2)}}));
  put(out, "object-dtype", ae::interop::write_zip({{"w.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", Bytes(8, 0))}}));
  Bytes bomb = ae::interop::write_zip(entries);
  bomb[22] = 0xFF, bomb[23] = 0xFF, bomb[24] = 0xFF, bomb[25] = 0x7F;  // local header: unpacked size 2 GiB
  put(out, "declared-2g-local", bomb);
  bomb = ae::interop::write_zip(entries);
  for (size_t i = 0; i + 4 <= bomb.size(); ++i)
    if (bomb[i] == 'P' && bomb[i + 1] == 'K' && bomb[i + 2] == 1 && bomb[i + 3] == 2) {  // central directory entry
      bomb[i + 24] = 0, bomb[i + 25] = 0, bomb[i + 26] = 0, bomb[i + 27] = 0x40;  // unpacked size 1 GiB
      break;
    }
  put(out, "declared-1g-central", bomb);
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_corpus OUT_DIR MNIST_DIR\n");
    return 2;
  }
  try {
    const fs::path out = argv[1];
    idx_corpus(out / "idx", argv[2]);
    model_corpus(out / "model");
    url_corpus(out / "url");
    args_corpus(out / "args");
    safetensors_corpus(out / "safetensors");
    npz_corpus(out / "npz");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_corpus: %s\n", e.what());
    return 1;
  }
  std::printf("make_corpus: %d seed inputs in %s\n", written, argv[1]);
  return 0;
}
