#include "idx.h"

#include "error.h"
#include "file_io.h"

namespace ae {

IdxArray parse_idx(const uint8_t* bytes, size_t size, const std::string& name, uint64_t max_bytes) {
  auto fail = [&](const std::string& why) -> IdxArray { throw Error(name + ": not a valid IDX file: " + why); };
  if (size < 4) return fail("only " + std::to_string(size) + " bytes, too short for the 4-byte magic number");
  if (bytes[0] != 0 || bytes[1] != 0) return fail("wrong magic number (expected 00 00 08 0D)");
  if (bytes[2] != 0x08)
    return fail("element type code " + std::to_string(bytes[2]) + " is not supported (only 8 = unsigned byte)");
  const unsigned ndims = bytes[3];
  if (ndims < 1 || ndims > 4) return fail(std::to_string(ndims) + " dimensions (expected 1 to 4)");
  const size_t header = 4 + 4 * static_cast<size_t>(ndims);
  if (size < header) return fail("truncated header (" + std::to_string(size) + " bytes)");
  IdxArray out;
  uint64_t count = 1;
  for (unsigned d = 0; d < ndims; ++d) {
    const uint8_t* p = bytes + 4 + 4 * d;
    uint32_t n = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
    out.dims.push_back(n);
    count *= n;  // each factor < 2^32 and we stop once past the limit, so no overflow
    if (count > max_bytes)
      return fail("header declares more than " + std::to_string(max_bytes) + " bytes of data (limit)");
  }
  if (size - header < count)
    return fail("truncated: header declares " + std::to_string(count) + " bytes of data, file has " +
                std::to_string(size - header));
  if (size - header > count)
    return fail(std::to_string(size - header - count) + " unexpected bytes after the data");
  out.data.assign(bytes + header, bytes + header + count);
  return out;
}

IdxArray read_idx(const std::string& path, uint64_t max_bytes) {
  std::vector<uint8_t> bytes = read_file(path, max_bytes + 4 + 16);
  return parse_idx(bytes.data(), bytes.size(), path, max_bytes);
}

}  // namespace ae
