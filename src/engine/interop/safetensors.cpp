#include "safetensors.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "error.h"
#include "model.h"
#include "serialize.h"

namespace ae::interop {

using nlohmann::json;

namespace {

void put_u64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

float half_to_float(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000u) << 16, exp = (h >> 10) & 0x1Fu, mant = h & 0x3FFu;
  uint32_t bits;
  if (exp == 0x1F) {
    bits = sign | 0x7F800000u | (mant << 13);  // inf / NaN
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else {  // zero or subnormal: mant · 2^-24
    float f = static_cast<float>(mant) * (1.0f / 16777216.0f);
    std::memcpy(&bits, &f, 4);
    bits |= sign;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint64_t read_le(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t(p[i]) << (8 * i);
  return v;
}

// Bytes per element of the float dtypes aeplay reads; 0 for a known non-float dtype; -1 for an unknown one.
int dtype_size(const std::string& d) {
  if (d == "F32") return 4;
  if (d == "F64") return 8;
  if (d == "F16" || d == "BF16") return 2;
  for (const char* known : {"BOOL", "U8", "I8", "I16", "U16", "I32", "U32", "I64", "U64", "F8_E4M3", "F8_E5M2", "F4",
                            "F6_E2M3", "F6_E3M2", "E8M0", "F8_E8M0"})
    if (d == known) return 0;
  return -1;
}

float decode(const std::string& dtype, const uint8_t* p) {
  if (dtype == "F32") { uint32_t v = uint32_t(read_le(p, 4)); float f; std::memcpy(&f, &v, 4); return f; }
  if (dtype == "F64") { uint64_t v = read_le(p, 8); double d; std::memcpy(&d, &v, 8); return static_cast<float>(d); }
  if (dtype == "F16") return half_to_float(uint16_t(read_le(p, 2)));
  uint32_t v = uint32_t(read_le(p, 2)) << 16;  // BF16: the top half of a float32
  float f;
  std::memcpy(&f, &v, 4);
  return f;
}

}  // namespace

std::vector<uint8_t> write_safetensors(const TensorFile& file) {
  json header = json::object();
  uint64_t offset = 0;
  for (const NamedTensor& t : file.tensors) {
    if (t.name == "__metadata__" || header.contains(t.name)) throw Error("tensor name '" + t.name + "' used twice");
    const uint64_t bytes = uint64_t(t.data.size()) * 4;
    header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  if (!file.metadata.empty()) header["__metadata__"] = file.metadata;
  std::string text = header.dump(-1, ' ', true, json::error_handler_t::replace);
  text.append((8 - text.size() % 8) % 8, ' ');  // the buffer starts 8-byte aligned
  std::vector<uint8_t> out;
  out.reserve(8 + text.size() + offset);
  put_u64(out, text.size());
  out.insert(out.end(), text.begin(), text.end());
  for (const NamedTensor& t : file.tensors)
    for (float f : t.data) {
      uint32_t v;
      std::memcpy(&v, &f, 4);
      for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
  return out;
}

namespace {

// Where one tensor's values lie in the data, and their dtype.
struct Range {
  uint64_t begin, end;
  size_t tensor;
  std::string dtype;
};

[[noreturn]] void fail_in(const std::string& name, const std::string& why) { throw Error(name + ": " + why); }

// One tensor's header entry: dtype, shape and data_offsets, checked against each other and the data's size;
// the tensor without its values, and its range.
NamedTensor read_entry(const std::string& key, const json& v, uint64_t data_size, const std::string& name,
                       Range& range) {
  const std::string t = "tensor '" + key + "'";
  if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") || !v.contains("data_offsets"))
    fail_in(name, t + " needs dtype, shape and data_offsets");
  const json &dt = v["dtype"], &shape = v["shape"], &offs = v["data_offsets"];
  if (!dt.is_string()) fail_in(name, t + ": dtype is not a string");
  const std::string dtype = dt.get<std::string>();
  const int esize = dtype_size(dtype);
  if (esize < 0) fail_in(name, t + " has an unknown dtype '" + dtype.substr(0, 32) + "'");
  if (esize == 0) fail_in(name, t + " has dtype " + dtype + "; aeplay reads float tensors (F32, F64, F16, BF16)");
  if (!shape.is_array() || shape.size() > size_t(kMaxTensorDims))
    fail_in(name, t + ": shape must be a list of at most " + std::to_string(kMaxTensorDims) + " sizes");
  NamedTensor nt{key, {}, {}};
  uint64_t elements = 1;
  for (const json& d : shape) {
    if (!d.is_number_unsigned()) fail_in(name, t + ": shape entries must be whole numbers >= 0");
    const uint64_t dim = d.get<uint64_t>();
    if (dim > kMaxParameters || (dim && elements > kMaxParameters / dim))
      fail_in(name, t + " has more than " + std::to_string(kMaxParameters) + " elements");
    elements *= dim;
    nt.shape.push_back(static_cast<int64_t>(dim));
  }
  if (!offs.is_array() || offs.size() != 2 || !offs[0].is_number_unsigned() || !offs[1].is_number_unsigned())
    fail_in(name, t + ": data_offsets must be [begin, end]");
  const uint64_t begin = offs[0].get<uint64_t>(), end = offs[1].get<uint64_t>();
  if (begin > end || end > data_size)
    fail_in(name, t + " has data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + "] outside the " +
                      std::to_string(data_size) + " bytes of data");
  if (end - begin != elements * uint64_t(esize))
    fail_in(name, t + ": " + std::to_string(end - begin) + " bytes of data for " + std::to_string(elements) + " " +
                      dtype + " values (shape and data_offsets disagree)");
  range.begin = begin, range.end = end, range.dtype = dtype;
  return nt;
}

// The specification: the buffer is covered exactly, no overlaps and no holes. Sorts `ranges` by position.
void check_coverage(std::vector<Range>& ranges, const std::vector<NamedTensor>& tensors, uint64_t data_size,
                    const std::string& name) {
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  uint64_t covered = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (ranges[i].begin < covered)
      fail_in(name, "tensors '" + tensors[ranges[i - 1].tensor].name + "' and '" + tensors[ranges[i].tensor].name +
                        "' overlap in the data");
    if (ranges[i].begin > covered)
      fail_in(name, "bytes " + std::to_string(covered) + ".." + std::to_string(ranges[i].begin) +
                        " of the data belong to no tensor");
    covered = ranges[i].end;
  }
  if (covered != data_size)
    fail_in(name, "the last " + std::to_string(data_size - covered) + " bytes of data belong to no tensor");
}

}  // namespace

TensorFile parse_safetensors(const uint8_t* bytes, size_t size, const std::string& name) {
  auto fail = [&](const std::string& why) -> void { throw Error(name + ": " + why); };
  if (size > kMaxModelFileBytes) fail("file larger than the " + std::to_string(kMaxModelFileBytes >> 20) + " MiB limit");
  if (size < 8) fail("truncated (shorter than the 8-byte header length)");
  const uint64_t n = read_le(bytes, 8);
  if (n > kMaxSafetensorsHeaderBytes)
    fail("header length " + std::to_string(n) + " is over the limit of " + std::to_string(kMaxSafetensorsHeaderBytes) + " bytes");
  if (n > size - 8)
    fail("header length " + std::to_string(n) + " runs past the end of the " + std::to_string(size) + "-byte file (truncated?)");
  if (n < 2 || bytes[8] != '{') fail("not a safetensors file (the header is not a JSON object)");
  const json header = json::parse(bytes + 8, bytes + 8 + n, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object()) fail("the header is not valid JSON");

  const uint8_t* data = bytes + 8 + n;
  const uint64_t data_size = size - 8 - n;
  TensorFile out;
  // First the names, dtypes, shapes and ranges; the values are decoded only once the ranges are known to
  // tile the buffer, so overlapping tensors cannot multiply the memory a small file asks for.
  std::vector<Range> ranges;
  if (header.size() > kMaxTensors + 1) fail("more than " + std::to_string(kMaxTensors) + " tensors");
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "__metadata__") {
      if (!v.is_object()) fail("__metadata__ must map strings to strings");
      for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string()) fail("__metadata__ value '" + m.key() + "' is not a string");
        out.metadata[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    ranges.push_back({0, 0, out.tensors.size(), ""});
    out.tensors.push_back(read_entry(key, it.value(), data_size, name, ranges.back()));
  }
  check_coverage(ranges, out.tensors, data_size, name);
  // Tensors in the order of their data, as they were written.
  std::vector<NamedTensor> ordered;
  for (const Range& r : ranges) {
    NamedTensor& t = out.tensors[r.tensor];
    const uint64_t esize = uint64_t(dtype_size(r.dtype)), elements = (r.end - r.begin) / esize;
    t.data.resize(size_t(elements));
    for (uint64_t i = 0; i < elements; ++i) t.data[size_t(i)] = decode(r.dtype, data + r.begin + i * esize);
    ordered.push_back(std::move(t));
  }
  out.tensors = std::move(ordered);
  return out;
}

}  // namespace ae::interop
