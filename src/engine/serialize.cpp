#include "serialize.h"

#include <array>
#include <cmath>
#include <cstring>

#include "error.h"
#include "file_io.h"
#include "float16.h"

namespace ae {

namespace {
// CRC-32 (IEEE 802.3, reflected, as zlib) of each byte value: the table both versions below start from.
using CrcTable = std::array<uint32_t, 256>;
CrcTable byte_crcs() {
  CrcTable t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}
}  // namespace

const char* to_string(WeightEncoding encoding) { return encoding == WeightEncoding::Float16 ? "f16" : "f32"; }

bool parse_weight_encoding(const std::string& name, WeightEncoding& out) {
  if (name == "f32" || name == "float32") out = WeightEncoding::Float32;
  else if (name == "f16" || name == "float16")
    out = WeightEncoding::Float16;
  else
    return false;
  return true;
}

uint32_t crc32_reference(const uint8_t* data, size_t size) {  // a byte a step
  static const CrcTable table = byte_crcs();
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) c = table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

// The same CRC eight bytes a step ("slicing-by-8": table k carries a byte's CRC over k more zero bytes, so
// the eight lookups are independent). The page saves its trained model at every epoch end; a byte a step, the
// checksum of a 1.7 MB model held the page's thread for ~8 ms of that save. Tested against the reference.
uint32_t crc32(const uint8_t* data, size_t size) {
  static const auto tables = [] {
    std::array<CrcTable, 8> t{};
    t[0] = byte_crcs();
    for (int k = 1; k < 8; ++k)
      for (uint32_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    const uint32_t low = c ^ (uint32_t(data[i]) | uint32_t(data[i + 1]) << 8 | uint32_t(data[i + 2]) << 16 |
                              uint32_t(data[i + 3]) << 24);
    c = tables[7][low & 0xFF] ^ tables[6][(low >> 8) & 0xFF] ^ tables[5][(low >> 16) & 0xFF] ^ tables[4][low >> 24] ^
        tables[3][data[i + 4]] ^ tables[2][data[i + 5]] ^ tables[1][data[i + 6]] ^ tables[0][data[i + 7]];
  }
  for (; i < size; ++i) c = tables[0][(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

namespace {

class Writer {
 public:
  void u8(uint8_t v) { bytes.push_back(v); }
  void u32(uint32_t v) { for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i))); }
  void u64(uint64_t v) { for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i))); }
  void f32(float f) { uint32_t v; std::memcpy(&v, &f, 4); u32(v); }
  void raw(const void* p, size_t n) { auto* b = static_cast<const uint8_t*>(p); bytes.insert(bytes.end(), b, b + n); }
  // Little-endian floats: one copy where the host's own order is little-endian (x86, ARM, wasm), else one
  // float at a time. The page writes its trained model at every epoch end; 4 push_backs a float took ~10 ms.
  void f32s(const std::vector<float>& v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    raw(v.data(), v.size() * sizeof(float));
#else
    for (float f : v) f32(f);
#endif
  }
  // float16, little-endian. A weight beyond float16's range is refused, never written as an infinity.
  void f16s(const std::vector<float>& v) {
    for (size_t i = 0; i < v.size(); ++i) {
      const uint16_t h = float_to_half(v[i]);
      if (!std::isfinite(v[i]) || !half_is_finite(h))
        throw Error("parameter " + std::to_string(i) + " (" + std::to_string(v[i]) + ") is beyond float16's range (+-" +
                    std::to_string(static_cast<int>(kHalfMax)) + "): keep this model in float32");
      u8(static_cast<uint8_t>(h));
      u8(static_cast<uint8_t>(h >> 8));
    }
  }
  std::vector<uint8_t> bytes;
};

// Bounds-checked little-endian reader: every read past the end is a "truncated" error.
class Reader {
 public:
  Reader(const uint8_t* p, size_t n, const std::string& name) : p_(p), n_(n), name_(name) {}
  void need(uint64_t k, const char* what) {
    if (k > n_ - pos_) fail(std::string("truncated (ends inside ") + what + ")");
  }
  uint8_t u8(const char* what) { need(1, what); return p_[pos_++]; }
  uint32_t u32(const char* what) {
    need(4, what);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(p_[pos_ + i]) << (8 * i);
    pos_ += 4;
    return v;
  }
  uint64_t u64(const char* what) { uint64_t lo = u32(what); return lo | (uint64_t(u32(what)) << 32); }
  float f32(const char* what) { uint32_t v = u32(what); float f; std::memcpy(&f, &v, 4); return f; }
  const uint8_t* take(size_t k, const char* what) { need(k, what); pos_ += k; return p_ + pos_ - k; }
  size_t remaining() const { return n_ - pos_; }
  [[noreturn]] void fail(const std::string& why) const { throw Error(name_ + ": " + why); }

 private:
  const uint8_t* p_;
  size_t n_, pos_ = 0;
  const std::string& name_;
};

}  // namespace

std::vector<uint8_t> serialize_model(const ModelFile& f) {
  validate(f.spec);
  if (f.params.size() != parameter_count(f.spec)) throw Error("parameter count does not match the architecture");
  if (f.notes.size() > kMaxNotesBytes) throw Error("model notes too long");
  if (f.dataset.size() > kMaxDatasetNameBytes) throw Error("data set name too long");
  Writer w;
  const bool half = f.weights == WeightEncoding::Float16;
  if (!half && f.weights != WeightEncoding::Float32) throw Error("unknown weight encoding");
  w.bytes.reserve(256 + f.notes.size() + f.dataset.size() + (half ? 2 : 4) * f.params.size());
  w.raw("AEPM", 4);
  w.u32(kModelFileVersion);
  w.u32(static_cast<uint32_t>(f.spec.family));
  w.u32(static_cast<uint32_t>(f.spec.sizes.size()));
  for (int s : f.spec.sizes) w.u32(static_cast<uint32_t>(s));
  w.u8(static_cast<uint8_t>(f.spec.hidden));
  w.u8(static_cast<uint8_t>(f.spec.latent));
  w.u8(static_cast<uint8_t>(f.spec.output));
  w.u8(static_cast<uint8_t>(f.spec.loss));
  w.u8(f.spec.tied ? 1 : 0);
  w.u8(static_cast<uint8_t>(static_cast<uint8_t>(f.trained_noise.kind) | (f.trained_noise.clip ? 0 : 0x80) |
                            (f.trained_noise.upsample == Upsample::Nearest ? 0x40 : 0)));
  w.u8(static_cast<uint8_t>(f.spec.penalty));
  w.u8(static_cast<uint8_t>(f.spec.likelihood));  // the reserved byte until likelihoods: 0 = continuous
  w.f32(f.trained_noise.level);
  // Version 2: the families' hyperparameters and the conv stack.
  w.f32(f.spec.penalty_weight);
  w.f32(f.spec.sparsity_target);
  w.f32(f.spec.beta);
  w.u32(static_cast<uint32_t>(f.spec.image_side));
  w.u32(static_cast<uint32_t>(f.spec.conv.size()));
  for (const auto& c : f.spec.conv)
    for (int v : {c.channels, c.kernel, c.stride, c.pad}) w.u32(static_cast<uint32_t>(v));
  w.u32(static_cast<uint32_t>(f.notes.size()));
  w.raw(f.notes.data(), f.notes.size());
  w.u32(static_cast<uint32_t>(f.dataset.size()));  // version 3
  w.raw(f.dataset.data(), f.dataset.size());
  w.u8(static_cast<uint8_t>(f.weights));  // version 4
  w.f32(f.spec.code_noise);                // version 5
  w.u8(static_cast<uint8_t>(f.spec.in_channels));   // version 6
  w.u8(static_cast<uint8_t>(f.spec.out_channels));
  w.u64(f.params.size());
  if (half) w.f16s(f.params);
  else
    w.f32s(f.params);
  w.u32(crc32(w.bytes.data(), w.bytes.size()));
  return std::move(w.bytes);
}

namespace {

// The magic number, the version (returned), the size limits and the checksum.
uint32_t read_header(Reader& r, const uint8_t* bytes, size_t size) {
  if (size < 4 || std::memcmp(bytes, "AEPM", 4) != 0)
    r.fail("not an aeplay model file (wrong magic number; expected \"AEPM\")");
  if (size > kMaxModelFileBytes) r.fail("file larger than the " + std::to_string(kMaxModelFileBytes >> 20) + " MiB limit");
  r.take(4, "magic");
  const uint32_t version = r.u32("version");
  if (version < 1 || version > kModelFileVersion)
    r.fail("model file version " + std::to_string(version) + " is not supported (this build reads version " +
           std::to_string(kModelFileVersion) + ")");
  if (size < 16) r.fail("truncated (too short for a header and a checksum)");
  const uint32_t stored_crc = [&] {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(bytes[size - 4 + i]) << (8 * i);
    return v;
  }();
  if (crc32(bytes, size - 4) != stored_crc)
    r.fail("checksum mismatch: the file is corrupted or truncated");
  return version;
}

// The version 1 architecture fields and the training noise, into f.
void read_architecture(Reader& r, uint32_t version, ModelFile& f) {
  const uint32_t family = r.u32("family");
  if (family >= static_cast<uint32_t>(kFamilyCount) || (version == 1 && family != 0))
    r.fail("model family " + std::to_string(family) + " is not supported by this build");
  f.spec.family = static_cast<Family>(family);
  const uint32_t n_sizes = r.u32("layer count");
  f.spec.sizes.clear();
  if (n_sizes < 2 || n_sizes > kMaxEncoderLayers + 1)
    r.fail("absurd layer count " + std::to_string(n_sizes));
  for (uint32_t i = 0; i < n_sizes; ++i) {
    uint32_t s = r.u32("layer sizes");
    if (s < 1 || s > static_cast<uint32_t>(kMaxLayerSize)) r.fail("absurd layer size " + std::to_string(s));
    f.spec.sizes.push_back(static_cast<int>(s));
  }
  f.spec.hidden = static_cast<Activation>(r.u8("activations"));
  f.spec.latent = static_cast<Activation>(r.u8("activations"));
  f.spec.output = static_cast<Activation>(r.u8("activations"));
  f.spec.loss = static_cast<Loss>(r.u8("loss"));
  const uint8_t tied = r.u8("tied flag");
  if (tied > 1) r.fail("bad tied-weights flag");
  f.spec.tied = tied == 1;
  const uint8_t noise = r.u8("noise");
  f.trained_noise.kind = static_cast<NoiseKind>(noise & 0x3F);
  f.trained_noise.clip = (noise & 0x80) == 0;
  f.trained_noise.upsample = (noise & 0x40) ? Upsample::Nearest : Upsample::Bilinear;
  const uint8_t penalty = r.u8("penalty");
  if (version == 1 && penalty != 0) r.fail("bad reserved byte");
  f.spec.penalty = static_cast<Penalty>(penalty);
  // The VAE's likelihood (0 continuous, 1 bernoulli): a reserved byte every earlier writer set to 0.
  const uint8_t likelihood = r.u8("likelihood");
  if (likelihood > static_cast<uint8_t>(Likelihood::Bernoulli))
    r.fail("unknown likelihood " + std::to_string(likelihood) + " (this build reads 0, continuous, and 1, bernoulli)");
  f.spec.likelihood = static_cast<Likelihood>(likelihood);
  f.trained_noise.level = r.f32("noise level");
}

// Version 2 on: the families' hyperparameters and the conv stack, into f.
void read_family_fields(Reader& r, uint32_t version, ModelFile& f) {
  if (version >= 2) {
    f.spec.penalty_weight = r.f32("penalty weight");
    f.spec.sparsity_target = r.f32("sparsity target");
    f.spec.beta = r.f32("beta");
    const uint32_t side = r.u32("image side");
    if (side > 1024) r.fail("absurd image side " + std::to_string(side));
    f.spec.image_side = static_cast<int>(side);
    const uint32_t n_conv = r.u32("conv layer count");
    if (n_conv > 8) r.fail("absurd conv layer count " + std::to_string(n_conv));
    for (uint32_t i = 0; i < n_conv; ++i) {
      uint32_t v[4];
      for (auto& x : v) {
        x = r.u32("conv layers");
        if (x > 4096) r.fail("absurd conv layer parameter " + std::to_string(x));
      }
      f.spec.conv.push_back({int(v[0]), int(v[1]), int(v[2]), int(v[3])});
    }
  }
}

// Version 4 on: the weight encoding byte; then the parameter count and the parameters, widened to float.
void read_params(Reader& r, uint32_t version, ModelFile& f) {
  f.weights = WeightEncoding::Float32;
  if (version >= 4) {
    const uint8_t encoding = r.u8("weight encoding");
    if (encoding > static_cast<uint8_t>(WeightEncoding::Float16))
      r.fail("unknown weight encoding " + std::to_string(encoding) + " (this build reads 0, float32, and 1, float16)");
    f.weights = static_cast<WeightEncoding>(encoding);
  }
  if (version >= 5) {  // after validate(spec): checked here
    f.spec.code_noise = r.f32("code noise");
    if (version >= 6) {  // validate() below refuses counts the family does not take
      f.spec.in_channels = r.u8("input channels");
      f.spec.out_channels = r.u8("output channels");
    }
    try {
      validate(f.spec);
    } catch (const Error& e) {
      r.fail(e.what());
    }
  }
  const uint64_t width = f.weights == WeightEncoding::Float16 ? 2 : 4;
  const uint64_t n_params = r.u64("parameter count");
  if (n_params != parameter_count(f.spec))
    r.fail("declares " + std::to_string(n_params) + " parameters but the architecture " + f.spec.describe() + " has " +
           std::to_string(parameter_count(f.spec)));
  if (r.remaining() != n_params * width + 4)
    r.fail("size mismatch: " + std::to_string(r.remaining()) + " bytes of parameters and checksum, expected " +
           std::to_string(n_params * width + 4));
  f.params.resize(static_cast<size_t>(n_params));
  if (width == 2) {
    const uint8_t* p = r.take(static_cast<size_t>(n_params) * 2, "parameters");
    for (size_t i = 0; i < f.params.size(); ++i) {
      const uint16_t h = static_cast<uint16_t>(p[2 * i] | (p[2 * i + 1] << 8));
      if (!half_is_finite(h)) r.fail("parameters contain NaN or infinity");
      f.params[i] = half_to_float(h);
    }
    return;
  }
  for (float& v : f.params) {
    v = r.f32("parameters");
    if (!std::isfinite(v)) r.fail("parameters contain NaN or infinity");
  }
}

}  // namespace

ModelFile parse_model(const uint8_t* bytes, size_t size, const std::string& name) {
  Reader r(bytes, size, name);
  const uint32_t version = read_header(r, bytes, size);
  ModelFile f;
  read_architecture(r, version, f);
  read_family_fields(r, version, f);
  try {
    validate(f.spec);
    validate(f.trained_noise);
  } catch (const Error& e) {
    r.fail(e.what());
  }
  const uint32_t notes_len = r.u32("notes length");
  if (notes_len > kMaxNotesBytes) r.fail("notes longer than the limit");
  const uint8_t* notes = r.take(notes_len, "notes");
  f.notes.assign(reinterpret_cast<const char*>(notes), notes_len);
  if (version >= 3) {
    const uint32_t dataset_len = r.u32("data set name length");
    if (dataset_len > kMaxDatasetNameBytes) r.fail("data set name longer than the limit");
    const uint8_t* dataset = r.take(dataset_len, "data set name");
    f.dataset.assign(reinterpret_cast<const char*>(dataset), dataset_len);
  }
  read_params(r, version, f);
  return f;
}

ModelFile make_model_file(const Autoencoder& model, const NoiseSpec& trained_noise, const std::string& notes,
                          const std::string& dataset) {
  ModelFile f;
  f.dataset = dataset.substr(0, kMaxDatasetNameBytes);
  f.spec = model.spec();
  f.trained_noise = trained_noise;
  f.notes = notes.substr(0, kMaxNotesBytes);
  f.params = model.parameters();
  return f;
}

std::unique_ptr<Autoencoder> instantiate(const ModelFile& file) {
  auto model = std::make_unique<Autoencoder>(file.spec, 0);
  if (file.params.size() != model->parameters().size()) throw Error("parameter count does not match the architecture");
  model->parameters() = file.params;
  return model;
}

void save_model(const std::string& path, const ModelFile& file) { write_file_atomic(path, serialize_model(file)); }

ModelFile load_model(const std::string& path) {
  std::vector<uint8_t> bytes = read_file(path, kMaxModelFileBytes);
  return parse_model(bytes.data(), bytes.size(), path);
}

}  // namespace ae
