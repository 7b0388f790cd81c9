"""Every family: the ONNX export passes onnx.checker (with shape inference), and ONNX Runtime (npm
onnxruntime-node, run by ort_run.js) gives aeplay's reconstructions and codes of the first 100 MNIST test
digits within 1e-5 (max abs)."""
import json
import os
import shutil
import subprocess
import sys

from interop_common import FAMILIES, Report, outputs, path, require

require("onnx")
import numpy as np  # noqa: E402
import onnx  # noqa: E402

NODE = os.environ.get("AEPLAY_NODE", "node")
if not shutil.which(NODE):
    sys.exit("FAIL: node not found (AEPLAY_NODE=%s); scripts/setup.sh installs Node.js" % NODE)
ORT_RUN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ort_run.js")

report = Report("ONNX: onnx.checker (onnx %s) + ONNX Runtime (onnxruntime-node)" % onnx.__version__)
for name, _ in FAMILIES:
    model = onnx.load(path(name + ".onnx"))
    try:
        onnx.checker.check_model(model, full_check=True)
        report.check(name, "onnx.checker", True)
    except onnx.checker.ValidationError as e:
        report.check(name, "onnx.checker", False, str(e).splitlines()[0])
    opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
    report.check(name, "opset", opset and 13 <= opset[0] <= 17, str(opset))
    report.check(name, "metadata", any(p.key == "aeplay" for p in model.metadata_props))

    ref = outputs(name)
    x = ref["input"]
    out_dir = path(name + "-ort")
    os.makedirs(out_dir, exist_ok=True)
    x.astype("<f4").tofile(os.path.join(out_dir, "input.bin"))
    r = subprocess.run([NODE, ORT_RUN, path(name + ".onnx"), os.path.join(out_dir, "input.bin"), str(x.shape[0]),
                        str(x.shape[1]), out_dir], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("FAIL: ONNX Runtime on %s: %s" % (name, (r.stderr or r.stdout).strip()))
    dims = json.loads(r.stdout)

    def ort(output):
        return np.fromfile(os.path.join(out_dir, output + ".f32"), dtype="<f4").reshape(dims[output])

    report.close(name, "reconstruction", ort("reconstruction"), ref["reconstruction"])
    if name == "vae":
        report.close(name, "mu", ort("mu"), ref["code"])
        report.close(name, "logvar", ort("logvar"), ref["logvar"])
    else:
        report.close(name, "code", ort("code"), ref["code"])
report.finish()
