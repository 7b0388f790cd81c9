// aeplay anomaly MODEL --normal SET --anomalous SET: reconstruction error (squared error per image) as
// a score of how unfamiliar an input is, and how well it separates the two test sets: the AUROC (the
// probability that an anomalous image scores above a normal one), and the share of anomalous images
// above the normal set's 95th percentile. SET is mnist, mnist:3 or mnist:1,7 (those digits only);
// with classes in --normal and no --anomalous, the anomalous set is the other digits (one-class).
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

SetSpec parse_set(const std::string& text, const std::string& flag) {
  const size_t colon = text.find(':');
  SetSpec s{text.substr(0, colon), {}};
  if (colon != std::string::npos) s.classes = parse_classes(text.substr(colon + 1), flag);
  // TODO(data-sets issue): fashion and PATH through ae::load_dataset once it lands on main.
  if (s.dataset != "mnist") throw ae::Error(flag + ": unknown data set '" + s.dataset + "' (expected mnist or mnist:DIGITS)");
  return s;
}

std::string describe(const SetSpec& s) {
  std::string out = s.dataset;
  for (size_t i = 0; i < s.classes.size(); ++i) out += (i ? "," : ":") + std::to_string(s.classes[i]);
  return out;
}

ae::Dataset load_set(const Args& args, const SetSpec& s, ae::Index limit) {
  ae::Dataset d = load_split(args, ae::Split::Test, limit);
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
            {{"normal", true, "the familiar test set: mnist or mnist:DIGITS, e.g. mnist:3 (default mnist)"},
             {"anomalous", true, "the unfamiliar test set (default: the other digits when --normal names digits)"},
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
