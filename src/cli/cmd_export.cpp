// aeplay export MODEL --format safetensors|npz|onnx [--out FILE]: the model for PyTorch, NumPy or ONNX Runtime.
// aeplay export --pytorch [MODEL | architecture flags]: the Python source of the matching PyTorch module.
#include <cstdio>

#include "commands.h"
#include "error.h"
#include "file_io.h"
#include "interop.h"
#include "json.h"
#include "serialize.h"
#include "train_options.h"

namespace cli {

int cmd_export(int argc, char** argv) {
  std::vector<OptionDef> defs = {{"format", true, "safetensors, npz or onnx"},
                                 {"out", true, "file to write (default: MODEL with the format's extension)"},
                                 {"pytorch", false, "print the PyTorch module the exports follow (for MODEL, or the architecture flags)"},
                                 {"json", false, "print one JSON object"}};
  for (const OptionDef& d : architecture_option_defs()) defs.push_back(d);
  Args args("aeplay export", argc, argv, 2, defs);
  const auto& pos = args.positionals();
  if (args.has("help") || pos.size() > 1 || (pos.empty() && !args.has("pytorch"))) {
    std::printf("usage: aeplay export MODEL --format safetensors|npz|onnx [--out FILE]\n"
                "       aeplay export --pytorch [MODEL | --layers ... and the family flags]\n%s",
                args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected one model file, e.g. aeplay export model.aep --format safetensors");
  }
  if (args.has("pytorch")) {
    if (args.has("format") || args.has("out")) throw ae::Error("--pytorch prints the module: it takes no --format or --out");
    const ae::ModelSpec spec = pos.empty() ? architecture_from(args) : ae::load_model(pos[0]).spec;
    const std::string source = ae::pytorch_module(spec);
    if (args.has("json")) std::printf("%s\n", Json().str("architecture", spec.describe()).str("source", source).dump().c_str());
    else std::fputs(source.c_str(), stdout);
    return 0;
  }
  for (const OptionDef& d : architecture_option_defs())
    if (args.has(d.name)) throw ae::Error("--" + d.name + " is for --pytorch without a model: the model file has its architecture");
  if (!args.has("format")) throw ae::Error("--format is required: safetensors, npz or onnx");
  const ae::ExportFormat format = ae::parse_export_format(args.str("format"));
  const std::string path = pos[0];
  std::string out = args.str("out");
  if (out.empty()) {
    const size_t dot = path.rfind('.'), slash = path.rfind('/');
    out = (dot != std::string::npos && (slash == std::string::npos || dot > slash) ? path.substr(0, dot) : path) +
          ae::file_extension(format);
  }
  const ae::ModelFile file = ae::load_model(path);
  const std::vector<uint8_t> bytes = ae::export_model(file, format);
  ae::write_file_atomic(out, bytes);
  if (args.has("json"))
    std::printf("%s\n", Json().str("model", path).str("format", ae::to_string(format)).str("out", out)
                            .num("bytes", static_cast<double>(bytes.size())).str("architecture", file.spec.describe()).dump().c_str());
  else
    std::printf("wrote %s (%s, %zu bytes): %s\n", out.c_str(), ae::to_string(format), bytes.size(), file.spec.describe().c_str());
  return 0;
}

}  // namespace cli
