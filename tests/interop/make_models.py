"""ctest fixture: trains a tiny model of every family (2000 images, one epoch), exports each to
safetensors, npz and ONNX, and saves aeplay's outputs on the first 100 test digits."""
import os
import time

from interop_common import FAMILIES, aeplay, path, WORK

os.makedirs(WORK, exist_ok=True)
t0 = time.time()
for name, flags in FAMILIES:
    model = path(name + ".aep")
    aeplay("train", *flags, "--train-size", "2000", "--test-size", "100", "--epochs", "1", "--seed", "1",
           "--quiet", "--out", model)
    for fmt in ("safetensors", "npz", "onnx"):
        aeplay("export", model, "--format", fmt, "--out", path(name + "." + fmt))
    aeplay("eval", model, "--test-size", "100", "--noises", "none", "--save-outputs", path(name + "-outputs.npz"),
           "--json")
print("trained and exported %d models in %.1f s" % (len(FAMILIES), time.time() - t0))
