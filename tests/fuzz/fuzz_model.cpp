// libFuzzer target: the model-file reader, ae::parse_model. Every input is parsed twice: as it is
// (which mostly exercises the header and the checksum check), and with its last 4 bytes replaced by
// the right CRC-32 of the rest, so the mutations reach the architecture, limits and parameters that
// the checksum would otherwise hide. An accepted file must survive a write-read-write cycle unchanged and give
// a model that reconstructs an input (when small enough to build quickly).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "error.h"
#include "serialize.h"

namespace {

void check(const uint8_t* data, size_t size) {
  ae::ModelFile f;
  try {
    f = ae::parse_model(data, size, "fuzz.aep");
  } catch (const ae::Error&) {
    return;  // refused with a message: fine
  }
  // What the reader accepts, written back, is read again and written identically (not byte-equal to the
  // input: older versions are written in the current one).
  const std::vector<uint8_t> once = ae::serialize_model(f);
  const std::vector<uint8_t> twice = ae::serialize_model(ae::parse_model(once.data(), once.size(), "rewritten"));
  const size_t width = f.weights == ae::WeightEncoding::Float16 ? 2 : 4;  // bytes a weight in the file
  if (once != twice || f.params.size() * width + 8 > once.size()) std::abort();
  if (f.params.size() <= (1u << 16)) {
    std::unique_ptr<ae::Autoencoder> m = ae::instantiate(f);
    ae::Mat x = ae::Mat::Constant(m->spec().input_size(), 2, 0.5f);
    ae::Mat y = m->reconstruct(x);
    if (y.rows() != m->spec().output_size() || y.cols() != 2) std::abort();  // colour conv: other channels out
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  check(data, size);
  if (size >= 8) {
    std::vector<uint8_t> fixed(data, data + size);
    const uint32_t crc = ae::crc32(fixed.data(), size - 4);
    for (int i = 0; i < 4; ++i) fixed[size - 4 + i] = static_cast<uint8_t>(crc >> (8 * i));
    check(fixed.data(), fixed.size());
  }
  return 0;
}
