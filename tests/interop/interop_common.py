"""Shared by the interop tests: the aeplay binary, MNIST, a safetensors reader/writer written from the
specification (Debian has no safetensors package), and the PyTorch module aeplay prints.

Every test runs with Debian's /usr/bin/python3 (python3-torch, python3-onnx, python3-numpy from
scripts/setup.sh) and FAILS, never skips, when one of them is missing."""
import json
import os
import struct
import subprocess
import sys

TOLERANCE = 1e-5


def require(*modules):
    missing = []
    for m in modules:
        try:
            __import__(m)
        except ImportError:
            missing.append(m)
    if missing:
        debs = {"torch": "python3-torch", "onnx": "python3-onnx", "numpy": "python3-numpy"}
        sys.exit("FAIL: Python module(s) %s missing from %s; scripts/setup.sh installs them (apt: %s)"
                 % (", ".join(missing), sys.executable, " ".join(debs.get(m, m) for m in missing)))


require("numpy")
import numpy as np  # noqa: E402


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit("FAIL: %s is not set (ctest sets it; see tests/interop/CMakeLists.txt)" % name)
    return value


AEPLAY = env("AEPLAY_CLI")
WORK = env("AEPLAY_INTEROP_DIR")
os.makedirs(WORK, exist_ok=True)  # each test may be run alone (ctest -R), before the models fixture made it
DATA = env("AEPLAY_DATA")

# Every family: (name, `aeplay train` flags). Tiny runs: 2000 training images, one epoch.
FAMILIES = [
    ("dense", ["--preset", "undercomplete"]),
    ("deep-leaky", ["--layers", "784,128,64,16", "--activation", "leakyrelu", "--latent-activation", "identity"]),
    ("tied-tanh", ["--layers", "784,64,16", "--activation", "tanh", "--tied"]),
    ("linear", ["--preset", "linear"]),
    ("sparse-l1", ["--preset", "sparse-l1"]),
    ("sparse-kl", ["--preset", "sparse-kl"]),
    ("contractive", ["--preset", "contractive"]),
    ("denoising", ["--preset", "denoising-gaussian"]),
    ("stacked", ["--preset", "stacked", "--pretrain-epochs", "1"]),
    ("vae", ["--preset", "vae-2d"]),
    ("conv", ["--preset", "conv"]),
    # Colour: 32x32 photo patches, lightness (1 plane) in, chroma (2 planes) out, NCHW flattened.
    ("colorize", ["--preset", "colorize"]),
]


def path(*parts):
    return os.path.join(WORK, *parts)


def aeplay(*args, check=True):
    r = subprocess.run([AEPLAY, *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit("FAIL: aeplay %s exited %d: %s" % (" ".join(args), r.returncode, r.stderr.strip()))
    return r


def outputs(name):
    """aeplay's own outputs on the first 100 test images (aeplay eval --save-outputs; the colorizer's input is
    the lightness of 100 test photo patches)."""
    f = np.load(path(name + "-outputs.npz"))
    return {k: f[k] for k in f.files}


def read_safetensors(filename):
    """The safetensors format from its specification: u64 header length, JSON header, raw data."""
    with open(filename, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    assert (8 + n) % 8 == 0, "the data must start 8-byte aligned"
    data = blob[8 + n:]
    meta = header.pop("__metadata__", {})
    dtypes = {"F32": np.float32, "F64": np.float64}
    tensors = {}
    for name, t in header.items():
        b, e = t["data_offsets"]
        tensors[name] = np.frombuffer(data[b:e], dtype=dtypes[t["dtype"]]).reshape(t["shape"])
    return tensors, meta


def write_safetensors(filename, tensors, metadata=None):
    """Written from the specification: tensors as F32, header padded with spaces to a multiple of 8."""
    header, chunks, offset = {}, [], 0
    for name, a in tensors.items():
        raw = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(filename, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def mnist(split, count=None):
    """MNIST images as float32 [n, 784] in [0, 1], from the IDX files."""
    prefix = "train" if split == "train" else "t10k"
    with open(os.path.join(DATA, prefix + "-images-idx3-ubyte"), "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051
        n = n if count is None else min(n, count)
        pixels = np.frombuffer(f.read(n * rows * cols), dtype=np.uint8)
    return (pixels.reshape(n, rows * cols).astype(np.float32) / 255.0)


def pytorch_module(*aeplay_args):
    """The module class printed by `aeplay export --pytorch ...`, executed."""
    source = aeplay("export", "--pytorch", *aeplay_args).stdout
    namespace = {}
    exec(compile(source, "aeplay-module.py", "exec"), namespace)
    classes = [v for k, v in namespace.items() if k.startswith("Aeplay")]
    assert len(classes) == 1, "expected one Aeplay* class in the printed module"
    return classes[0]


class Report:
    """Collects comparisons; exits non-zero if any failed."""

    def __init__(self, title):
        self.title, self.failures, self.lines = title, [], []

    def close(self, name, what, got, want, tol=TOLERANCE):
        got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
        if got.shape != want.shape:
            self.failures.append("%s %s: shape %s, expected %s" % (name, what, got.shape, want.shape))
            return
        err = float(np.max(np.abs(got - want))) if got.size else 0.0
        ok = err <= tol
        self.lines.append("%-12s %-16s max abs diff %.2e %s" % (name, what, err, "ok" if ok else "FAIL (> %g)" % tol))
        if not ok:
            self.failures.append("%s %s: max abs difference %.3g > %g" % (name, what, err, tol))

    def check(self, name, what, ok, detail=""):
        self.lines.append("%-12s %-16s %s %s" % (name, what, "ok" if ok else "FAIL", detail))
        if not ok:
            self.failures.append("%s %s %s" % (name, what, detail))

    def finish(self):
        print(self.title)
        print("\n".join(self.lines))
        if self.failures:
            sys.exit("FAIL:\n  " + "\n  ".join(self.failures))
        print("passed: %d checks" % len(self.lines))
