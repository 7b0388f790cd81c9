// Reading and writing whole files with a size limit checked before anything is allocated.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ae {

// Reads the whole file. Throws ae::Error naming the file if it cannot be opened or is larger than max_bytes.
std::vector<uint8_t> read_file(const std::string& path, uint64_t max_bytes);
// Writes to "path.tmp" then renames, so an interrupted write never leaves a half file at `path`.
void write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace ae
