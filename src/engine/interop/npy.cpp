#include "npy.h"

#include <cmath>
#include <cstring>

#include "error.h"
#include "model.h"  // kMaxParameters
#include "named_tensor.h"

namespace ae::interop {

namespace {

std::vector<uint8_t> with_header(std::string dict) {
  // magic (6) + version (2) + length (2) + dict + '\n': a multiple of 64 bytes, as numpy writes it.
  const size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  const std::string all = std::string("\x93NUMPY\x01\x00", 8) + char(dict.size() & 0xFF) + char(dict.size() >> 8) + dict;
  return std::vector<uint8_t>(all.begin(), all.end());
}

// A reader for the header's dict literal: {'key': value, ...} with string, True/False and int-tuple values.
class DictReader {
 public:
  DictReader(const std::string& s, const std::string& name) : s_(s), name_(name) {}
  [[noreturn]] void fail(const std::string& why) const { throw Error(name_ + ": bad .npy header (" + why + ")"); }
  void space() { while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n')) ++p_; }
  bool eat(char c) {
    space();
    if (p_ < s_.size() && s_[p_] == c) return ++p_, true;
    return false;
  }
  void expect(char c) { if (!eat(c)) fail(std::string("expected '") + c + "'"); }
  std::string string() {
    space();
    if (p_ >= s_.size() || (s_[p_] != '\'' && s_[p_] != '"')) fail("expected a quoted string");
    const char q = s_[p_++];
    const size_t end = s_.find(q, p_);
    if (end == std::string::npos) fail("unterminated string");
    std::string v = s_.substr(p_, end - p_);
    p_ = end + 1;
    return v;
  }
  bool boolean() {
    space();
    for (const char* w : {"True", "False"})
      if (s_.compare(p_, std::strlen(w), w) == 0) {
        p_ += std::strlen(w);
        return w[0] == 'T';
      }
    fail("expected True or False");
  }
  std::vector<int64_t> tuple() {
    expect('(');
    std::vector<int64_t> v;
    while (!eat(')')) {
      space();
      if (p_ >= s_.size() || s_[p_] < '0' || s_[p_] > '9') fail("shape entries must be whole numbers");
      int64_t x = 0;
      while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') {
        x = x * 10 + (s_[p_++] - '0');
        if (x > int64_t(kMaxParameters)) fail("a dimension over " + std::to_string(kMaxParameters));
      }
      v.push_back(x);
      if (v.size() > size_t(kMaxTensorDims)) fail("more than " + std::to_string(kMaxTensorDims) + " dimensions");
      if (!eat(',')) {
        expect(')');
        break;
      }
    }
    return v;
  }
  bool at_end() { space(); return p_ == s_.size(); }

 private:
  const std::string& s_;
  const std::string& name_;
  size_t p_ = 0;
};

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6)), out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12)), out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18)), out += char(0x80 | ((cp >> 12) & 0x3F)), out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

// UTF-8 to code points; a malformed sequence (or a surrogate, or an overlong form) becomes U+FFFD.
std::vector<uint32_t> decode_utf8(const std::string& s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    const uint8_t c = uint8_t(s[i]);
    const int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    uint32_t cp = n == 0 ? c : n == 1 ? c & 0x1Fu : n == 2 ? c & 0x0Fu : c & 0x07u;
    bool ok = n >= 0;
    for (int k = 1; ok && k <= n; ++k) {
      if (i + size_t(k) >= s.size() || (uint8_t(s[i + size_t(k)]) & 0xC0) != 0x80) ok = false;
      else cp = (cp << 6) | (uint8_t(s[i + size_t(k)]) & 0x3Fu);
    }
    static const uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (ok && (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))) ok = false;
    out.push_back(ok ? cp : 0xFFFD);
    i += ok ? size_t(n) + 1 : 1;
  }
  return out;
}

float decode(const uint8_t* p, int size, bool big_endian) {
  uint64_t v = 0;
  for (int i = 0; i < size; ++i) v |= uint64_t(p[big_endian ? size - 1 - i : i]) << (8 * i);
  if (size == 8) { double d; std::memcpy(&d, &v, 8); return float(d); }
  if (size == 4) { uint32_t u = uint32_t(v); float f; std::memcpy(&f, &u, 4); return f; }
  // half precision
  const uint32_t h = uint32_t(v), sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1F, mant = h & 0x3FF;
  float f;
  if (exp == 0) f = float(mant) * (1.0f / 16777216.0f);
  else if (exp == 31) f = mant ? NAN : INFINITY;
  else { uint32_t b = ((exp + 112) << 23) | (mant << 13); std::memcpy(&f, &b, 4); }
  return sign ? -f : f;
}

}  // namespace

std::vector<uint8_t> write_npy(const std::vector<int64_t>& shape, const std::vector<float>& data) {
  std::string dims;
  for (int64_t d : shape) dims += std::to_string(d) + ", ";
  if (shape.size() > 1) dims.resize(dims.size() - 2);  // (3,) for one dimension, (3, 4) for more, () for none
  else if (shape.size() == 1) dims.resize(dims.size() - 1);
  std::vector<uint8_t> out = with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
  for (float f : data) {
    uint32_t v;
    std::memcpy(&v, &f, 4);
    for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
  }
  return out;
}

std::vector<uint8_t> write_npy_text(const std::string& utf8) {
  std::vector<uint32_t> cps = decode_utf8(utf8);
  while (!cps.empty() && cps.back() == 0) cps.pop_back();  // numpy strips trailing NULs when reading
  std::vector<uint8_t> out =
      with_header("{'descr': '<U" + std::to_string(cps.size()) + "', 'fortran_order': False, 'shape': (), }");
  for (uint32_t cp : cps)  // UCS-4 little-endian
    out.insert(out.end(), {uint8_t(cp), uint8_t(cp >> 8), uint8_t(cp >> 16), uint8_t(cp >> 24)});
  return out;
}

namespace {

// A 0-d text array ('<U12'): UCS-4 characters, little- or big-endian, NUL-padded; appended to a.text as UTF-8.
void read_text(const std::string& descr, const uint8_t* data, uint64_t payload, const std::string& name, NpyArray& a) {
  auto fail = [&](const std::string& why) -> void { throw Error(name + ": " + why); };
  if (!a.shape.empty()) fail("text arrays must be 0-d (shape ())");
  uint64_t chars = 0;
  for (size_t i = 2; i < descr.size(); ++i) {
    if (descr[i] < '0' || descr[i] > '9' || chars > (1u << 20)) fail("bad text dtype '" + descr.substr(0, 16) + "'");
    chars = chars * 10 + uint64_t(descr[i] - '0');
  }
  if (payload != chars * 4) fail("the text's size does not match its dtype (truncated?)");
  const bool big = descr[0] == '>';
  for (uint64_t i = 0; i < chars; ++i) {
    const uint8_t* p = data + 4 * i;
    const uint32_t cp = big ? uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]
                            : uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
    if (cp == 0) break;  // numpy pads with NULs
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) fail("the text holds an invalid character");
    append_utf8(a.text, cp);
  }
}

// `elements` floats of `esize` bytes into a.data in C order, from C- or Fortran-ordered data.
void read_floats(const uint8_t* p, int esize, bool big, bool fortran, uint64_t elements, NpyArray& a) {
  a.data.resize(size_t(elements));
  if (!fortran || a.shape.size() < 2) {
    for (uint64_t i = 0; i < elements; ++i) a.data[size_t(i)] = decode(p + i * uint64_t(esize), esize, big);
    return;
  }
  // Fortran order: walk the elements in C order, keeping the Fortran offset of the current index.
  const size_t nd = a.shape.size();
  std::vector<int64_t> idx(nd, 0), fstride(nd, 1);
  for (size_t k = 1; k < nd; ++k) fstride[k] = fstride[k - 1] * a.shape[k - 1];
  int64_t off = 0;
  for (uint64_t i = 0; i < elements; ++i) {
    a.data[size_t(i)] = decode(p + uint64_t(off) * uint64_t(esize), esize, big);
    for (size_t k = nd; k-- > 0;) {  // increment the last index first
      if (++idx[k] < a.shape[k]) {
        off += fstride[k];
        break;
      }
      off -= fstride[k] * (a.shape[k] - 1);
      idx[k] = 0;
    }
  }
}

}  // namespace

NpyArray parse_npy(const uint8_t* bytes, size_t size, const std::string& name) {
  auto fail = [&](const std::string& why) -> void { throw Error(name + ": " + why); };
  if (size < 10 || std::memcmp(bytes, "\x93NUMPY", 6) != 0) fail("not a .npy array (wrong magic; truncated?)");
  const int major = bytes[6];
  if (major < 1 || major > 3) fail(".npy format version " + std::to_string(major) + " is not supported");
  const size_t len_bytes = major == 1 ? 2 : 4;
  if (size < 8 + len_bytes) fail("truncated .npy header");
  uint32_t hlen = 0;
  for (size_t i = 0; i < len_bytes; ++i) hlen |= uint32_t(bytes[8 + i]) << (8 * i);
  if (hlen > kMaxNpyHeaderBytes) fail(".npy header longer than " + std::to_string(kMaxNpyHeaderBytes) + " bytes");
  const size_t start = 8 + len_bytes + hlen;
  if (start > size) fail("truncated .npy header");
  const std::string header(reinterpret_cast<const char*>(bytes + 8 + len_bytes), hlen);

  DictReader r(header, name);
  std::string descr;
  bool fortran = false, have_descr = false, have_order = false, have_shape = false;
  NpyArray a;
  r.expect('{');
  while (!r.eat('}')) {
    const std::string key = r.string();
    r.expect(':');
    if (key == "descr") descr = r.string(), have_descr = true;
    else if (key == "fortran_order") fortran = r.boolean(), have_order = true;
    else if (key == "shape") a.shape = r.tuple(), have_shape = true;
    else r.fail("unknown key '" + key.substr(0, 32) + "'");
    if (!r.eat(',')) {
      r.expect('}');
      break;
    }
  }
  if (!r.at_end()) r.fail("text after the dict");
  if (!have_descr || !have_order || !have_shape) r.fail("needs descr, fortran_order and shape");

  uint64_t elements = 1;
  for (int64_t d : a.shape) {
    if (d && elements > kMaxParameters / uint64_t(d)) fail("array with more than " + std::to_string(kMaxParameters) + " elements");
    elements *= uint64_t(d);
  }
  const uint64_t payload = size - start;
  if (descr.size() >= 3 && (descr[0] == '<' || descr[0] == '>' || descr[0] == '|' || descr[0] == '=') && descr[1] == 'U') {
    read_text(descr, bytes + start, payload, name, a);
    a.is_text = true;
    return a;
  }
  int esize = 0;
  if (descr.size() == 3 && (descr[0] == '<' || descr[0] == '>' || descr[0] == '=') && descr[1] == 'f')
    esize = descr[2] == '4' ? 4 : descr[2] == '8' ? 8 : descr[2] == '2' ? 2 : 0;
  if (!esize) fail("dtype '" + descr.substr(0, 16) + "' is not supported (float arrays: <f4, <f8, <f2)");
  if (payload != elements * uint64_t(esize))
    fail(std::to_string(payload) + " bytes of data for " + std::to_string(elements) + " values of " + descr + " (truncated?)");
  read_floats(bytes + start, esize, descr[0] == '>', fortran, elements, a);
  return a;
}

}  // namespace ae::interop
