"""Every family: the safetensors export, loaded into the module `aeplay export --pytorch` prints with
load_state_dict (strict), reconstructs the first 100 MNIST test digits as aeplay does (max abs 1e-5),
and its codes (the VAE: mu and logvar) agree too."""
from interop_common import FAMILIES, Report, outputs, path, pytorch_module, read_safetensors, require

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
report.finish()
