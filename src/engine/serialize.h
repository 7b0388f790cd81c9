// Model files (.aep): versioned, little-endian, checksummed.
//
//   "AEPM"  u32 version(=6; 1 to 5 are still read)  u32 family (0 autoencoder, 1 vae, 2 conv)
//   u32 n_sizes, u32 sizes[n_sizes]
//   u8 hidden, latent, output activation, u8 loss, u8 tied, u8 noise kind, u8 penalty,
//   u8 likelihood (0 continuous, 1 bernoulli; reserved and 0 in every earlier writer's files),
//   f32 noise level   (the noise byte: kind | 0x80 for noclip | 0x40 for down's nearest upsampling)
//   (version 2) f32 penalty weight, f32 sparsity target, f32 vae beta, u32 image side,
//               u32 n_conv, n_conv x (u32 channels, kernel, stride, pad)
//   u32 notes_len, notes (UTF-8: how the model was made)
//   (version 3) u32 dataset_len, dataset (UTF-8: "mnist", "fashion", or the name of the user's set)
//   (version 4) u8 weight encoding: 0 float32, 1 float16 (IEEE binary16, float16.h); before version 4, float32
//   (version 5) f32 code noise (ModelSpec::code_noise: semantic hashing; before version 5, 0)
//   (version 6) u8 input channels, u8 output channels (conv colour models, e.g. 1 and 2; before version 6, 1 and 1)
//   u64 n_params, params[n_params] in that encoding, little-endian   (layout of Autoencoder::parameters())
//   u32 CRC-32 of every byte before it
//
// Reading validates sizes, limits and checksum before allocating anything large. float16 halves the file (the
// shipped models are stored so: scripts/make-assets.sh, `aeplay convert`); reading widens it back to float.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "model.h"
#include "noise.h"

namespace ae {

constexpr uint32_t kModelFileVersion = 6;
constexpr uint64_t kMaxModelFileBytes = 300ull << 20;
constexpr uint32_t kMaxNotesBytes = 64u << 10;
constexpr uint32_t kMaxDatasetNameBytes = 256;

// How a file stores its parameters (the version 4 byte); the values are the byte's.
enum class WeightEncoding : uint8_t { Float32 = 0, Float16 = 1 };
const char* to_string(WeightEncoding encoding);                            // "f32", "f16"
bool parse_weight_encoding(const std::string& name, WeightEncoding& out);  // "f32"/"float32", "f16"/"float16"

struct ModelFile {
  ModelSpec spec;
  NoiseSpec trained_noise;  // the corruption it was trained with (none for a plain AE)
  std::string notes;        // free text, e.g. the command that trained it
  std::string dataset = "mnist";  // what it was trained on (files before version 3: MNIST, the only one then)
  std::vector<float> params;
  // How serialize_model writes params (and how parse_model found them). Float16 refuses weights beyond
  // +-65504 (kHalfMax) rather than turning them into infinities; every float16 reads back exactly.
  WeightEncoding weights = WeightEncoding::Float32;
};

std::vector<uint8_t> serialize_model(const ModelFile& file);
// `name` names the source in error messages.
ModelFile parse_model(const uint8_t* bytes, size_t size, const std::string& name);

ModelFile make_model_file(const Autoencoder& model, const NoiseSpec& trained_noise, const std::string& notes,
                          const std::string& dataset = "mnist");
std::unique_ptr<Autoencoder> instantiate(const ModelFile& file);

void save_model(const std::string& path, const ModelFile& file);  // atomic: temp file + rename
ModelFile load_model(const std::string& path);

uint32_t crc32(const uint8_t* data, size_t size);            // CRC-32 as zlib's, 8 bytes a step
uint32_t crc32_reference(const uint8_t* data, size_t size);  // the same, a byte a step (what tests check against)

}  // namespace ae
