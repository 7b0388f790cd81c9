#include "zip.h"

#include "error.h"
#include "serialize.h"  // crc32, kMaxModelFileBytes

#ifdef AEPLAY_HAVE_ZLIB
#include <zlib.h>
#endif

namespace ae::interop {

namespace {

constexpr uint64_t kMaxDeflateRatio = 1032;  // zlib's documented maximum expansion
constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEndSig = 0x06054b50;

void put(std::vector<uint8_t>& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint64_t get(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t(p[i]) << (8 * i);
  return v;
}

#ifdef AEPLAY_HAVE_ZLIB
// Inflates raw DEFLATE data into exactly `out.size()` bytes; more or less output is an error.
bool inflate_exactly(const uint8_t* in, size_t in_size, std::vector<uint8_t>& out) {
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return false;
  z.next_in = const_cast<Bytef*>(in);
  z.avail_in = static_cast<uInt>(in_size);
  uint8_t spare;  // one byte past the declared size: producing it means the entry lied
  z.next_out = out.empty() ? &spare : out.data();
  z.avail_out = out.empty() ? 1 : static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  if (rc != Z_STREAM_END && z.avail_out == 0 && !out.empty()) {
    z.next_out = &spare;
    z.avail_out = 1;
    rc = inflate(&z, Z_FINISH);
    if (z.avail_out == 0) rc = Z_DATA_ERROR;
  }
  const bool ok = rc == Z_STREAM_END && z.total_out == out.size();
  inflateEnd(&z);
  return ok;
}
#endif

}  // namespace

bool zip_can_inflate() {
#ifdef AEPLAY_HAVE_ZLIB
  return true;
#else
  return false;
#endif
}

std::vector<uint8_t> write_zip(const std::vector<ZipEntry>& entries, bool compress) {
  if (compress && !zip_can_inflate()) throw Error("this build has no zlib: it writes stored zip entries only");
  std::vector<uint8_t> out, central;
  for (const ZipEntry& e : entries) {
    if (e.data.size() > kMaxModelFileBytes || e.name.size() > 0xFFFF) throw Error("zip entry too large");
    const uint32_t crc = crc32(e.data.data(), e.data.size());
    const uint64_t offset = out.size();
    std::vector<uint8_t> packed;
#ifdef AEPLAY_HAVE_ZLIB
    if (compress) {  // raw DEFLATE (window bits -15), as zip stores it
      z_stream z{};
      deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
      packed.resize(deflateBound(&z, static_cast<uLong>(e.data.size())));
      z.next_in = const_cast<Bytef*>(e.data.data());
      z.avail_in = static_cast<uInt>(e.data.size());
      z.next_out = packed.data();
      z.avail_out = static_cast<uInt>(packed.size());
      deflate(&z, Z_FINISH);
      packed.resize(z.total_out);
      deflateEnd(&z);
    }
#endif
    const std::vector<uint8_t>& body = compress ? packed : e.data;
    const int method = compress ? 8 : 0;
    // local header: version 2.0, no flags, method, time/date 0 (1980-01-01)
    put(out, kLocalSig, 4), put(out, 20, 2), put(out, 0, 2), put(out, method, 2), put(out, 0, 4);
    put(out, crc, 4), put(out, body.size(), 4), put(out, e.data.size(), 4), put(out, e.name.size(), 2), put(out, 0, 2);
    out.insert(out.end(), e.name.begin(), e.name.end());
    out.insert(out.end(), body.begin(), body.end());
    put(central, kCentralSig, 4), put(central, 20, 2), put(central, 20, 2), put(central, 0, 2), put(central, method, 2);
    put(central, 0, 4), put(central, crc, 4), put(central, body.size(), 4), put(central, e.data.size(), 4);
    put(central, e.name.size(), 2), put(central, 0, 2), put(central, 0, 2), put(central, 0, 2), put(central, 0, 2);
    put(central, 0, 4), put(central, offset, 4);
    central.insert(central.end(), e.name.begin(), e.name.end());
  }
  const uint64_t cd_offset = out.size();
  out.insert(out.end(), central.begin(), central.end());
  put(out, kEndSig, 4), put(out, 0, 2), put(out, 0, 2), put(out, entries.size(), 2), put(out, entries.size(), 2);
  put(out, central.size(), 4), put(out, cd_offset, 4), put(out, 0, 2);
  return out;
}

namespace {

// One central directory entry: what the reader needs of it.
struct Item {
  std::string name;
  uint32_t method, crc;
  uint64_t csize, usize, offset;
};

[[noreturn]] void fail_in(const std::string& name, const std::string& why) { throw Error(name + ": " + why); }

// The zip64 extra field (id 1) among the `m` bytes of extra fields at x: the 8-byte sizes and offset that are
// 0xFFFFFFFF in the entry, in this order.
void read_zip64_extra(const uint8_t* x, uint64_t m, const std::string& name, Item& it) {
  for (const uint8_t* xe = x + m; xe - x >= 4;) {
    const uint64_t id = get(x, 2), len = get(x + 2, 2);
    if (uint64_t(xe - x - 4) < len) fail_in(name, "damaged extra field of entry '" + it.name + "'");
    if (id == 1) {
      const uint8_t* f = x + 4;
      uint64_t left = len;
      for (uint64_t* v : {&it.usize, &it.csize, &it.offset}) {
        if (*v != 0xFFFFFFFFu) continue;
        if (left < 8) fail_in(name, "damaged zip64 field of entry '" + it.name + "'");
        *v = get(f, 8), f += 8, left -= 8;
      }
    }
    x += 4 + len;
  }
}

// A method this reader knows, and sizes that neither lie about DEFLATE nor unpack beyond the archive limit
// (`total`: what the entries before it unpack to).
void check_entry(const Item& it, uint64_t total, const std::string& name) {
  if (it.method != 0 && it.method != 8)
    fail_in(name, "entry '" + it.name + "' uses compression method " + std::to_string(it.method) +
                      " (only stored and deflate are read)");
  // DEFLATE expands at most 1032:1, so a larger claim is a lie, refused before the buffer is allocated
  // (fuzz_npz found a 413-byte file that made the reader allocate and clear 84 MiB).
  if (it.method == 8 && it.usize > it.csize * kMaxDeflateRatio + 1024)
    fail_in(name, "entry '" + it.name + "' claims " + std::to_string(it.usize) + " bytes from " +
                      std::to_string(it.csize) + " compressed ones, more than DEFLATE can expand (a zip bomb?)");
  if (it.usize > kMaxModelFileBytes || total + it.usize > kMaxModelFileBytes)
    fail_in(name, "entry '" + it.name + "' would unpack to " + std::to_string(it.usize) +
                      " bytes, beyond the archive limit of " + std::to_string(kMaxModelFileBytes >> 20) +
                      " MiB unpacked (a zip bomb?)");
}

}  // namespace

std::vector<ZipEntry> read_zip(const uint8_t* bytes, size_t size, const std::string& name) {
  auto fail = [&](const std::string& why) -> void { throw Error(name + ": " + why); };
  if (size > kMaxModelFileBytes) fail("file larger than the " + std::to_string(kMaxModelFileBytes >> 20) + " MiB limit");
  if (size < 22) fail("not a zip archive (too short for its end record; truncated?)");
  // The end record is the last 22 bytes plus a comment of at most 65535 bytes.
  size_t end = size;
  for (size_t back = 22; back <= size && back <= 22 + 0xFFFF; ++back) {
    const size_t at = size - back;
    if (get(bytes + at, 4) == kEndSig && at + 22 + get(bytes + at + 20, 2) == size) {
      end = at;
      break;
    }
  }
  if (end == size) fail("not a zip archive (no end-of-central-directory record; truncated?)");
  const uint8_t* e = bytes + end;
  const uint64_t count = get(e + 10, 2), cd_size = get(e + 12, 4), cd_offset = get(e + 16, 4);
  if (get(e + 4, 2) != 0 || get(e + 6, 2) != 0 || get(e + 8, 2) != count) fail("multi-part zip archives are not supported");
  if (count == 0xFFFF || cd_size == 0xFFFFFFFFu || cd_offset == 0xFFFFFFFFu)
    fail("zip64 archives (over 65535 entries or 4 GiB) are not supported");
  if (count > kMaxZipEntries) fail("more than " + std::to_string(kMaxZipEntries) + " entries");
  if (cd_offset > end || cd_size > end - cd_offset) fail("the central directory lies outside the file (truncated?)");

  std::vector<Item> items;
  uint64_t total = 0, pos = cd_offset;
  const uint64_t cd_end = cd_offset + cd_size;
  for (uint64_t i = 0; i < count; ++i) {
    if (cd_end - pos < 46 || get(bytes + pos, 4) != kCentralSig) fail("damaged central directory");
    const uint8_t* c = bytes + pos;
    Item it{{}, uint32_t(get(c + 10, 2)), uint32_t(get(c + 16, 4)), get(c + 20, 4), get(c + 24, 4), get(c + 42, 4)};
    const uint64_t flags = get(c + 8, 2), n = get(c + 28, 2), m = get(c + 30, 2), k = get(c + 32, 2);
    if (cd_end - pos - 46 < n + m + k) fail("damaged central directory");
    it.name.assign(reinterpret_cast<const char*>(c + 46), size_t(n));
    if (flags & 1) fail("entry '" + it.name + "' is encrypted");
    read_zip64_extra(c + 46 + n, m, name, it);
    check_entry(it, total, name);
    total += it.usize;
    items.push_back(std::move(it));
    pos += 46 + n + m + k;
  }

  std::vector<ZipEntry> out;
  for (const Item& it : items) {
    const std::string what = "entry '" + it.name + "'";
    if (it.offset > end || end - it.offset < 30 || get(bytes + it.offset, 4) != kLocalSig)
      fail(what + ": its local header is missing (truncated?)");
    const uint64_t start = it.offset + 30 + get(bytes + it.offset + 26, 2) + get(bytes + it.offset + 28, 2);
    if (start > end || it.csize > end - start) fail(what + " runs past the end of the data (truncated?)");
    ZipEntry z{it.name, {}};
    if (it.method == 0) {
      if (it.csize != it.usize) fail(what + ": stored sizes disagree");
      z.data.assign(bytes + start, bytes + start + it.csize);
    } else {
#ifdef AEPLAY_HAVE_ZLIB
      z.data.resize(size_t(it.usize));
      if (!inflate_exactly(bytes + start, size_t(it.csize), z.data))
        fail(what + ": damaged compressed data, or more or less than its declared " + std::to_string(it.usize) + " bytes");
#else
      fail(what + " is compressed (deflate), which this build cannot read: save it with numpy.savez, not savez_compressed");
#endif
    }
    if (crc32(z.data.data(), z.data.size()) != it.crc) fail(what + ": CRC-32 mismatch (the file is corrupted)");
    out.push_back(std::move(z));
  }
  return out;
}

}  // namespace ae::interop
