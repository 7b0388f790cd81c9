// aeplay probe MODEL...: the latent-space classifier probe, headless — the same protocol as the playground's
// "Latent space" panel (src/engine/latent.h): the 10,000 MNIST test digits are encoded, the probes (k-NN with
// k = 5, and a linear softmax classifier) are fitted on the codes of the first half and scored on the second
// half; PCA at the same code size (fitted on the first half's pixels) is probed the same way.
#include <chrono>
#include <cstdio>
#include <map>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "json.h"
#include "latent.h"
#include "pca.h"
#include "progress.h"
#include "serialize.h"

namespace cli {

int cmd_probe(int argc, char** argv) {
  Args args("aeplay probe", argc, argv, 2,
            {{"dataset", true, kDatasetHelp},
             {"data", true, kDataHelp},
             {"test-size", true, "use the first N test images (default all 10000)"},
             {"json", false, "print one JSON object per line (models, then PCA)"}});
  if (args.has("help") || args.positionals().empty()) {
    std::printf("usage: aeplay probe MODEL.aep [MODEL.aep ...] [options]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected at least one model file, e.g. aeplay probe assets/models/ae-plain.aep");
  }
  // By default the data set the first model was trained on.
  const ae::ModelFile first = ae::load_model(args.positionals()[0]);
  const ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31),
                                      ae::find_named_dataset(first.dataset) ? first.dataset : "mnist");
  if (test.labels.size() != static_cast<size_t>(test.size())) throw ae::Error("the test set has no labels");
  const ae::Index fit = test.size() / 2;
  const bool json = args.has("json");
  if (!json)
    std::printf("probe on %s: fit on test images 0..%ld, scored on %ld..%ld (k-NN k=%d; linear softmax, %d Adam steps)\n",
                test.name.c_str(), static_cast<long>(fit - 1), static_cast<long>(fit), static_cast<long>(test.size() - 1),
                ae::kProbeNeighbours, ae::kLinearProbeIterations);

  auto report = [&](const std::string& name, int dim, const ae::ProbeAccuracy& a, double seconds) {
    if (json)
      std::printf("%s\n", Json().str("model", name).num("code_size", dim).num("knn_accuracy", a.knn)
                              .num("linear_accuracy", a.linear).num("seconds", seconds).dump().c_str());
    else
      std::printf("%-40s code %3d   k-NN %6.2f%%   linear %6.2f%%   (%.1f s)\n", name.c_str(), dim, 100 * a.knn,
                  100 * a.linear, seconds);
  };

  std::map<int, bool> dims;  // PCA at each code size seen, after the models
  for (const std::string& path : args.positionals()) {
    const auto start = std::chrono::steady_clock::now();
    const ae::ModelFile file = ae::load_model(path);
    note_dataset_mismatch(path, file.dataset, test);
    const auto model = ae::instantiate(file);
    if (model->spec().input_size() != test.images.rows())
      throw ae::Error(path + ": the model expects " + std::to_string(model->spec().input_size()) + " inputs, the data has " +
                      std::to_string(test.images.rows()));
    const ae::Mat codes = ae::encode_all(*model, test.images);
    report(path, model->latent_size(), ae::probe_accuracy(codes, test.labels), seconds_since(start));
    dims[model->latent_size()] = true;
  }
  const ae::Pca pca = ae::Pca::fit(test.images.leftCols(fit), std::min<int>(784, dims.rbegin()->first));
  for (const auto& [k, unused] : dims) {
    (void)unused;
    const auto start = std::chrono::steady_clock::now();
    ae::Pca pk = pca;
    pk.components = pca.components.leftCols(k);
    report("PCA-" + std::to_string(k) + " (pixels)", k, ae::probe_accuracy(pk.encode(test.images), test.labels),
           seconds_since(start));
  }
  return 0;
}

}  // namespace cli
