// aeplay search MODEL: search by code (src/engine/search.h). The database is the training set, the queries the
// first N test images; every method ranks the database for each query: precision at K (a result counts when its
// label is the query's), mAP over the whole ranked database, and milliseconds per query (representing the query
// and ranking the top K, one query at a time, one thread).
#include <chrono>
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "json.h"
#include "progress.h"
#include "search.h"
#include "serialize.h"

namespace cli {

namespace {
std::vector<ae::SearchMethod> methods_from(const Args& args) {
  std::vector<ae::SearchMethod> out;
  if (!args.has("methods")) {
    for (int m = 0; m < ae::kSearchMethodCount; ++m) out.push_back(static_cast<ae::SearchMethod>(m));
    return out;
  }
  const std::string list = args.str("methods");
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    out.push_back(ae::parse_search_method(list.substr(start, comma - start)));
    start = comma + 1;
  }
  return out;
}

// What the row is: "binary (32 bits, Hamming)", "pca (32 components)".
std::string describe(const ae::SearchIndex& index) {
  const std::string n = std::to_string(index.dimensions());
  switch (index.method()) {
    case ae::SearchMethod::Pixels: return "pixels (" + n + ", Euclidean)";
    case ae::SearchMethod::Pca: return "pca (" + n + " components)";
    case ae::SearchMethod::Codes: return "codes (" + n + " real)";
    case ae::SearchMethod::Binary: return "binary codes (" + n + " bits)";
    case ae::SearchMethod::Hyperplanes: return "hyperplanes (" + n + " bits)";
  }
  return "";
}
}  // namespace

int cmd_search(int argc, char** argv) {
  Args args("aeplay search", argc, argv, 2,
            {{"bits", true, "PCA components and random hyperplanes (default: the model's code size)"},
             {"queries", true, "the first N test images are the queries (default 1000)"},
             {"k", true, "precision at K (default 100)"},
             {"methods", true, "a list of pixels, pca, codes, binary, hyperplanes (default all)"},
             {"train-size", true, "search the first N training images (default all 60000)"},
             {"seed", true, "seed of the random hyperplanes (default 1)"},
             {"dataset", true, kDatasetHelp},
             {"data", true, kDataHelp},
             {"json", false, "print one JSON object per method"}});
  if (args.has("help") || args.positionals().size() != 1) {
    std::printf("usage: aeplay search MODEL.aep [options]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected one model file, e.g. aeplay search assets/models/hash-32.aep");
  }
  const std::string path = args.positionals()[0];
  const ae::ModelFile file = ae::load_model(path);
  const auto model = ae::instantiate(file);
  const std::string dataset = ae::find_named_dataset(file.dataset) ? file.dataset : "mnist";
  const ae::Dataset train = load_split(args, ae::Split::Train, args.integer("train-size", 0, 0, 1L << 31), dataset);
  const ae::Dataset test = load_split(args, ae::Split::Test, args.integer("queries", 1000, 1, 1L << 31), dataset);
  note_dataset_mismatch(path, file.dataset, test);
  if (train.labels.size() != static_cast<size_t>(train.size()) ||
      test.labels.size() != static_cast<size_t>(test.size()))
    throw ae::Error("search needs labelled images (a result counts when its label is the query's)");
  const int bits = static_cast<int>(args.integer("bits", model->latent_size(), 1, 4096));
  const ae::Index k = args.integer("k", 100, 1, train.size());
  const uint64_t seed = static_cast<uint64_t>(args.integer("seed", 1, 0, 1L << 62));
  const bool json = args.has("json");
  if (!json)
    std::printf("search %s: %ld %s training images, %ld test queries, precision at %ld, mAP over the whole ranking\n",
                path.c_str(), static_cast<long>(train.size()), train.name.c_str(), static_cast<long>(test.size()),
                static_cast<long>(k));
  for (ae::SearchMethod method : methods_from(args)) {
    const auto start = std::chrono::steady_clock::now();
    const ae::SearchIndex index(method, train.images, model.get(), bits, seed);
    const ae::RetrievalScore s = ae::evaluate_retrieval(index, train.labels, test.images, test.labels, k);
    if (json)
      std::printf("%s\n", Json()
                              .str("method", ae::to_string(method))
                              .num("dimensions", index.dimensions())
                              .boolean("hamming", ae::method_is_binary(method))
                              .num("k", static_cast<double>(k))
                              .num("queries", static_cast<double>(test.size()))
                              .num("precision_at_k", s.precision_at_k)
                              .num("map", s.map)
                              .num("ms_per_query", s.ms_per_query)
                              .dump()
                              .c_str());
    else
      std::printf("%-28s precision@%ld %6.2f%%   mAP %6.2f%%   %8.3f ms/query   (%.1f s)\n", describe(index).c_str(),
                  static_cast<long>(k), 100 * s.precision_at_k, 100 * s.map, s.ms_per_query, seconds_since(start));
  }
  return 0;
}

}  // namespace cli
