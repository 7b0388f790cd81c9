// aeplay convert IN.aep OUT.aep --weights f16|f32: the same model with its weights stored another way.
// float16 halves the file (the shipped models are stored so: scripts/make-assets.sh); float32 widens it back
// (exactly: every float16 is a float). Prints the sizes and the largest change a weight went through.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "args.h"
#include "commands.h"
#include "error.h"
#include "json.h"
#include "serialize.h"

namespace cli {

int cmd_convert(int argc, char** argv) {
  Args args("aeplay convert", argc, argv, 2,
            {{"weights", true, "how OUT stores the weights: f16 (float16, half the size) or f32 (float32)"},
             {"json", false, "print one JSON object"}});
  if (args.has("help") || args.positionals().size() != 2) {
    std::printf("usage: aeplay convert IN.aep OUT.aep --weights f16|f32 [--json]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected an input and an output model file, e.g. aeplay convert ae.aep ae16.aep --weights f16");
  }
  ae::WeightEncoding encoding;
  if (!args.has("weights")) throw ae::Error("--weights f16|f32 is required");
  if (!ae::parse_weight_encoding(args.str("weights"), encoding))
    throw ae::Error("--weights: '" + args.str("weights") + "' is not a weight encoding (choose f16 or f32)");
  const std::string in = args.positionals()[0], out = args.positionals()[1];
  const ae::ModelFile source = ae::load_model(in);
  ae::ModelFile converted = source;
  converted.weights = encoding;
  const std::vector<uint8_t> bytes = ae::serialize_model(converted);  // refuses weights beyond float16's range
  // What the weights became: the file read back, compared with the source's weights.
  const ae::ModelFile back = ae::parse_model(bytes.data(), bytes.size(), out);
  double largest = 0, largest_weight = 0;
  for (size_t i = 0; i < source.params.size(); ++i) {
    largest = std::max(largest, std::fabs(double(back.params[i]) - double(source.params[i])));
    largest_weight = std::max(largest_weight, std::fabs(double(source.params[i])));
  }
  const auto in_size = static_cast<double>(std::filesystem::file_size(in));
  ae::save_model(out, converted);
  if (args.has("json")) {
    std::printf("%s\n", Json()
                            .str("file", in)
                            .str("out", out)
                            .str("from", ae::to_string(source.weights))
                            .str("weights", ae::to_string(encoding))
                            .num("bytes_in", in_size)
                            .num("bytes_out", double(bytes.size()))
                            .num("largest_change", largest)
                            .num("largest_weight", largest_weight)
                            .dump()
                            .c_str());
    return 0;
  }
  std::printf(
      "wrote %s: %s weights, %zu bytes (%s: %s, %.0f bytes); largest weight change %.3g (largest |weight| %.3g)\n",
      out.c_str(), ae::to_string(encoding), bytes.size(), in.c_str(), ae::to_string(source.weights), in_size, largest,
      largest_weight);
  return 0;
}

}  // namespace cli
