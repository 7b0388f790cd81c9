// Protocol Buffers wire format, writing only: enough to emit an ONNX model (onnx_export.cpp).
// Hand-written because libprotobuf would not build for the web: Debian's Emscripten has a frozen cache
// (no ports, no third-party library builds), and the engine must compile there unchanged. The format is
// small: each field is a varint key (field number << 3 | wire type) followed by a varint, a 4-byte
// little-endian value, or a length-prefixed byte string (strings, bytes and nested messages alike).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace ae::interop {

class ProtoWriter {
 public:
  ProtoWriter& varint(int field, uint64_t v) { key(field, 0); raw_varint(v); return *this; }
  ProtoWriter& int64(int field, int64_t v) { return varint(field, static_cast<uint64_t>(v)); }  // two's complement
  ProtoWriter& float32(int field, float f) {
    key(field, 5);
    uint32_t v;
    std::memcpy(&v, &f, 4);
    for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  ProtoWriter& bytes(int field, const void* data, size_t n) {
    key(field, 2);
    raw_varint(n);
    const auto* p = static_cast<const uint8_t*>(data);
    bytes_.insert(bytes_.end(), p, p + n);
    return *this;
  }
  ProtoWriter& string(int field, const std::string& s) { return bytes(field, s.data(), s.size()); }
  ProtoWriter& message(int field, const ProtoWriter& m) { return bytes(field, m.bytes_.data(), m.bytes_.size()); }
  const std::vector<uint8_t>& data() const { return bytes_; }

 private:
  void key(int field, int wire_type) { raw_varint(static_cast<uint64_t>(field) << 3 | static_cast<uint64_t>(wire_type)); }
  void raw_varint(uint64_t v) {
    while (v >= 0x80) {
      bytes_.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    bytes_.push_back(static_cast<uint8_t>(v));
  }
  std::vector<uint8_t> bytes_;
};

}  // namespace ae::interop
