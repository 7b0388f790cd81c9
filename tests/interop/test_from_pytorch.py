"""From PyTorch: the module `aeplay export --pytorch` prints for an architecture is trained in PyTorch
(Adam, MSE, one epoch), its state_dict written as safetensors without aeplay metadata (by this test's own
writer, from the specification), imported with `aeplay import --layers ...`, and `aeplay eval` must report
the squared error per test image that PyTorch computes on the 10,000 MNIST test digits, within 1e-4.

  dense 784-128-32 (ReLU / sigmoid): one epoch of all 60,000 training images
  conv 16@3x3/2, 32@3x3/2, code 32:  one epoch of the first 6,000 (a full epoch of it takes about a minute)"""
import json
import time

from interop_common import Report, aeplay, mnist, path, pytorch_module, read_safetensors, require, write_safetensors

require("torch")
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.manual_seed(1)
torch.set_num_threads(1)  # ctest runs other tests beside this one on the 2 cores
CASES = [
    ("dense", ["--layers", "784,128,32", "--activation", "relu", "--output", "sigmoid", "--loss", "mse"], 60000),
    ("conv", ["--family", "conv", "--layers", "784,32", "--conv", "16:3:2:1,32:3:2:1", "--latent-activation",
              "identity"], 6000),
]
train_all, test = mnist("train"), torch.from_numpy(mnist("test"))
report = Report("PyTorch-trained -> safetensors -> aeplay import -> aeplay eval (torch %s)" % torch.__version__)
for name, flags, images in CASES:
    t0 = time.time()
    model = pytorch_module(*flags)()
    with torch.no_grad():
        untrained_se = float(((model(test) - test) ** 2).sum(dim=1).mean())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    train = torch.from_numpy(train_all[:images])
    for batch in torch.randperm(images).split(64):
        x = train[batch]
        loss = ((model(x) - x) ** 2).sum(dim=1).mean()  # aeplay's MSE: summed over pixels, mean over images
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        torch_se = float(((model(test).double() - test.double()) ** 2).sum(dim=1).mean())
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    write_safetensors(path("from-pytorch-" + name + ".safetensors"), state)  # no metadata: as PyTorch users write
    aeplay("import", path("from-pytorch-" + name + ".safetensors"), *flags, "--out", path("from-pytorch-" + name + ".aep"))
    result = json.loads(aeplay("eval", path("from-pytorch-" + name + ".aep"), "--noises", "none", "--json").stdout)
    # For the page (tests/e2e/modelfile.test.js): the same PyTorch weights written with aeplay's architecture
    # metadata (as a PyTorch user would add it: taken here from aeplay's export of the imported model), and
    # PyTorch's reconstructions of the first 10 test digits.
    aeplay("export", path("from-pytorch-" + name + ".aep"), "--format", "safetensors",
           "--out", path("from-pytorch-" + name + "-aeplay.safetensors"))
    _, meta = read_safetensors(path("from-pytorch-" + name + "-aeplay.safetensors"))
    write_safetensors(path("from-pytorch-" + name + "-with-metadata.safetensors"), state, meta)
    with torch.no_grad():
        digits = model(test[:10]).numpy().astype(float).tolist()
    with open(path("from-pytorch-" + name + "-digits.json"), "w") as f:
        json.dump({"reconstructions": digits}, f)
    aeplay_se = result["results"][0]["reconstruction_squared_error"]
    report.check(name, "trained", torch_se < 0.5 * untrained_se,
                 "PyTorch: squared error per test image %.2f -> %.4f, one epoch of %d images (%.1f s)"
                 % (untrained_se, torch_se, images, time.time() - t0))
    report.close(name, "squared error", aeplay_se, torch_se, tol=1e-4)
report.finish()
