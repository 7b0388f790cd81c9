// aeplay info MODEL: what a model file holds (after full validation, checksum included).
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "json.h"
#include "serialize.h"

namespace cli {

int cmd_info(int argc, char** argv) {
  Args args("aeplay info", argc, argv, 2, {{"json", false, "print one JSON object"}});
  if (args.has("help") || args.positionals().size() != 1) {
    std::printf("usage: aeplay info MODEL [--json]\n");
    if (args.has("help")) return 0;
    throw ae::Error("expected exactly one model file, e.g. aeplay info model.aep");
  }
  const std::string path = args.positionals()[0];
  ae::ModelFile f = ae::load_model(path);
  if (args.has("json")) {
    std::printf("%s\n", Json()
                            .str("file", path)
                            .num("version", ae::kModelFileVersion)
                            .str("weights", ae::to_string(f.weights))
                            .str("architecture", f.spec.describe())
                            .num("input", f.spec.input_size())
                            .num("latent", f.spec.latent_size())
                            .boolean("tied", f.spec.tied)
                            .str("loss", ae::to_string(f.spec.loss))
                            .num("parameters", static_cast<double>(f.params.size()))
                            .str("trained_noise", ae::to_string(f.trained_noise))
                            .str("dataset", f.dataset)
                            .str("notes", f.notes)
                            .dump()
                            .c_str());
    return 0;
  }
  std::printf("file          %s (format version %u, checksum ok)\n", path.c_str(), ae::kModelFileVersion);
  std::printf("architecture  %s\n", f.spec.describe().c_str());
  std::printf("input/latent  %d / %d\n", f.spec.input_size(), f.spec.latent_size());
  const bool half = f.weights == ae::WeightEncoding::Float16;
  std::printf("parameters    %zu (%.2f MB as %s)\n", f.params.size(), f.params.size() * (half ? 2.0 : 4.0) / 1e6,
              half ? "float16" : "float32");
  std::printf("trained on    %s\n", f.dataset.c_str());
  std::printf("trained with  noise %s\n", ae::to_string(f.trained_noise).c_str());
  if (!f.notes.empty()) std::printf("notes         %s\n", f.notes.c_str());
  return 0;
}

}  // namespace cli
