"""Every family: the safetensors export, loaded into the module `aeplay export --pytorch` prints with
load_state_dict (strict), reconstructs the first 100 MNIST test digits as aeplay does (max abs 1e-5),
and its codes (the VAE: mu and logvar) agree too. And the PyTorch snippet of docs/models-that-travel.md runs as
printed (with a stand-in for the pip `safetensors` package, which Debian lacks: this file's reader from the
specification)."""
import os
import sys
import types

from interop_common import FAMILIES, Report, aeplay, outputs, path, pytorch_module, read_safetensors, require

require("torch")
import torch  # noqa: E402

torch.set_num_threads(1)
report = Report("safetensors -> PyTorch (torch %s)" % torch.__version__)
for name, _ in FAMILIES:
    tensors, meta = read_safetensors(path(name + ".safetensors"))
    report.check(name, "metadata", "aeplay" in meta and meta.get("format") == "pt")
    Module = pytorch_module(path(name + ".aep"))
    model = Module()
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in tensors.items()})  # strict: names and shapes
    model.eval()
    ref = outputs(name)
    x = torch.from_numpy(ref["input"])
    with torch.no_grad():
        report.close(name, "reconstruction", model(x).numpy(), ref["reconstruction"])
        if name == "vae":
            mu, logvar = model.encode(x)
            report.close(name, "mu", mu.numpy(), ref["code"])
            report.close(name, "logvar", logvar.numpy(), ref["logvar"])
        else:
            report.close(name, "code", model.encode(x).numpy(), ref["code"])


def docs_snippet():
    docs = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "models-that-travel.md")
    text = open(docs, encoding="utf-8").read()
    after = text.split("<!-- this block is run by tests/interop/test_pytorch.py -->", 1)[1]
    return after.split("```python\n", 1)[1].split("```", 1)[0]


work = path("readme")
os.makedirs(work, exist_ok=True)
aeplay("export", path("dense.aep"), "--format", "safetensors", "--out", os.path.join(work, "dae.safetensors"))
with open(os.path.join(work, "dae_module.py"), "w") as f:
    f.write(aeplay("export", "--pytorch", path("dense.aep")).stdout)
stand_in = types.ModuleType("safetensors.torch")
stand_in.load_file = lambda f: {k: torch.from_numpy(v.copy()) for k, v in read_safetensors(f)[0].items()}
sys.modules["safetensors"] = types.ModuleType("safetensors")
sys.modules["safetensors.torch"] = stand_in
sys.path.insert(0, work)
os.chdir(work)
namespace = {}
exec(compile(docs_snippet(), "docs/models-that-travel.md snippet", "exec"), namespace)
with torch.no_grad():
    ref = outputs("dense")
    report.close("models-that-travel.md", "snippet's model", namespace["model"](torch.from_numpy(ref["input"])).numpy(),
                 ref["reconstruction"])
report.finish()
