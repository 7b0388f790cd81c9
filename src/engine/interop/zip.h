// A small zip reader and writer: just what .npz files need (numpy.savez writes STORED entries,
// numpy.savez_compressed DEFLATE ones).
//   writing: STORED entries with CRC-32, local headers, central directory, end record (DEFLATE too where
//            zlib is, for tests: what numpy.savez_compressed writes)
//   reading: the central directory (with zip64 size fields, which numpy always writes per entry), STORED
//            entries, and DEFLATE entries where the build has zlib (natively; not in the web build, whose
//            Emscripten cannot build its zlib port: there a compressed file is refused with a message)
// Every size is checked before anything is allocated: at most kMaxZipEntries entries, their declared
// unpacked sizes together within kMaxModelFileBytes, and no DEFLATE entry claiming more than 1032x its
// compressed size (DEFLATE's limit): a zip bomb is refused before inflating, and an entry that inflates to
// more than it declared is cut off and refused. CRC-32s are checked.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ae::interop {

constexpr size_t kMaxZipEntries = 1025;

struct ZipEntry {
  std::string name;
  std::vector<uint8_t> data;
};

bool zip_can_inflate();  // whether this build reads (and writes) DEFLATE entries
std::vector<uint8_t> write_zip(const std::vector<ZipEntry>& entries, bool compress = false);
std::vector<ZipEntry> read_zip(const uint8_t* bytes, size_t size, const std::string& name);

}  // namespace ae::interop
