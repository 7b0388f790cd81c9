// aeplay bench: training throughput of an autoencoder on real MNIST images, in samples/s (median of
// several timed repetitions after a warm-up) and achieved GFLOP/s. Prints numbers; asserts nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "batch_size.h"
#include "commands.h"
#include "common.h"
#include "error.h"
#include "json.h"
#include "kernels/step_threads.h"
#include "kernels/thread_pool.h"
#include "model.h"
#include "optim.h"
#include "progress.h"

namespace cli {

namespace {
std::string threads_label() {
  const int n = ae::kernels::threads();
  return n == 1 ? "1 thread" : std::to_string(n) + " threads (or 1 where faster)";
}
}  // namespace

int cmd_bench(int argc, char** argv) {
  Args args("aeplay bench", argc, argv, 2,
            {{"layers", true, "encoder sizes (default 784,256,32: the 784-256-32-256-784 AE-ref)"},
             {"batches", true, "batch sizes (default 64,256)"},
             {"reps", true, "timed repetitions (default 7)"},
             {"seconds", true, "approximate seconds per repetition (default 0.5)"},
             {"threads", true, "threads (default 0 = every core; each step uses them or one thread, whichever is faster now)"},
             {"dataset", true, kDatasetHelp},
             {"data", true, kDataHelp},
             {"json", false, "print one JSON object"}});
  if (args.has("help")) {
    std::printf("usage: aeplay bench [options]\n%s", args.usage().c_str());
    return 0;
  }
  ae::ModelSpec spec;
  spec.sizes = args.int_list("layers", "784,256,32");
  ae::validate(spec);
  const std::vector<int> batches = args.int_list("batches", "64,256");
  const int reps = static_cast<int>(args.integer("reps", 7, 1, 1000));
  const double seconds = args.number("seconds", 0.5, 0.01, 600);
  ae::kernels::set_threads(static_cast<int>(args.integer("threads", 0, 0, 64)));
  ae::Dataset train = load_split(args, ae::Split::Train, 8192);

  // FLOPs per sample: forward 2·in·out per layer, backward 4·in·out (dW and dX), first layer's dX skipped.
  double flops_per_sample = 0;
  for (size_t i = 0; i + 1 < spec.sizes.size(); ++i) flops_per_sample += 2.0 * 6.0 * spec.sizes[i] * spec.sizes[i + 1];
  flops_per_sample -= 2.0 * spec.sizes[0] * spec.sizes[1];

  const bool json = args.has("json");
  if (!json)
    std::printf("training throughput, %s, Adam, MSE, %s, real MNIST images\n%8s %14s %10s %12s\n",
                spec.describe().c_str(), threads_label().c_str(), "batch", "samples/s", "GFLOP/s", "ms/batch");
  std::string rows = "[";
  for (int batch : batches) {
    ae::validate_batch_size(batch, train.size());
    ae::Autoencoder model(spec, 1);
    ae::OptimConfig oc;
    ae::Optimizer opt(oc);
    auto params = model.parameter_refs();
    ae::Workspace ws;
    const ae::Index nb = train.size() / batch;
    ae::Index next = 0;
    ae::kernels::StepThreads step_threads;  // as `aeplay train` runs its steps
    auto run = [&](int steps) {
      for (int s = 0; s < steps; ++s) {
        ae::kernels::StepScope timed(step_threads);
        auto X = train.images.middleCols((next++ % nb) * batch, batch);
        ae::Mat xb = X;  // copy mirrors the trainer's gather
        model.loss_and_gradient(xb, xb, ws);
        opt.step(params);
      }
    };
    run(3);  // warm-up: allocates the workspace and optimizer state
    auto t0 = std::chrono::steady_clock::now();
    run(5);
    const double per_step = std::max(seconds_since(t0) / 5, 1e-6);
    const int steps = std::max(1, static_cast<int>(seconds / per_step));
    std::vector<double> rates;
    for (int r = 0; r < reps; ++r) {
      t0 = std::chrono::steady_clock::now();
      run(steps);
      rates.push_back(steps * static_cast<double>(batch) / seconds_since(t0));
    }
    std::sort(rates.begin(), rates.end());
    const double median = rates[rates.size() / 2];
    const double gflops = median * flops_per_sample / 1e9;
    if (json)
      rows += (rows.size() > 1 ? "," : "") +
              Json().num("batch", batch).num("samples_per_second", median).num("gflops", gflops).dump();
    else
      std::printf("%8d %14.0f %10.1f %12.3f\n", batch, median, gflops, 1e3 * batch / median);
  }
  if (json) std::printf("%s\n", Json().str("model", spec.describe()).num("threads", ae::kernels::threads()).raw("results", rows + "]").dump().c_str());
  return 0;
}

}  // namespace cli
