// aeplay import FILE.safetensors|FILE.npz --out MODEL.aep: a model back from PyTorch or NumPy. The
// architecture comes from the file's aeplay metadata, or from the architecture flags (a state_dict that
// PyTorch wrote has none); every tensor is checked against it.
#include <cstdio>
#include <optional>

#include "commands.h"
#include "error.h"
#include "file_io.h"
#include "interop.h"
#include "json.h"
#include "serialize.h"
#include "train_options.h"

namespace cli {

int cmd_import(int argc, char** argv) {
  std::vector<OptionDef> defs = {{"out", true, "model file to write (.aep; required)"},
                                 {"json", false, "print one JSON object"}};
  for (const OptionDef& d : architecture_option_defs()) defs.push_back(d);
  Args args("aeplay import", argc, argv, 2, defs);
  if (args.has("help") || args.positionals().size() != 1) {
    std::printf("usage: aeplay import FILE.safetensors|FILE.npz --out MODEL.aep [--layers ... and the family flags]\n%s",
                args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected one file, e.g. aeplay import model.safetensors --out model.aep");
  }
  if (!args.has("out")) throw ae::Error("--out MODEL.aep is required");
  std::optional<ae::ModelSpec> spec;
  for (const OptionDef& d : architecture_option_defs())
    if (args.has(d.name)) spec = architecture_from(args);
  const std::string path = args.positionals()[0];
  const std::vector<uint8_t> bytes = ae::read_file(path, ae::kMaxModelFileBytes);
  const ae::ModelFile file = ae::import_model_bytes(bytes.data(), bytes.size(), path, spec);
  ae::save_model(args.str("out"), file);
  if (args.has("json"))
    std::printf("%s\n", Json().str("file", path).str("out", args.str("out")).str("architecture", file.spec.describe())
                            .num("parameters", static_cast<double>(file.params.size())).dump().c_str());
  else
    std::printf("wrote %s: %s, %zu parameters (architecture from %s)\n", args.str("out").c_str(),
                file.spec.describe().c_str(), file.params.size(), spec ? "the flags" : "the file's metadata");
  return 0;
}

}  // namespace cli
