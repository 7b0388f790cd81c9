// libFuzzer target: the CLI option parser (cli::Args, compiled in from src/cli/args.cpp) and the value
// parsers the subcommands apply to what it returns (layer lists, numbers, noise, activation, loss,
// optimizer, digit lists). The input is an argv: arguments separated by NUL bytes. The first byte picks
// the subcommand's option table. Errors must be ae::Error with a one-line message; nothing else.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "activations.h"
#include "args.h"
#include "common.h"
#include "error.h"
#include "losses.h"
#include "model.h"
#include "noise.h"
#include "optim.h"

namespace {

// The option tables of `aeplay train` and `aeplay eval` (value options and flags of both kinds).
const std::vector<cli::OptionDef> kTrain{
    {"layers", true, ""},   {"activation", true, ""}, {"latent-activation", true, ""}, {"output", true, ""},
    {"loss", true, ""},     {"tied", false, ""},      {"optimizer", true, ""},         {"lr", true, ""},
    {"momentum", true, ""}, {"nesterov", false, ""},  {"weight-decay", true, ""},      {"clip", true, ""},
    {"batch", true, ""},    {"epochs", true, ""},     {"noise", true, ""},             {"seed", true, ""},
    {"train-size", true, ""}, {"test-size", true, ""}, {"data", true, ""},            {"out", true, ""},
    {"json", false, ""},    {"quiet", false, ""}};
const std::vector<cli::OptionDef> kEval{{"noises", true, ""}, {"png", true, ""},  {"png-noise", true, ""},
                                        {"digits", true, ""}, {"seed", true, ""}, {"test-size", true, ""},
                                        {"data", true, ""},   {"json", false, ""}};

template <class F>
void expect_clean_error(F&& f) {
  try {
    f();
  } catch (const ae::Error& e) {
    const std::string m = e.what();
    if (m.empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool eval = data[0] & 1;
  std::vector<std::string> items{"aeplay", eval ? "eval" : "train"};
  std::string cur;
  for (size_t i = 1; i < size; ++i) {
    if (data[i] == 0) {
      items.push_back(cur);
      cur.clear();
    } else {
      cur += static_cast<char>(data[i]);
    }
  }
  items.push_back(cur);
  std::vector<char*> argv;
  for (auto& s : items) argv.push_back(s.data());
  argv.push_back(nullptr);
  const int argc = static_cast<int>(items.size());

  try {
    cli::Args a(eval ? "aeplay eval" : "aeplay train", argc, argv.data(), 2, eval ? kEval : kTrain);
    (void)a.usage();
    if (!eval) {
      expect_clean_error([&] {
        ae::ModelSpec spec;
        spec.sizes = a.int_list("layers", "784,256,32");
        spec.hidden = ae::parse_activation(a.str("activation", "relu"));
        spec.latent = ae::parse_activation(a.str("latent-activation", "relu"));
        spec.output = ae::parse_activation(a.str("output", "sigmoid"));
        spec.loss = ae::parse_loss(a.str("loss", "mse"));
        spec.tied = a.has("tied");
        ae::validate(spec);
      });
      expect_clean_error([&] {
        ae::OptimConfig o;
        o.kind = ae::parse_optimizer(a.str("optimizer", "adam"));
        o.lr = static_cast<float>(a.number("lr", 1e-3, 1e-12, 10));
        o.momentum = static_cast<float>(a.number("momentum", 0.9, 0, 0.999999));
        o.weight_decay = static_cast<float>(a.number("weight-decay", 0, 0, 10));
        o.clip_norm = static_cast<float>(a.number("clip", 0, 0, 1e9));
        ae::validate(o);
      });
      expect_clean_error([&] { (void)a.integer("batch", 64, 1, 1 << 20); });
      expect_clean_error([&] { (void)a.integer("seed", 1, 0, 1L << 62); });
      expect_clean_error([&] { ae::validate(ae::parse_noise(a.str("noise", "none"))); });
    } else {
      expect_clean_error([&] {
        ae::Dataset test;
        test.images = ae::Mat::Zero(4, 3);
        test.labels = {1, 0, 2};
        for (int i : cli::pick_digits(a, test))
          if (i < 0 || i >= 3) std::abort();
      });
      expect_clean_error([&] {
        const std::string list = a.str("noises", "none");
        size_t start = 0;
        while (start <= list.size()) {
          size_t comma = list.find(',', start);
          ae::NoiseSpec n = ae::parse_noise(list.substr(start, comma == std::string::npos ? comma : comma - start));
          if (!std::isfinite(n.level)) std::abort();
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      });
      expect_clean_error([&] { (void)a.integer("test-size", 0, 0, 1L << 31); });
    }
  } catch (const ae::Error& e) {
    if (std::string(e.what()).empty()) std::abort();
  }
  return 0;
}
