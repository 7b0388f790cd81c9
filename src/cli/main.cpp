// aeplay: the headless command-line front end of the autoencoder engine.
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include "commands.h"
#include "denormals.h"
#include "error.h"

namespace {
const char* kUsage =
    "aeplay - autoencoder playground, headless\n"
    "\n"
    "usage: aeplay <command> [options]   (aeplay <command> --help for its options)\n"
    "\n"
    "commands:\n"
    "  train   train an autoencoder on MNIST and save it   aeplay train --layers 784,256,32 --epochs 5 --out ae.aep\n"
    "  eval    test-set metrics, clean and corrupted       aeplay eval ae.aep --png grid.png\n"
    "  pca     the PCA baseline (closed form)              aeplay pca --k 30\n"
    "  info    what a model file holds                     aeplay info ae.aep\n"
    "  bench   training throughput (samples/s)             aeplay bench\n"
    "  probe   classifier probe on the codes (and PCA)     aeplay probe ae.aep\n"
    "  export  to safetensors, npz or ONNX (PyTorch twin)  aeplay export ae.aep --format safetensors\n"
    "  import  a safetensors / npz state_dict back         aeplay import ae.safetensors --out ae.aep\n"
    "  restore inpainting / super-resolution vs baselines  aeplay restore inpaint.aep --degrade block:12\n"
    "  anomaly AUROC of reconstruction error as a score    aeplay anomaly one3.aep --normal mnist:3\n"
    "  compress quantised codes vs PCA, PNG, JPEG (bytes)  aeplay compress code32.aep --plot rd.png\n";
}

int main(int argc, char** argv) {
  ae::FlushDenormalsToZero ftz;  // as in Trainer::step, but before any OpenMP worker exists (they inherit it)
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  try {
    if (command == "train") return cli::cmd_train(argc, argv);
    if (command == "eval") return cli::cmd_eval(argc, argv);
    if (command == "pca") return cli::cmd_pca(argc, argv);
    if (command == "info") return cli::cmd_info(argc, argv);
    if (command == "bench") return cli::cmd_bench(argc, argv);
    if (command == "probe") return cli::cmd_probe(argc, argv);
    if (command == "export") return cli::cmd_export(argc, argv);
    if (command == "import") return cli::cmd_import(argc, argv);
    if (command == "restore") return cli::cmd_restore(argc, argv);
    if (command == "anomaly") return cli::cmd_anomaly(argc, argv);
    if (command == "compress") return cli::cmd_compress(argc, argv);
    std::fprintf(stderr, "aeplay: unknown command '%s' (try: train, eval, pca, info, bench, probe, export, import, restore, anomaly, compress)\n", command.c_str());
    return 2;
  } catch (const ae::Error& e) {
    std::fprintf(stderr, "aeplay %s: error: %s\n", command.c_str(), e.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "aeplay %s: error: out of memory\n", command.c_str());
  }
  return 1;
}
