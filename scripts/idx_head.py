#!/usr/bin/env python3
"""Writes the first N items of an IDX file (images or labels), gzipped: the small head of the test set that the
page's first visit fetches (docs/javascript-api.md, docs/benchmarks.md). The web build runs it (src/app/CMakeLists.txt).

  python3 scripts/idx_head.py N IN OUT.gz      (IN: an IDX file, gzipped or not)

The IDX header keeps its type and dimensions; only the item count becomes N. The gzip stream has no name and no
time stamp, so a rebuild writes the same bytes.
"""
import gzip
import struct
import sys


def head(data, n):
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError("not an IDX file (bad magic number)")
    if data[2] != 0x08:
        raise ValueError("IDX element type 0x%02x: only unsigned bytes (0x08) are expected" % data[2])
    ndim = data[3]
    if ndim < 1 or len(data) < 4 + 4 * ndim:
        raise ValueError("IDX header truncated")
    dims = list(struct.unpack(">%dI" % ndim, data[4:4 + 4 * ndim]))
    if n < 1 or n > dims[0]:
        raise ValueError("asked for %d items of %d" % (n, dims[0]))
    item = 1
    for d in dims[1:]:
        item *= d
    body = 4 + 4 * ndim
    if len(data) < body + dims[0] * item:
        raise ValueError("IDX data truncated")
    return data[:4] + struct.pack(">I", n) + data[8:body] + data[body:body + n * item]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    n, src, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(src, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        result = head(data, n)
    except ValueError as e:
        sys.exit("idx_head.py: %s: %s" % (src, e))
    with open(out, "wb") as f:
        f.write(gzip.compress(result, compresslevel=9, mtime=0))


if __name__ == "__main__":
    main()
