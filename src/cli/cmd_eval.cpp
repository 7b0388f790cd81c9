// aeplay eval MODEL: squared error per test image and PSNR on clean input and on each kind of
// corrupted input (corrupted input vs clean, reconstruction vs clean), plus a PNG grid.
#include <cstdio>

#include "colorize_report.h"
#include "commands.h"
#include "common.h"
#include "error.h"
#include "family_metrics.h"
#include "family_output.h"
#include "json.h"
#include "file_io.h"
#include "metrics.h"
#include "npz.h"
#include "png_grid.h"
#include "serialize.h"

namespace cli {

namespace {

// The model's outputs on `images`, as NumPy arrays [images, features] (each column of ours is a row there).
void save_outputs(const std::string& path, const ae::Autoencoder& model, const ae::Mat& images) {
  ae::interop::TensorFile f;
  auto add = [&](const std::string& name, const ae::Mat& m) {
    f.tensors.push_back({name, {m.cols(), m.rows()}, std::vector<float>(m.data(), m.data() + m.size())});
  };
  add("input", images);
  add("reconstruction", model.reconstruct(images));
  if (ae::family_info(model.spec().family).variational) {
    ae::Mat mu, logvar;
    model.encode_distribution(images, mu, logvar);
    add("code", mu);
    add("logvar", logvar);
  } else {
    add("code", model.encode(images));
  }
  ae::write_file_atomic(path, ae::interop::write_npz(f));
}

std::vector<OptionDef> eval_option_defs() {
  return {{"noises", true,
           "corruptions to evaluate (default none,gaussian:0.3,gaussian:0.5,mask:0.25,mask:0.5,"
           "saltpepper:0.1,saltpepper:0.2,dropout:0.3)"},
          {"png", true, "write a grid PNG: rows original / corrupted / reconstruction"},
          {"png-noise", true, "corruption for the PNG (default: the model's training noise, else gaussian:0.5)"},
          {"digits", true, "test indices for the PNG, e.g. 0,1,2 (default: one of each digit)"},
          {"seed", true, "noise seed (default 12345)"},
          {"test-size", true, "use the first N test images (default all)"},
          {"dataset", true, kDatasetHelp},
          {"data", true, kDataHelp},
          {"save-outputs", true,
           "write the clean test images and the model's outputs on them as .npz: input, reconstruction, code "
           "(the VAE: code = mu, and logvar), [images, features] float32"},
          {"json", false, "print one JSON object"}};
}

// "none,gaussian:0.3,..." as specs.
std::vector<ae::NoiseSpec> parse_noise_list(const std::string& list) {
  std::vector<ae::NoiseSpec> noises;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    noises.push_back(
        ae::parse_noise(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return noises;
}

// --png: rows original / corrupted / reconstruction of the chosen digits.
void write_png(const Args& args, const ae::ModelFile& file, const ae::Dataset& test, const ae::Autoencoder& model,
               uint64_t seed, bool json) {
  ae::NoiseSpec png_noise = args.has("png-noise")                            ? ae::parse_noise(args.str("png-noise"))
                            : file.trained_noise.kind != ae::NoiseKind::None ? file.trained_noise
                                                                             : ae::parse_noise("gaussian:0.5");
  const ae::Mat clean = columns(test.images, pick_digits(args, test));
  ae::Rng rng(seed, 4);
  ae::Mat noisy;
  ae::corrupt(png_noise, clean, noisy, rng);
  write_png_grid(args.str("png"), {clean, noisy, model.reconstruct(noisy)});
  if (!json)
    std::printf("\nwrote %s (rows: original / %s / reconstruction)\n", args.str("png").c_str(),
                ae::to_string(png_noise).c_str());
}

// A colorization model: the table against the baselines on the test photographs, and the PNG.
int eval_colorizer(const Args& args, const std::string& path, const ae::ModelFile& file, const ae::Autoencoder& model) {
  const ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31), "photos");
  ae::check_colorization(file.spec, test, path);  // before the note: a refusal is one line
  note_dataset_mismatch(path, file.dataset, test);
  const ae::ColorizationScores scores = ae::score_colorization(model, test, training_mean_chroma(args));
  const bool json = args.has("json");
  if (json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(colorization_json(scores));
    j["model"] = file.spec.describe();
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("model %s: %s\n", path.c_str(), file.spec.describe().c_str());
    print_colorization_table(scores);
  }
  if (args.has("png")) {
    write_colorization_png(args.str("png"), args, model, test);
    if (!json) std::printf("\nwrote %s (rows: grey input / the model's colours / the original)\n", args.str("png").c_str());
  }
  if (args.has("save-outputs")) {  // input: the lightness planes; reconstruction: the predicted chroma
    save_outputs(args.str("save-outputs"), model, ae::rgb_to_lab_planes(test.images).lightness);
    if (!json) std::printf("\nwrote %s (input lightness, chroma, code)\n", args.str("save-outputs").c_str());
  }
  return 0;
}

}  // namespace

int cmd_eval(int argc, char** argv) {
  Args args("aeplay eval", argc, argv, 2, eval_option_defs());
  if (args.has("help") || args.positionals().size() != 1) {
    std::printf("usage: aeplay eval MODEL [options]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected exactly one model file, e.g. aeplay eval model.aep");
  }
  const std::string path = args.positionals()[0];
  ae::ModelFile file = ae::load_model(path);
  auto model = ae::instantiate(file);
  if (ae::is_colorizer(file.spec)) return eval_colorizer(args, path, file, *model);
  if (file.spec.output_size() != file.spec.input_size())
    throw ae::Error(path + ": a model with " + std::to_string(file.spec.in_channels) + " input and " +
                    std::to_string(file.spec.out_channels) + " output channels; aeplay eval scores reconstructions "
                    "and colorizers (1 in, 2 out)");
  // By default a model is evaluated on the data set it was trained on.
  ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31),
                                ae::find_named_dataset(file.dataset) ? file.dataset : "mnist");
  if (test.images.rows() != file.spec.input_size())
    throw ae::Error(path + ": model expects " + std::to_string(file.spec.input_size()) + " pixels, data has " +
                    std::to_string(test.images.rows()));
  note_dataset_mismatch(path, file.dataset, test);  // after the check: a refusal is one line
  const uint64_t seed = static_cast<uint64_t>(args.integer("seed", 12345, 0, 1L << 62));

  const std::vector<ae::NoiseSpec> noises = parse_noise_list(args.str(
      "noises", "none,gaussian:0.3,gaussian:0.5,mask:0.25,mask:0.5,saltpepper:0.1,saltpepper:0.2,dropout:0.3"));
  const bool json = args.has("json");
  if (!json) {
    std::printf("model %s: %s, trained with noise %s\n", path.c_str(), file.spec.describe().c_str(),
                ae::to_string(file.trained_noise).c_str());
    std::printf("%ld %s test images; squared error per image (sum over pixels, mean over images) and PSNR vs the clean image\n\n",
                static_cast<long>(test.size()), test.name.c_str());
    std::printf("%-18s %14s %10s %16s %10s\n", "input", "corrupted SE", "PSNR dB", "reconstruction SE", "PSNR dB");
  }
  std::string rows = "[";
  for (const auto& noise : noises) {
    ae::Rng rng(seed, 3);
    ae::Mat input;
    ae::corrupt(noise, test.images, input, rng);
    const ae::Mat recon = model->reconstruct(input);
    const double se_in = ae::squared_error_per_image(test.images, input);
    const double se_out = ae::squared_error_per_image(test.images, recon);
    const double psnr_in = ae::psnr(test.images, input), psnr_out = ae::psnr(test.images, recon);
    if (json) {
      rows += (rows.size() > 1 ? "," : "") + Json()
                                                .str("noise", ae::to_string(noise))
                                                .num("corrupted_squared_error", se_in)
                                                .num("corrupted_psnr", psnr_in)
                                                .num("reconstruction_squared_error", se_out)
                                                .num("reconstruction_psnr", psnr_out)
                                                .num("reconstruction_bce", ae::bce_per_image(test.images, recon))
                                                .dump();
    } else {
      std::printf("%-18s %14.2f %10s %16.2f %10.2f\n", ae::to_string(noise).c_str(), se_in,
                  noise.kind == ae::NoiseKind::None ? "-" : fixed(psnr_in, 2).c_str(), se_out, psnr_out);
    }
  }
  rows += "]";
  const ae::FamilyReport family = ae::family_report(*model, test.images, seed);
  if (!json) std::printf("\n%s", family_lines(file.spec, family).c_str());

  if (args.has("png")) write_png(args, file, test, *model, seed, json);
  if (args.has("save-outputs")) {
    save_outputs(args.str("save-outputs"), *model, test.images);
    if (!json) std::printf("\nwrote %s (input, reconstruction, code)\n", args.str("save-outputs").c_str());
  }
  if (json)
    std::printf("%s\n", Json().str("model", file.spec.describe()).num("test_images", static_cast<double>(test.size()))
                            .raw("results", rows).raw("family", family_json(file.spec, family)).dump().c_str());
  return 0;
}

}  // namespace cli
