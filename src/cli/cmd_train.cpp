// aeplay train: builds an autoencoder from flags, trains it on MNIST with the step-wise trainer and
// saves it. Prints the loss per epoch (train and test) and the final test error.
#include <chrono>
#include <cstdio>
#include <functional>

#include "colorize_report.h"
#include "commands.h"
#include "kernels/thread_pool.h"
#include "common.h"
#include "error.h"
#include "json.h"
#include "metrics.h"
#include "progress.h"
#include "serialize.h"
#include "family_metrics.h"
#include "family_output.h"
#include "stacked.h"
#include "subsets.h"
#include "train_options.h"
#include "trainer.h"

namespace cli {

namespace {

// Greedy layer-wise pretraining of a stacked setup, with its own progress bar.
void pretrain(const ae::Preset& setup, ae::Autoencoder& model, ae::Trainer& trainer, const ae::Mat& train,
              const ae::Mat& test, bool quiet) {
  ae::TrainConfig layer_cfg = setup.train;
  layer_cfg.epochs = setup.pretrain_epochs;
  ProgressBar pre(!quiet);
  const int layers = setup.spec.encoder_layers();
  if (!quiet) std::printf("greedy layer-wise pretraining: %d layers, %d epochs each\n", layers, setup.pretrain_epochs);
  ae::pretrain_stacked(model, train, layer_cfg, [&](int layer, const ae::TrainProgress& p) {
    pre.update(
        (layer + p.fraction()) / layers, 0,
        "layer " + std::to_string(layer + 1) + "/" + std::to_string(layers) + " loss " + fixed(p.running_loss, 3));
  });
  pre.finish();
  if (!quiet) std::printf("pretrained; test loss before fine-tuning %.4f\n", trainer.evaluate(test));
}

// The step-wise training loop: a progress bar and one line per epoch. Returns the last progress.
// `at_epoch_end(epoch)` runs after each epoch (checkpoints).
ae::TrainProgress train_loop(ae::Trainer& trainer, const ae::TrainConfig& cfg, bool quiet,
                             const std::function<void(int)>& at_epoch_end) {
  ProgressBar bar(!quiet);
  const auto start = std::chrono::steady_clock::now();
  auto epoch_start = start;
  ae::TrainProgress p;
  while (!p.done) {
    p = trainer.step(8);
    const double elapsed = seconds_since(start);
    bar.update(p.fraction(), p.total_batches * cfg.batch_size / std::max(elapsed, 1e-9),
               "epoch " + std::to_string(p.epoch + 1 > cfg.epochs ? cfg.epochs : p.epoch + 1) + "/" +
                   std::to_string(cfg.epochs) + " loss " + fixed(p.running_loss, 3));
    if (p.epoch_finished && !quiet) {
      bar.finish();
      const auto& h = trainer.history().back();
      std::printf("epoch %3d/%d  train loss %9.4f  test loss %9.4f  (%.1f s)\n", h.epoch, cfg.epochs, h.train_loss,
                  h.test_loss, seconds_since(epoch_start));
      std::fflush(stdout);  // per-epoch lines show up promptly in logs too
      epoch_start = std::chrono::steady_clock::now();
    }
    if (p.epoch_finished && !p.done) at_epoch_end(p.epoch);
  }
  bar.finish();
  return p;
}

// Headline numbers on the test set: clean reconstruction, denoising if trained with noise, the family's own.
struct TestScores {
  double clean = NAN, noisy_in = NAN, noisy_out = NAN;
  ae::FamilyReport family;
};

TestScores score_on_test(const ae::Autoencoder& model, const ae::Mat& test, const ae::NoiseSpec& noise) {
  TestScores s;
  s.clean = ae::squared_error_per_image(test, model.reconstruct(test));
  if (noise.kind != ae::NoiseKind::None) {
    ae::Rng rng(12345, 3);
    ae::Mat noisy;
    ae::corrupt(noise, test, noisy, rng);
    s.noisy_in = ae::squared_error_per_image(test, noisy);
    s.noisy_out = ae::squared_error_per_image(test, model.reconstruct(noisy));
  }
  s.family = ae::family_report(model, test);
  return s;
}

// What a finished run prints: one JSON object, or the human-readable summary.
struct RunResult {
  const ae::Autoencoder& model;
  const ae::Trainer& trainer;
  const ae::TrainConfig& cfg;
  std::string dataset, out;
  double seconds, rate;
  TestScores scores;
};

void print_json(const RunResult& r) {
  std::string hist = "[";
  for (const auto& h : r.trainer.history())
    hist += (hist.size() > 1 ? "," : "") +
            Json().num("epoch", h.epoch).num("train_loss", h.train_loss).num("test_loss", h.test_loss).dump();
  hist += "]";
  std::printf("%s\n", Json()
                          .str("model", r.model.spec().describe())
                          .str("dataset", r.dataset)
                          .num("threads", ae::kernels::threads())
                          .num("parameters", static_cast<double>(r.model.parameters().size()))
                          .str("noise", ae::to_string(r.cfg.noise))
                          .num("seconds", r.seconds)
                          .num("samples_per_second", r.rate)
                          .num("test_squared_error_per_image", r.scores.clean)
                          .raw("family", family_json(r.model.spec(), r.scores.family))
                          .num("test_corrupted_input_squared_error", r.scores.noisy_in)
                          .num("test_denoised_squared_error", r.scores.noisy_out)
                          .raw("history", hist)
                          .str("out", r.out)
                          .dump()
                          .c_str());
}

void print_summary(const RunResult& r) {
  std::printf("done in %.1f s (%.0f samples/s)\n", r.seconds, r.rate);
  std::printf("test squared error per image (clean input): %.2f\n", r.scores.clean);
  std::fputs(family_lines(r.model.spec(), r.scores.family).c_str(), stdout);
  if (r.cfg.noise.kind != ae::NoiseKind::None)
    std::printf("test squared error per image with %s: corrupted input %.2f -> reconstruction %.2f\n",
                ae::to_string(r.cfg.noise).c_str(), r.scores.noisy_in, r.scores.noisy_out);
  std::printf("saved %s\n", r.out.c_str());
}

// --resume: the weights of a model file of the same architecture.
void resume_from(const std::string& path, ae::Autoencoder& model) {
  const ae::ModelFile file = ae::load_model(path);
  if (file.spec.describe() != model.spec().describe())
    throw ae::Error("--resume " + path + " holds " + file.spec.describe() + ", and the flags ask for " +
                    model.spec().describe());
  model.parameters() = file.params;
}

// --preset colorize: the photos' lightness in, their chroma out (colorize.h); the table against the baselines.
int train_colorizer(const Args& args, const ae::Preset& setup, const std::string& out, const std::string& notes,
                    bool json, bool quiet) {
  const ae::ModelSpec& spec = setup.spec;
  const ae::TrainConfig& cfg = setup.train;
  ae::Dataset train = load_split(args, ae::Split::Train, args.integer("train-size", 0, 0, 1L << 31), "photos");
  const ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31), "photos");
  ae::check_colorization(spec, train, "--preset " + setup.name);
  ae::LabPlanes train_lab = ae::rgb_to_lab_planes(train.images), test_lab = ae::rgb_to_lab_planes(test.images);
  const std::string dataset = train.name;
  const ae::Index train_size = train.size();
  train.images.resize(0, 0);  // the planes replace the RGB images
  const ae::Vec mean_chroma = ae::mean_chroma(train_lab.chroma);
  ae::Autoencoder model(spec, cfg.seed);
  if (args.has("resume")) resume_from(args.str("resume"), model);
  ae::Trainer trainer(model, std::move(train_lab.lightness), std::move(test_lab.lightness), std::move(train_lab.chroma),
                      std::move(test_lab.chroma), cfg);
  if (!quiet)
    std::printf("training %s (%zu parameters) to colorize %ld %s patches: lightness L* in, chroma a*b* out, %s lr %g, "
                "batch %d, %d epochs, %d threads\n",
                spec.describe().c_str(), model.parameters().size(), long(train_size), dataset.c_str(),
                ae::to_string(cfg.optim.kind), double(cfg.optim.lr), cfg.batch_size, cfg.epochs, ae::kernels::threads());
  const auto start = std::chrono::steady_clock::now();
  const ae::TrainProgress p = train_loop(trainer, cfg, quiet, [](int) {});
  const double seconds = seconds_since(start);
  ae::save_model(out, ae::make_model_file(model, cfg.noise, notes, dataset));
  const ae::ColorizationScores scores = ae::score_colorization(model, test, mean_chroma);
  if (json) {
    std::string hist = "[";
    for (const auto& h : trainer.history())
      hist += (hist.size() > 1 ? "," : "") +
              Json().num("epoch", h.epoch).num("train_loss", h.train_loss).num("test_loss", h.test_loss).dump();
    std::printf("%s\n", Json()
                            .str("model", spec.describe())
                            .str("dataset", dataset)
                            .num("parameters", double(model.parameters().size()))
                            .num("seconds", seconds)
                            .raw("colorization", colorization_json(scores))
                            .raw("history", hist + "]")
                            .str("out", out)
                            .dump()
                            .c_str());
  } else {
    std::printf("done in %.1f s\n", seconds);
    print_colorization_table(scores);
    std::printf("saved %s\n", out.c_str());
  }
  if (p.diverged)
    std::fprintf(stderr, "aeplay train: error: %s Saved those weights to %s.\n", trainer.divergence().c_str(), out.c_str());
  return p.diverged ? 3 : 0;
}

}  // namespace

int cmd_train(int argc, char** argv) {
  Args args("aeplay train", argc, argv, 2, train_option_defs());
  if (args.has("help")) {
    std::printf("usage: aeplay train [options]\n%s", args.usage().c_str());
    return 0;
  }
  if (args.has("list-presets")) {
    std::printf("presets (aeplay train --preset NAME; flags override them):\n%s", list_presets().c_str());
    return 0;
  }
  if (!args.positionals().empty()) throw ae::Error("unexpected argument '" + args.positionals()[0] + "'");
  const ae::Preset setup = train_setup_from(args);
  const ae::ModelSpec& spec = setup.spec;
  const ae::TrainConfig& cfg = setup.train;
  const std::string out = args.str("out", "model.aep");
  const bool json = args.has("json"), quiet = args.has("quiet") || json;

  // Every core by default; each training step runs on them or on one thread, whichever measures faster now
  // (kernels/step_threads.h), so a busy machine costs nothing (docs/benchmarks.md, bench/threads.sh).
  ae::kernels::set_threads(static_cast<int>(args.integer("threads", 0, 0, 64)));
  std::string notes = "aeplay train";
  for (int i = 2; i < argc; ++i) notes += std::string(" ") + argv[i];
  if (spec.output_size() != spec.input_size()) return train_colorizer(args, setup, out, notes, json, quiet);
  ae::Dataset train = load_split(args, ae::Split::Train, args.integer("train-size", 0, 0, 1L << 31));
  ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31));
  if (args.has("classes")) {
    const std::vector<int> classes = parse_classes(args.str("classes"), "--classes");
    train = select_classes(train, classes);
    test = select_classes(test, classes);
  }
  ae::Autoencoder model(spec, cfg.seed);
  if (args.has("resume")) resume_from(args.str("resume"), model);
  const long save_every = args.integer("save-every", 0, 0, 100000);
  ae::Trainer trainer(model, train.images, test.images, cfg);  // validates batch vs data size
  if (setup.stacked) pretrain(setup, model, trainer, train.images, test.images, quiet);

  if (!quiet)
    std::printf("training %s (%zu parameters) on %ld %s images, noise %s, %s lr %g, batch %d, %d epochs, %d threads\n",
                spec.describe().c_str(), model.parameters().size(), static_cast<long>(train.size()), train.name.c_str(),
                ae::to_string(cfg.noise).c_str(), ae::to_string(cfg.optim.kind), static_cast<double>(cfg.optim.lr),
                cfg.batch_size, cfg.epochs, ae::kernels::threads());
  const auto start = std::chrono::steady_clock::now();
  const ae::TrainProgress p = train_loop(trainer, cfg, quiet, [&](int epoch) {
    if (save_every > 0 && epoch % save_every == 0)
      ae::save_model(
          out, ae::make_model_file(model, cfg.noise, notes + " (checkpoint at epoch " + std::to_string(epoch) + ")",
                                   train.name));
  });
  const double seconds = seconds_since(start);
  const double rate = static_cast<double>(p.total_batches) * cfg.batch_size / seconds;
  const TestScores scores = score_on_test(model, test.images, cfg.noise);

  ae::save_model(out, ae::make_model_file(model, cfg.noise, notes, train.name));
  const RunResult result{model, trainer, cfg, train.name, out, seconds, rate, scores};
  if (json) print_json(result);
  else
    print_summary(result);
  // The divergence guard stopped training and restored the last good weights: those were evaluated and
  // saved above (nothing trained is lost); one line says why and what to change, and the exit status is 3.
  if (p.diverged)
    std::fprintf(stderr, "aeplay train: error: %s Saved those weights to %s.\n", trainer.divergence().c_str(), out.c_str());
  return p.diverged ? 3 : 0;
}

}  // namespace cli
