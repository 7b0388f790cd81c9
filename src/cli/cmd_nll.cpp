// aeplay nll MODEL: the test negative log-likelihood of a Bernoulli VAE by importance sampling (the IWAE bound
// with K samples, importance.h), its standard error over the test images, and the ELBO beside it. The test
// images are binarized once with a fixed seed (likelihood.h), as in Burda et al. 2015.
#include <chrono>
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "importance.h"
#include "json.h"
#include "kernels/thread_pool.h"
#include "likelihood.h"
#include "progress.h"
#include "serialize.h"

namespace cli {

namespace {

std::vector<OptionDef> nll_option_defs() {
  return {{"k", true, "importance samples per image, 1..100000 (default 5000, the published tables' K)"},
          {"test-size", true, "use the first N test images (default all 10000; the cost grows with N x K)"},
          {"seed", true, "seed of the importance samples (default 1; the test set's binarization is fixed)"},
          {"threads", true, "threads (default 0 = every core)"},
          {"dataset", true, kDatasetHelp},
          {"data", true, kDataHelp},
          {"json", false, "print {\"k\", \"nll\", \"nll_stderr\", \"elbo\"} (and the rest) as one JSON object"},
          {"quiet", false, "no progress bar"}};
}

void print_text(const std::string& path, const ae::ModelFile& file, const ae::LikelihoodEstimate& e,
                const std::string& data_name, double seconds) {
  std::printf("model %s: %s\n", path.c_str(), file.spec.describe().c_str());
  std::printf("%ld %s test images, binarized once (seed %llu), K = %d importance samples each\n",
              static_cast<long>(e.images), data_name.c_str(), static_cast<unsigned long long>(ae::kBinarizeSeed), e.k);
  std::printf("test NLL  -log p(x) <= %.2f nats  (IWAE bound, K = %d; standard error %.2f)\n", e.nll, e.k,
              e.nll_stderr);
  std::printf("ELBO                   %.2f nats  (standard error %.2f; -ELBO %.2f)\n", e.elbo, e.elbo_stderr, -e.elbo);
  std::printf("%.1f s, %.1f ms per image\n", seconds, 1000.0 * seconds / static_cast<double>(e.images));
}

}  // namespace

int cmd_nll(int argc, char** argv) {
  Args args("aeplay nll", argc, argv, 2, nll_option_defs());
  if (args.has("help") || args.positionals().size() != 1) {
    std::printf("usage: aeplay nll MODEL [options]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected exactly one model file, e.g. aeplay nll vae-bernoulli.aep");
  }
  const std::string path = args.positionals()[0];
  const ae::ModelFile file = ae::load_model(path);
  const std::string refusal = ae::likelihood_refusal(file.spec);
  if (!refusal.empty()) throw ae::Error(path + ": " + refusal);
  const long k = args.integer("k", 5000, 1, ae::kMaxImportanceSamples);
  ae::kernels::set_threads(static_cast<int>(args.integer("threads", 0, 0, 64)));
  auto model = ae::instantiate(file);
  const ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31),
                                      ae::find_named_dataset(file.dataset) ? file.dataset : "mnist");
  note_dataset_mismatch(path, file.dataset, test);
  if (test.images.rows() != file.spec.input_size())
    throw ae::Error(path + ": model expects " + std::to_string(file.spec.input_size()) + " pixels, data has " +
                    std::to_string(test.images.rows()));
  const bool json = args.has("json");
  const uint64_t seed = static_cast<uint64_t>(args.integer("seed", 1, 0, 1L << 62));
  const ae::Mat binary = ae::binarized(test.images);

  ProgressBar bar(!json && !args.has("quiet"));
  const auto start = std::chrono::steady_clock::now();
  const double n = static_cast<double>(binary.cols());
  const ae::LikelihoodEstimate e =
      ae::estimate_likelihood(*model, binary, static_cast<int>(k), seed, [&](ae::Index done) {
        bar.update(done / n, done / std::max(seconds_since(start), 1e-9), "image " + std::to_string(done));
      });
  bar.finish();
  const double seconds = seconds_since(start);
  if (json)
    std::printf("%s\n", Json()
                            .num("k", e.k)
                            .num("nll", e.nll)
                            .num("nll_stderr", e.nll_stderr)
                            .num("elbo", e.elbo)
                            .num("elbo_stderr", e.elbo_stderr)
                            .num("images", static_cast<double>(e.images))
                            .num("seconds", seconds)
                            .num("ms_per_image", 1000.0 * seconds / n)
                            .dump()
                            .c_str());
  else
    print_text(path, file, e, test.name, seconds);
  return 0;
}

}  // namespace cli
