// aeplay anomaly MODEL --normal SET --anomalous SET: reconstruction error (squared error per image) as
// a score of how unfamiliar an input is, and how well it separates the two test sets: the AUROC (the
// probability that an anomalous image scores above a normal one), and the share of anomalous images
// above the normal set's 95th percentile. SET is mnist, fashion or a PATH (ae::load_dataset), optionally
// with classes: mnist:3, fashion:1,7. With classes in --normal and no --anomalous, the anomalous set is the
// other classes of the same data set (one-class). The test split of each set is scored.
#include <algorithm>
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "json.h"
#include "metrics.h"
#include "serialize.h"
#include "subsets.h"

namespace cli {

namespace {

struct SetSpec {
  std::string dataset;       // "mnist"
  std::vector<int> classes;  // empty = all
};

// NAME, NAME:3 or NAME:1,7 where NAME is mnist, fashion or a PATH (load_dataset); the classes follow the last colon.
SetSpec parse_set(const std::string& text, const std::string& flag) {
  const size_t colon = text.rfind(':');
  const bool has_classes = colon != std::string::npos && colon + 1 < text.size() &&
                           text.find_first_not_of("0123456789,", colon + 1) == std::string::npos;
  SetSpec s{has_classes ? text.substr(0, colon) : text, {}};
  if (has_classes) s.classes = parse_classes(text.substr(colon + 1), flag);
  if (s.dataset.empty()) throw ae::Error(flag + " needs a data set: mnist, fashion or a PATH, e.g. mnist:3");
  return s;
}

std::string describe(const SetSpec& s) {
  std::string out = s.dataset;
  for (size_t i = 0; i < s.classes.size(); ++i) out += (i ? "," : ":") + std::to_string(s.classes[i]);
  return out;
}

ae::Dataset load_set(const Args& args, const SetSpec& s, ae::Index limit) {
  ae::Dataset d = ae::load_dataset(s.dataset, ae::Split::Test, limit, args.str("data", ""));
  return s.classes.empty() ? d : select_classes(d, s.classes);
}

double percentile(std::vector<double> v, double q) {  // nearest rank
  std::sort(v.begin(), v.end());
  const size_t k = static_cast<size_t>(std::max(0.0, std::ceil(q / 100.0 * static_cast<double>(v.size())) - 1));
  return v[std::min(k, v.size() - 1)];
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

}  // namespace

int cmd_anomaly(int argc, char** argv) {
  Args args("aeplay anomaly", argc, argv, 2,
            {{"normal", true, "the familiar test set: mnist, fashion or PATH, optionally :CLASSES, e.g. mnist:3 (default mnist)"},
             {"anomalous", true, "the unfamiliar test set, e.g. fashion (default: the other classes when --normal names classes)"},
             {"test-size", true, "use the first N test images of each set (default all)"},
             {"data", true, "directory with the MNIST IDX files"},
             {"json", false, "print one JSON object"}});
  if (args.has("help") || args.positionals().size() != 1) {
    std::printf("usage: aeplay anomaly MODEL [--normal SET] [--anomalous SET] [options]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected exactly one model file, e.g. aeplay anomaly one3.aep --normal mnist:3");
  }
  const std::string path = args.positionals()[0];
  const ae::ModelFile file = ae::load_model(path);
  const auto model = ae::instantiate(file);
  const SetSpec normal = parse_set(args.str("normal", "mnist"), "--normal");
  SetSpec anomalous;
  if (args.has("anomalous")) anomalous = parse_set(args.str("anomalous"), "--anomalous");
  else if (!normal.classes.empty()) anomalous = {normal.dataset, other_classes(normal.classes)};
  else throw ae::Error("--anomalous is needed when --normal is a whole data set (e.g. --anomalous fashion)");
  const ae::Index limit = args.integer("test-size", 0, 0, 1L << 31);
  const ae::Dataset a = load_set(args, normal, limit), b = load_set(args, anomalous, limit);
  if (a.images.rows() != file.spec.input_size())
    throw ae::Error(path + ": model expects " + std::to_string(file.spec.input_size()) + " pixels, data has " +
                    std::to_string(a.images.rows()));
  const std::vector<double> sa = ae::squared_error_each(a.images, model->reconstruct(a.images));
  const std::vector<double> sb = ae::squared_error_each(b.images, model->reconstruct(b.images));
  const double auc = ae::auroc(sa, sb), p95 = percentile(sa, 95);
  double above = 0;
  for (double v : sb) above += v > p95;
  above /= static_cast<double>(sb.size());
  if (args.has("json")) {
    std::printf("%s\n", Json().str("model", path).str("normal", describe(normal)).str("anomalous", describe(anomalous))
                            .num("normal_images", static_cast<double>(sa.size()))
                            .num("anomalous_images", static_cast<double>(sb.size())).num("normal_mean_error", mean(sa))
                            .num("anomalous_mean_error", mean(sb)).num("normal_p95_error", p95)
                            .num("anomalous_above_p95", above).num("auroc", auc).dump().c_str());
    return 0;
  }
  std::printf("model %s; score = squared reconstruction error per image\n", path.c_str());
  std::printf("normal    %-22s %6zu images, mean error %8.2f, 95th percentile %8.2f\n", describe(normal).c_str(),
              sa.size(), mean(sa), p95);
  std::printf("anomalous %-22s %6zu images, mean error %8.2f, %5.1f%% above the normal 95th percentile\n",
              describe(anomalous).c_str(), sb.size(), mean(sb), 100 * above);
  std::printf("AUROC %.4f\n", auc);
  return 0;
}

}  // namespace cli
