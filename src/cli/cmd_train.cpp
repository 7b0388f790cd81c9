// aeplay train: builds an autoencoder from flags, trains it on MNIST with the step-wise trainer and
// saves it. Prints the loss per epoch (train and test) and the final test error.
#include <chrono>
#include <cstdio>

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
  ae::Dataset train = load_split(args, ae::Split::Train, args.integer("train-size", 0, 0, 1L << 31));
  ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31));
  if (args.has("classes")) {
    const std::vector<int> classes = parse_classes(args.str("classes"), "--classes");
    train = select_classes(train, classes);
    test = select_classes(test, classes);
  }
  ae::Autoencoder model(spec, cfg.seed);
  ae::Trainer trainer(model, train.images, test.images, cfg);  // validates batch vs data size
  if (setup.stacked) {
    ae::TrainConfig layer_cfg = cfg;
    layer_cfg.epochs = setup.pretrain_epochs;
    ProgressBar pre(!quiet);
    const int layers = spec.encoder_layers();
    if (!quiet) std::printf("greedy layer-wise pretraining: %d layers, %d epochs each\n", layers, setup.pretrain_epochs);
    ae::pretrain_stacked(model, train.images, layer_cfg, [&](int layer, const ae::TrainProgress& p) {
      pre.update((layer + p.fraction()) / layers, 0, "layer " + std::to_string(layer + 1) + "/" + std::to_string(layers) +
                                                       " loss " + fixed(p.running_loss, 3));
    });
    pre.finish();
    if (!quiet) std::printf("pretrained; test loss before fine-tuning %.4f\n", trainer.evaluate(test.images));
  }

  if (!quiet)
    std::printf("training %s (%zu parameters) on %ld %s images, noise %s, %s lr %g, batch %d, %d epochs, %d threads\n",
                spec.describe().c_str(), model.parameters().size(), static_cast<long>(train.size()), train.name.c_str(),
                ae::to_string(cfg.noise).c_str(), ae::to_string(cfg.optim.kind), static_cast<double>(cfg.optim.lr),
                cfg.batch_size, cfg.epochs, ae::kernels::threads());
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
  }
  bar.finish();
  const double seconds = seconds_since(start);
  const double rate = static_cast<double>(p.total_batches) * cfg.batch_size / seconds;

  // Headline numbers on the test set: clean reconstruction, and denoising if trained with noise.
  const ae::Mat recon = model.reconstruct(test.images);
  const double se_clean = ae::squared_error_per_image(test.images, recon);
  double se_noisy_in = NAN, se_noisy_out = NAN;
  if (cfg.noise.kind != ae::NoiseKind::None) {
    ae::Rng rng(12345, 3);
    ae::Mat noisy;
    ae::corrupt(cfg.noise, test.images, noisy, rng);
    se_noisy_in = ae::squared_error_per_image(test.images, noisy);
    se_noisy_out = ae::squared_error_per_image(test.images, model.reconstruct(noisy));
  }

  const ae::FamilyReport family = ae::family_report(model, test.images);

  std::string notes = "aeplay train";
  for (int i = 2; i < argc; ++i) notes += std::string(" ") + argv[i];
  ae::save_model(out, ae::make_model_file(model, cfg.noise, notes, train.name));

  if (json) {
    std::string hist = "[";
    for (const auto& h : trainer.history())
      hist += (hist.size() > 1 ? "," : "") +
              Json().num("epoch", h.epoch).num("train_loss", h.train_loss).num("test_loss", h.test_loss).dump();
    hist += "]";
    std::printf("%s\n", Json()
                            .str("model", spec.describe())
                            .str("dataset", train.name)
                            .num("threads", ae::kernels::threads())
                            .num("parameters", static_cast<double>(model.parameters().size()))
                            .str("noise", ae::to_string(cfg.noise))
                            .num("seconds", seconds)
                            .num("samples_per_second", rate)
                            .num("test_squared_error_per_image", se_clean)
                            .raw("family", family_json(spec, family))
                            .num("test_corrupted_input_squared_error", se_noisy_in)
                            .num("test_denoised_squared_error", se_noisy_out)
                            .raw("history", hist)
                            .str("out", out)
                            .dump().c_str());
  } else {
    std::printf("done in %.1f s (%.0f samples/s)\n", seconds, rate);
    std::printf("test squared error per image (clean input): %.2f\n", se_clean);
    std::fputs(family_lines(spec, family).c_str(), stdout);
    if (cfg.noise.kind != ae::NoiseKind::None)
      std::printf("test squared error per image with %s: corrupted input %.2f -> reconstruction %.2f\n",
                  ae::to_string(cfg.noise).c_str(), se_noisy_in, se_noisy_out);
    std::printf("saved %s\n", out.c_str());
  }
  // The divergence guard stopped training and restored the last good weights: those were evaluated and
  // saved above (nothing trained is lost); one line says why and what to change, and the exit status is 3.
  if (p.diverged)
    std::fprintf(stderr, "aeplay train: error: %s Saved those weights to %s.\n", trainer.divergence().c_str(), out.c_str());
  return p.diverged ? 3 : 0;
}

}  // namespace cli
