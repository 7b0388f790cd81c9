// aeplay train: builds an autoencoder from flags, trains it on MNIST with the step-wise trainer and
// saves it. Prints the loss per epoch (train and test) and the final test error.
#include <chrono>
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "json.h"
#include "metrics.h"
#include "progress.h"
#include "serialize.h"
#include "trainer.h"

namespace cli {

int cmd_train(int argc, char** argv) {
  Args args("aeplay train", argc, argv, 2,
            {{"layers", true, "encoder sizes, input first (default 784,256,32; decoder mirrors)"},
             {"activation", true, "hidden activation: relu, leakyrelu, sigmoid, tanh, identity (default relu)"},
             {"latent-activation", true, "code-layer activation (default: same as --activation)"},
             {"output", true, "output activation (default sigmoid)"},
             {"loss", true, "mse, bce or l1 (default mse)"},
             {"tied", false, "tie decoder weights to the encoder's (W_dec = W_enc^T)"},
             {"optimizer", true, "adam or sgd (default adam)"},
             {"lr", true, "learning rate (default 1e-3 for adam, 0.01 for sgd)"},
             {"momentum", true, "sgd momentum (default 0.9)"},
             {"nesterov", false, "sgd with Nesterov momentum"},
             {"weight-decay", true, "L2 weight decay (default 0)"},
             {"clip", true, "clip the global gradient norm (default 0 = off)"},
             {"batch", true, "batch size (default 64)"},
             {"epochs", true, "epochs (default 5)"},
             {"noise", true, "denoising: none, gaussian:S, mask:P, saltpepper:P, dropout:P (default none)"},
             {"seed", true, "seed for initialisation, shuffling and noise (default 1)"},
             {"train-size", true, "use the first N training images (default all 60000)"},
             {"test-size", true, "use the first N test images (default all 10000)"},
             {"data", true, "directory with the MNIST IDX files"},
             {"out", true, "model file to write (default model.aep)"},
             {"json", false, "print one JSON object with the results"},
             {"quiet", false, "no progress bar or per-epoch lines"}});
  if (args.has("help")) {
    std::printf("usage: aeplay train [options]\n%s", args.usage().c_str());
    return 0;
  }
  if (!args.positionals().empty()) throw ae::Error("unexpected argument '" + args.positionals()[0] + "'");

  ae::ModelSpec spec;
  spec.sizes = args.int_list("layers", "784,256,32");
  spec.hidden = ae::parse_activation(args.str("activation", "relu"));
  spec.latent = ae::parse_activation(args.str("latent-activation", ae::to_string(spec.hidden)));
  spec.output = ae::parse_activation(args.str("output", "sigmoid"));
  spec.loss = ae::parse_loss(args.str("loss", "mse"));
  spec.tied = args.has("tied");
  ae::validate(spec);

  ae::TrainConfig cfg;
  cfg.optim.kind = ae::parse_optimizer(args.str("optimizer", "adam"));
  cfg.optim.lr = static_cast<float>(args.number("lr", cfg.optim.kind == ae::OptimizerKind::Adam ? 1e-3 : 0.01, 1e-12, 10));
  cfg.optim.momentum = static_cast<float>(args.number("momentum", 0.9, 0, 0.999999));
  cfg.optim.nesterov = args.has("nesterov");
  cfg.optim.weight_decay = static_cast<float>(args.number("weight-decay", 0, 0, 10));
  cfg.optim.clip_norm = static_cast<float>(args.number("clip", 0, 0, 1e9));
  cfg.batch_size = static_cast<int>(args.integer("batch", 64, 1, 1 << 20));
  cfg.epochs = static_cast<int>(args.integer("epochs", 5, 1, 100000));
  cfg.noise = ae::parse_noise(args.str("noise", "none"));
  cfg.seed = static_cast<uint64_t>(args.integer("seed", 1, 0, 1L << 62));
  const std::string out = args.str("out", "model.aep");
  const bool json = args.has("json"), quiet = args.has("quiet") || json;

  ae::Dataset train = load_split(args, ae::Split::Train, args.integer("train-size", 0, 0, 1L << 31));
  ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31));
  ae::Autoencoder model(spec, cfg.seed);
  ae::Trainer trainer(model, train.images, test.images, cfg);  // validates batch vs data size

  if (!quiet)
    std::printf("training %s (%zu parameters) on %ld images, noise %s, %s lr %g, batch %d, %d epochs\n",
                spec.describe().c_str(), model.parameters().size(), static_cast<long>(train.size()),
                ae::to_string(cfg.noise).c_str(), ae::to_string(cfg.optim.kind), static_cast<double>(cfg.optim.lr),
                cfg.batch_size, cfg.epochs);
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

  std::string notes = "aeplay train";
  for (int i = 2; i < argc; ++i) notes += std::string(" ") + argv[i];
  ae::save_model(out, ae::make_model_file(model, cfg.noise, notes));

  if (json) {
    std::string hist = "[";
    for (const auto& h : trainer.history())
      hist += (hist.size() > 1 ? "," : "") +
              Json().num("epoch", h.epoch).num("train_loss", h.train_loss).num("test_loss", h.test_loss).dump();
    hist += "]";
    std::printf("%s\n", Json()
                            .str("model", spec.describe())
                            .num("parameters", static_cast<double>(model.parameters().size()))
                            .str("noise", ae::to_string(cfg.noise))
                            .num("seconds", seconds)
                            .num("samples_per_second", rate)
                            .num("test_squared_error_per_image", se_clean)
                            .num("test_corrupted_input_squared_error", se_noisy_in)
                            .num("test_denoised_squared_error", se_noisy_out)
                            .raw("history", hist)
                            .str("out", out)
                            .dump().c_str());
  } else {
    std::printf("done in %.1f s (%.0f samples/s)\n", seconds, rate);
    std::printf("test squared error per image (clean input): %.2f\n", se_clean);
    if (cfg.noise.kind != ae::NoiseKind::None)
      std::printf("test squared error per image with %s: corrupted input %.2f -> reconstruction %.2f\n",
                  ae::to_string(cfg.noise).c_str(), se_noisy_in, se_noisy_out);
    std::printf("saved %s\n", out.c_str());
  }
  return 0;
}

}  // namespace cli
