// aeplay restore MODEL --degrade SPEC: inpainting and super-resolution on the test set, the model
// against the naive baselines. Occlusion (block:S, half:SIDE): the training mean image pasted into the
// hidden pixels, vs the model's output pasted there (and its whole output). Low resolution (down:F):
// nearest, bilinear and bicubic upsampling of the box-filtered image, vs the model's output on the
// degraded input. Squared error per image (sum over pixels, mean over images) and PSNR vs the clean digit.
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "json.h"
#include "metrics.h"
#include "noise.h"
#include "png_grid.h"
#include "resample.h"
#include "serialize.h"

namespace cli {

namespace {

struct Row {
  std::string method;
  ae::Mat output;
};

// visible pixels from `input`, hidden ones (mask 0) from `fill`
ae::Mat paste(const ae::Mat& input, const ae::Mat& mask, const ae::Mat& fill) {
  return (input.array() * mask.array() + fill.array() * (1 - mask.array())).matrix();
}

std::vector<Row> occlusion_rows(const ae::NoiseSpec& spec, const ae::Mat& clean, const ae::Vec& mean,
                                const ae::Autoencoder& model, uint64_t seed) {
  ae::Mat mask(clean.rows(), clean.cols());
  ae::Rng rng(seed, 3);
  ae::occlusion_mask(spec, mask.data(), mask.size(), rng);
  const ae::Mat input = (clean.array() * mask.array()).matrix();
  const ae::Mat recon = model.reconstruct(input);
  const ae::Mat mean_image = mean.replicate(1, clean.cols());
  return {{"occluded input (zeros)", input},
          {"baseline: training mean in the hole", paste(input, mask, mean_image)},
          {"model: output in the hole", paste(input, mask, recon)},
          {"model: whole output", recon}};
}

std::vector<Row> low_resolution_rows(const ae::NoiseSpec& spec, const ae::Mat& clean, const ae::Autoencoder& model) {
  const int factor = static_cast<int>(spec.level);
  std::vector<Row> rows;
  for (auto how : {ae::Upsample::Nearest, ae::Upsample::Bilinear, ae::Upsample::Bicubic})
    rows.push_back({std::string("baseline: ") + ae::to_string(how) + " upsampling", ae::low_resolution(clean, factor, how)});
  rows.push_back({"model on the " + std::string(ae::to_string(spec.upsample)) + " input",
                  model.reconstruct(ae::low_resolution(clean, factor, spec.upsample))});
  return rows;
}

}  // namespace

int cmd_restore(int argc, char** argv) {
  Args args("aeplay restore", argc, argv, 2,
            {{"degrade", true, ae::noise_syntax(false, true) + " (default: the model's training one)"},
             {"seed", true, "seed of the block positions (default 12345)"},
             {"test-size", true, "use the first N test images (default all)"},
             {"train-size", true, "images for the training mean image (default all 60000)"},
             {"png", true, "write a grid PNG: rows original, degraded, then each method"},
             {"digits", true, "test indices for the PNG (default: one of each digit)"},
             {"data", true, "directory with the MNIST IDX files"},
             {"json", false, "print one JSON object"}});
  if (args.has("help") || args.positionals().size() != 1) {
    std::printf("usage: aeplay restore MODEL [--degrade SPEC] [options]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected exactly one model file, e.g. aeplay restore inpaint.aep --degrade block:12");
  }
  const std::string path = args.positionals()[0];
  const ae::ModelFile file = ae::load_model(path);
  const auto model = ae::instantiate(file);
  const ae::NoiseSpec spec = args.has("degrade") ? ae::parse_noise(args.str("degrade")) : file.trained_noise;
  if (!ae::is_occlusion(spec.kind) && spec.kind != ae::NoiseKind::Down)
    throw ae::Error("restore needs an occlusion or a low resolution (--degrade block:S, half:SIDE or down:F), got " +
                    ae::to_string(spec));
  const ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31));
  if (test.images.rows() != file.spec.input_size() || test.images.rows() != ae::kImageSide * ae::kImageSide)
    throw ae::Error(path + ": restore needs a model of 28x28 images");
  const uint64_t seed = static_cast<uint64_t>(args.integer("seed", 12345, 0, 1L << 62));

  std::vector<Row> rows;
  if (ae::is_occlusion(spec.kind)) {
    const ae::Dataset train = load_split(args, ae::Split::Train, args.integer("train-size", 0, 0, 1L << 31));
    rows = occlusion_rows(spec, test.images, train.images.rowwise().mean(), *model, seed);
  } else {
    rows = low_resolution_rows(spec, test.images, *model);
  }
  const bool json = args.has("json");
  if (!json)
    std::printf("model %s (trained with %s) on %s, %ld test images\n\n%-38s %12s %9s\n", path.c_str(),
                ae::to_string(file.trained_noise).c_str(), ae::to_string(spec).c_str(), static_cast<long>(test.size()),
                "method", "SE / image", "PSNR dB");
  std::string list = "[";
  for (const Row& r : rows) {
    const double se = ae::squared_error_per_image(test.images, r.output), db = ae::psnr(test.images, r.output);
    if (json) list += (list.size() > 1 ? "," : "") + Json().str("method", r.method).num("squared_error", se).num("psnr", db).dump();
    else std::printf("%-38s %12.2f %9.2f\n", r.method.c_str(), se, db);
  }
  if (args.has("png")) {
    const std::vector<int> idx = pick_digits(args, test);
    std::vector<ae::Mat> grid{columns(test.images, idx)};
    for (const Row& r : rows) grid.push_back(columns(r.output, idx));
    write_png_grid(args.str("png"), grid);
    if (!json) std::printf("\nwrote %s\n", args.str("png").c_str());
  }
  if (json)
    std::printf("%s\n", Json().str("model", path).str("degradation", ae::to_string(spec))
                            .num("test_images", static_cast<double>(test.size())).raw("results", list + "]").dump().c_str());
  return 0;
}

}  // namespace cli
