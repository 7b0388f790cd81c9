#include "file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "error.h"

namespace ae {

std::vector<uint8_t> read_file(const std::string& path, uint64_t max_bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw Error(path + ": cannot open (" + std::strerror(errno) + ")");
  std::vector<uint8_t> bytes;
  bool too_big = false, failed = false;
  if (std::fseek(f, 0, SEEK_END) != 0) {
    failed = true;
  } else {
    long size = std::ftell(f);
    if (size < 0) {
      failed = true;
    } else if (static_cast<uint64_t>(size) > max_bytes) {
      too_big = true;
    } else {
      std::rewind(f);
      bytes.resize(static_cast<size_t>(size));
      failed = std::fread(bytes.data(), 1, bytes.size(), f) != bytes.size();
    }
  }
  std::fclose(f);
  if (too_big) throw Error(path + ": file is larger than the limit of " + std::to_string(max_bytes) + " bytes");
  if (failed) throw Error(path + ": cannot read (is it a regular file?)");
  return bytes;
}

void write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw Error(path + ": cannot write (" + std::strerror(errno) + ")");
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(path + ": write failed (" + std::strerror(errno) + ")");
  }
}

}  // namespace ae
