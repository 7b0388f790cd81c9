// aeplay tangent MODEL... : the tangent plane of dense models at one test digit (Rifai et al. 2011). For each
// model: the digit, its reconstruction and the k leading left singular vectors of the decoder's Jacobian at
// the code h = f(x) (--of decoder) or of the whole map's Jacobian dr/dx (--of map), as images, with their
// singular values. The word `pca` stands for PCA fitted on training images: its tangents are its components
// and its "singular values" the standard deviations along them (src/engine/jacobian.h).
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "jacobian.h"
#include "json.h"
#include "pca.h"
#include "progress.h"
#include "serialize.h"
#include "tangent_png.h"

namespace cli {

namespace {

struct ModelTangents {
  std::string name;
  ae::Vec reconstruction;
  ae::Tangents tangents;
  std::string of;
  double seconds;
};

std::string short_name(const std::string& path) {
  return path == "pca" ? "PCA" : std::filesystem::path(path).stem().string();
}

ModelTangents of_model(const std::string& path, const ae::Vec& x, int k, const std::string& of) {
  const ae::ModelFile file = ae::load_model(path);
  const auto model = ae::instantiate(file);
  ae::require_dense(*model);
  if (model->spec().input_size() != x.size())
    throw ae::Error(path + ": the model expects " + std::to_string(model->spec().input_size()) +
                    " inputs, the images have " + std::to_string(x.size()));
  const auto start = std::chrono::steady_clock::now();
  ModelTangents m{short_name(path), {}, of == "map" ? ae::map_tangents(*model, x, k) : ae::decoder_tangents(*model, x, k),
                  of, 0.0};
  m.seconds = seconds_since(start);
  m.reconstruction = model->reconstruct(ae::Mat(x)).col(0);
  return m;
}

ModelTangents of_pca(const ae::Pca& pca, const ae::Vec& x, int k) {
  return {"PCA", pca.reconstruct(ae::Mat(x)).col(0), ae::pca_tangents(pca, k), "pca", 0.0};
}

LabelledRow picture_row(const ModelTangents& m, const ae::Vec& x) {
  LabelledRow row{m.name, ae::Mat(x.size(), 2 + m.tangents.k()), {"digit", "recon."}};
  row.images.col(0) = x;
  row.images.col(1) = m.reconstruction;
  for (int i = 0; i < m.tangents.k(); ++i) {
    row.images.col(2 + i) = signed_to_grey(m.tangents.directions.col(i));
    row.captions.push_back("s=" + fixed(m.tangents.singular_values(i), m.tangents.singular_values(i) < 10 ? 2 : 1));
  }
  return row;
}

void print(const ModelTangents& m, int digit, int label, bool json) {
  const ae::Vec& s = m.tangents.singular_values;
  if (json) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (Eigen::Index i = 0; i < s.size(); ++i) values.push_back(static_cast<double>(s(i)));
    std::printf("%s\n", Json().str("model", m.name).num("digit", digit).num("label", label).str("of", m.of)
                            .value("singular_values", values).num("seconds", m.seconds).dump().c_str());
    return;
  }
  std::printf("%-14s %-8s", m.name.c_str(), m.of.c_str());
  for (Eigen::Index i = 0; i < s.size(); ++i) std::printf(" %8.4f", s(i));
  std::printf("\n");
}

}  // namespace

int cmd_tangent(int argc, char** argv) {
  Args args("aeplay tangent", argc, argv, 2,
            {{"digit", true, "test image index (default 0)"},
             {"k", true, "number of tangent directions (default 8)"},
             {"of", true, "decoder (default: the decoder's Jacobian at h = f(x)) or map (the Jacobian of r = g(f(x)))"},
             {"png", true, "write a picture: per model the digit, its reconstruction and the k tangent images"},
             {"pca-size", true, "components of the PCA named `pca` (default 32; fitted on the first 10000 training images)"},
             {"dataset", true, kDatasetHelp},
             {"data", true, kDataHelp},
             {"json", false, "print one JSON object per model"}});
  if (args.has("help") || args.positionals().empty()) {
    std::printf("usage: aeplay tangent MODEL.aep|pca [MODEL.aep|pca ...] [options]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected at least one model file or `pca`, e.g. aeplay tangent assets/models/contractive.aep");
  }
  const std::string of = args.str("of", "decoder");
  if (of != "decoder" && of != "map") throw ae::Error("--of must be decoder or map, not '" + of + "'");
  const int k = static_cast<int>(args.integer("k", 8, 1, 64));
  std::string fallback = "mnist";
  for (const std::string& p : args.positionals())
    if (p != "pca") {
      const ae::ModelFile f = ae::load_model(p);
      if (ae::find_named_dataset(f.dataset)) fallback = f.dataset;
      break;
    }
  const ae::Dataset test = load_split(args, ae::Split::Test, 0, fallback);
  const long digit = args.integer("digit", 0, 0, static_cast<long>(test.size()) - 1);
  const ae::Vec x = test.images.col(digit);
  const int label = test.labels.empty() ? -1 : test.labels[static_cast<size_t>(digit)];

  std::vector<ModelTangents> results;
  for (const std::string& p : args.positionals()) {
    if (p == "pca") {
      const int components = static_cast<int>(args.integer("pca-size", 32, 1, 784));
      const ae::Dataset train = load_split(args, ae::Split::Train, 10000, fallback);
      results.push_back(of_pca(ae::Pca::fit(train.images, std::max(components, k)), x, k));
    } else {
      note_dataset_mismatch(p, ae::load_model(p).dataset, test);
      results.push_back(of_model(p, x, k, of));
    }
  }
  if (!args.has("json"))
    std::printf("tangents at %s test image %ld (label %d): singular values, largest first\n", test.name.c_str(), digit,
                label);
  for (const auto& m : results) print(m, static_cast<int>(digit), label, args.has("json"));
  if (args.has("png")) {
    std::vector<LabelledRow> rows;
    for (const auto& m : results) rows.push_back(picture_row(m, x));
    write_labelled_grid(args.str("png"), rows);
    if (!args.has("json"))
      std::printf("wrote %s (per row: digit, reconstruction, tangents; grey = 0, light/dark = +/-, each image scaled "
                  "to its own largest |value|)\n", args.str("png").c_str());
  }
  return 0;
}

}  // namespace cli
