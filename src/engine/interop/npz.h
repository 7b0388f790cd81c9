// .npz, what numpy.load reads: a zip of NAME.npy arrays (zip.h, npy.h). Each tensor is the array NAME
// (numpy.load(f)["encoder.0.weight"]); the architecture JSON, if any, is the 0-d text array "__metadata__"
// (json.loads(str(numpy.load(f)["__metadata__"]))), held as TensorFile::metadata["aeplay"].
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "named_tensor.h"

namespace ae::interop {

constexpr const char* kNpzMetadataEntry = "__metadata__";

std::vector<uint8_t> write_npz(const TensorFile& file);  // STORED entries, like numpy.savez
TensorFile parse_npz(const uint8_t* bytes, size_t size, const std::string& name);

}  // namespace ae::interop
