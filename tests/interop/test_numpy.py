"""Every family: the npz export, read by numpy.load, run through a forward pass written here in NumPy
from the architecture in its __metadata__ entry and docs/models-that-travel.md's tensor naming, reconstructs the first
100 MNIST test digits as aeplay does (max abs 1e-5). Computed in float64, an independent reference.
And the other way: what numpy.savez and numpy.savez_compressed write (zip64 size fields, DEFLATE) is
imported by `aeplay import` with every array intact."""
import json

import numpy as np

from interop_common import FAMILIES, Report, aeplay, outputs, path

ACT = {
    "identity": lambda z: z,
    "relu": lambda z: np.maximum(z, 0),
    "leakyrelu": lambda z: np.where(z > 0, z, 0.01 * z),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
}


def conv2d(x, w, b, stride, pad):
    """x [B, C, H, W], w [O, C, k, k] -> [B, O, Ho, Wo] (cross-correlation, as PyTorch)."""
    k = w.shape[2]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    ho, wo = (xp.shape[2] - k) // stride + 1, (xp.shape[3] - k) // stride + 1
    out = np.zeros((x.shape[0], w.shape[0], ho, wo))
    for i in range(k):
        for j in range(k):
            patch = xp[:, :, i:i + stride * (ho - 1) + 1:stride, j:j + stride * (wo - 1) + 1:stride]
            out += np.einsum("bchw,oc->bohw", patch, w[:, :, i, j])
    return out + b[None, :, None, None]


def conv_transpose2d(x, w, b, stride, pad, out_side):
    """x [B, I, H, W], w [I, O, k, k] -> [B, O, out_side, out_side]: the adjoint of conv2d."""
    k = w.shape[2]
    h = x.shape[2]
    size = (h - 1) * stride + k + pad + out_side  # room for the full result and any output_padding rows
    full = np.zeros((x.shape[0], w.shape[1], size, size))
    for i in range(k):
        for j in range(k):
            full[:, :, i:i + stride * (h - 1) + 1:stride, j:j + stride * (h - 1) + 1:stride] += \
                np.einsum("bihw,io->bohw", x, w[:, :, i, j])
    return full[:, :, pad:pad + out_side, pad:pad + out_side] + b[None, :, None, None]


def forward(spec, t, x):
    """Returns (reconstruction, code[, logvar]) for x [B, 784]."""
    hidden, latent, output = ACT[spec["hidden"]], ACT[spec["latent"]], ACT[spec["output"]]
    lin = lambda h, name: h @ t[name + ".weight"].T + t[name + ".bias"]  # noqa: E731
    sizes = spec["sizes"]
    E = len(sizes) - 1
    extra = None
    if spec["family"] == "conv":
        convs, side = spec["conv"], spec["image_side"]
        h, sides = x.reshape(-1, spec.get("in_channels", 1), side, side), []  # NCHW
        for i, (_, k, s, p) in enumerate(convs):
            sides.append(h.shape[2])
            h = hidden(conv2d(h, t["encoder.%d.weight" % (1 + 2 * i)], t["encoder.%d.bias" % (1 + 2 * i)], s, p))
        shape = h.shape[1:]
        code = latent(lin(h.reshape(h.shape[0], -1), "encoder.%d" % (2 + 2 * len(convs))))
        h = hidden(lin(code, "decoder.0")).reshape((-1,) + shape)
        for m, i in enumerate(reversed(range(len(convs)))):
            _, k, s, p = convs[i]
            act = output if i == 0 else hidden
            h = act(conv_transpose2d(h, t["decoder.%d.weight" % (3 + 2 * m)], t["decoder.%d.bias" % (3 + 2 * m)], s, p,
                                     sides[i]))
        return h.reshape(h.shape[0], -1), code, extra
    h = x
    vae = spec["family"] == "vae"
    for l in range(E - 1 if vae else E):
        h = (latent if l == E - 1 else hidden)(lin(h, "encoder.%d" % (2 * l)))
    if vae:
        code, extra = lin(h, "mu"), lin(h, "logvar")
    else:
        code = h
    h = code
    for j in range(E):
        mirror = E - 1 - j
        if spec["tied"]:
            z = h @ t["encoder.%d.weight" % (2 * mirror)] + t["decoder.%d.bias" % (2 * j)]
        else:
            z = lin(h, "decoder.%d" % (2 * j))
        h = (output if j == E - 1 else hidden)(z)
    return h, code, extra


report = Report("npz -> numpy.load -> NumPy forward pass (numpy %s)" % np.__version__)
for name, _ in FAMILIES:
    f = np.load(path(name + ".npz"))  # allow_pickle=False: plain arrays only
    spec = json.loads(str(f["__metadata__"]))
    tensors = {k: f[k].astype(np.float64) for k in f.files if k != "__metadata__"}
    report.check(name, "dtypes", all(f[k].dtype == np.float32 for k in tensors))
    ref = outputs(name)
    recon, code, logvar = forward(spec, tensors, ref["input"].astype(np.float64))
    report.close(name, "reconstruction", recon, ref["reconstruction"])
    report.close(name, "code" if logvar is None else "mu", code, ref["code"])
    if logvar is not None:
        report.close(name, "logvar", logvar, ref["logvar"])
for name in ("dense", "vae", "conv"):
    f = np.load(path(name + ".npz"))
    arrays = {k: f[k] for k in f.files}
    for writer in (np.savez, np.savez_compressed):
        written = path("%s-%s.npz" % (name, writer.__name__))
        writer(written, **arrays)
        aeplay("import", written, "--out", path(name + "-from-numpy.aep"))
        aeplay("export", path(name + "-from-numpy.aep"), "--format", "npz", "--out", path(name + "-again.npz"))
        again = np.load(path(name + "-again.npz"))
        same = sorted(again.files) == sorted(arrays) and all(np.array_equal(again[k], arrays[k]) for k in arrays)
        report.check(name, writer.__name__, same, "-> aeplay import -> export: every array identical")
report.finish()
