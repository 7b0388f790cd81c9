// aeplay finetune MODEL --labels N [--seeds S] [--json]: classifiers from a few labels (src/engine/finetune.h).
// For each seed 1..S: N labelled training images (N/10 per class, picked by the seed), a softmax layer on the
// model's code trained three ways (encoder frozen, encoder fine-tuned end to end, the same network from a
// random start), each scored on the whole test set. Prints the mean and the spread (sample standard
// deviation over the seeds; 0 for one seed) of the test accuracy of each way.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "finetune.h"
#include "json.h"
#include "progress.h"
#include "serialize.h"

namespace cli {

namespace {

struct Spread {
  double mean = 0, std = 0;
};

Spread spread(const std::vector<double>& v) {
  Spread s;
  for (double x : v) s.mean += x / static_cast<double>(v.size());
  if (v.size() < 2) return s;
  double sq = 0;
  for (double x : v) sq += (x - s.mean) * (x - s.mean);
  s.std = std::sqrt(sq / static_cast<double>(v.size() - 1));
  return s;
}

ae::FewLabelConfig config_from(const Args& args) {
  ae::FewLabelConfig c;
  c.labels = static_cast<int>(args.integer("labels", 0, -(1L << 30), 1L << 30));
  c.steps = static_cast<int>(args.integer("steps", 0, 0, 10000000));
  c.batch = static_cast<int>(args.integer("batch", c.batch, 1, 60000));
  c.head_lr = static_cast<float>(args.number("head-lr", c.head_lr, 1e-6, 10));
  c.encoder_lr = static_cast<float>(args.number("encoder-lr", c.encoder_lr, 0, 10));
  c.frozen_lr = static_cast<float>(args.number("frozen-lr", c.frozen_lr, 1e-6, 10));
  return c;
}

// --ways frozen,scratch -> those ways, in the table's order.
std::vector<ae::FewLabelWay> ways_from(const Args& args) {
  const std::string list = "," + args.str("ways", "frozen,finetuned,scratch") + ",";
  std::vector<ae::FewLabelWay> ways;
  for (ae::FewLabelWay w : ae::kFewLabelWays)
    if (list.find("," + std::string(ae::to_string(w)) + ",") != std::string::npos) ways.push_back(w);
  size_t named = 0;
  for (char ch : list) named += ch == ',';
  if (ways.empty() || ways.size() + 1 != named)
    throw ae::Error("--ways takes frozen, finetuned and scratch, comma-separated, got '" + args.str("ways") + "'");
  return ways;
}

// Every seed of every way; prints each run (unless json) and the summary (json: the one object).
void run_and_report(const ae::Autoencoder& model, const ae::Dataset& train, const ae::Dataset& test,
                    ae::FewLabelConfig config, int seeds, const std::vector<ae::FewLabelWay>& ways, bool json) {
  std::vector<double> acc[3];
  for (int s = 1; s <= seeds; ++s) {
    config.seed = static_cast<uint64_t>(s);
    for (ae::FewLabelWay way : ways) {
      const auto start = std::chrono::steady_clock::now();
      const ae::FewLabelScore r =
          ae::run_few_labels(model, way, train.images, train.labels, test.images, test.labels, config);
      acc[static_cast<int>(way)].push_back(r.accuracy);
      if (!json)
        std::printf("  seed %d  %-9s  test accuracy %6.2f%%  (%.1f s)\n", s, ae::to_string(way), 100 * r.accuracy,
                    seconds_since(start));
    }
  }
  Json out;
  out.num("labels", config.labels).num("seeds", seeds);
  for (ae::FewLabelWay way : ways) {
    const Spread sp = spread(acc[static_cast<int>(way)]);
    out.raw(ae::to_string(way), Json().num("accuracy_mean", sp.mean).num("accuracy_std", sp.std).dump());
    if (!json)
      std::printf("%-9s  test accuracy %6.2f%% ± %.2f  (error %.2f%%)\n", ae::to_string(way), 100 * sp.mean,
                  100 * sp.std, 100 * (1 - sp.mean));
  }
  if (json) std::printf("%s\n", out.dump().c_str());
}

}  // namespace

int cmd_finetune(int argc, char** argv) {
  Args args("aeplay finetune", argc, argv, 2,
            {{"labels", true, "N labelled training images, a multiple of 10 up to 60000 (N/10 of each digit)"},
             {"seeds", true, "repeat with seeds 1..S (other images, other initial weights); default 3"},
             {"steps", true, "training steps of each way (default max(1500, 20 epochs of the N images))"},
             {"batch", true, "mini-batch size (default 100, at most N)"},
             {"head-lr", true, "Adam learning rate of the softmax layer, fine-tuned and scratch (default 0.003)"},
             {"encoder-lr", true, "Adam learning rate of the encoder when it trains (default 0.0003)"},
             {"frozen-lr", true, "Adam learning rate of the softmax layer on the frozen encoder (default 0.03)"},
             {"ways", true, "which of frozen,finetuned,scratch to run (default all three)"},
             {"dataset", true, kDatasetHelp},
             {"data", true, kDataHelp},
             {"json", false, "print one JSON object: labels, seeds, and frozen/finetuned/scratch accuracy"}});
  if (args.has("help") || args.positionals().size() != 1) {
    std::printf("usage: aeplay finetune MODEL.aep --labels N [--seeds S] [options]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected one model file, e.g. aeplay finetune assets/models/ae-plain.aep --labels 100");
  }
  if (!args.has("labels")) throw ae::Error("--labels N is required (e.g. --labels 100)");
  const std::string path = args.positionals()[0];
  const ae::ModelFile file = ae::load_model(path);
  const auto model = ae::instantiate(file);
  std::string why;
  if (!ae::Classifier::supports(model->spec(), &why)) throw ae::Error(path + " is " + why);
  ae::FewLabelConfig config = config_from(args);
  const int seeds = static_cast<int>(args.integer("seeds", 3, 1, 1000));
  const std::vector<ae::FewLabelWay> ways = ways_from(args);
  const std::string fallback = ae::find_named_dataset(file.dataset) ? file.dataset : "mnist";
  if (ae::find_named_dataset(args.str("dataset", fallback)))  // MNIST, Fashion: 10 classes, 60,000 images
    ae::validate(config, ae::kMaxFewLabels);                  // refuse a bad N before loading anything
  const ae::Dataset train = load_split(args, ae::Split::Train, 0, fallback);
  const ae::Dataset test = load_split(args, ae::Split::Test, 0, fallback);
  note_dataset_mismatch(path, file.dataset, test);
  if (model->spec().input_size() != train.images.rows())
    throw ae::Error(path + ": the model expects " + std::to_string(model->spec().input_size()) +
                    " inputs, the data has " + std::to_string(train.images.rows()));
  config.classes = static_cast<int>(train.class_names.size());
  ae::validate(config, train.size());
  const bool json = args.has("json");
  if (!json)
    std::printf("%s: %d labelled training images (%d per class), %d seed%s, scored on %ld test images\n", path.c_str(),
                config.labels, config.labels / config.classes, seeds, seeds == 1 ? "" : "s",
                static_cast<long>(test.size()));

  run_and_report(*model, train, test, config, seeds, ways, json);
  return 0;
}

}  // namespace cli
