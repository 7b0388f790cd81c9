// The aeplay subcommands, listed once: main.cpp dispatches from this table and prints its usage from it.
// Each command returns the process exit code; errors are thrown as ae::Error.
#pragma once
#include <string>

namespace cli {
int cmd_train(int argc, char** argv);
int cmd_eval(int argc, char** argv);
int cmd_pca(int argc, char** argv);
int cmd_info(int argc, char** argv);
int cmd_bench(int argc, char** argv);
int cmd_probe(int argc, char** argv);
int cmd_export(int argc, char** argv);
int cmd_import(int argc, char** argv);
int cmd_restore(int argc, char** argv);
int cmd_anomaly(int argc, char** argv);
int cmd_compress(int argc, char** argv);
int cmd_convert(int argc, char** argv);
int cmd_manifold(int argc, char** argv);
int cmd_tangent(int argc, char** argv);
int cmd_search(int argc, char** argv);
int cmd_nll(int argc, char** argv);
int cmd_finetune(int argc, char** argv);
int cmd_make_photos(int argc, char** argv);

struct Command {
  const char* name;     // as typed: aeplay <name>
  const char* help;     // what it does, in one short line
  const char* example;  // a typical call
  int (*run)(int argc, char** argv);
};

inline constexpr Command kCommands[] = {
    {"train", "train an autoencoder on MNIST and save it", "aeplay train --layers 784,256,32 --epochs 5 --out ae.aep",
     cmd_train},
    {"eval", "test-set metrics, clean and corrupted", "aeplay eval ae.aep --png grid.png", cmd_eval},
    {"pca", "the PCA baseline (closed form)", "aeplay pca --k 30", cmd_pca},
    {"info", "what a model file holds", "aeplay info ae.aep", cmd_info},
    {"bench", "training throughput (samples/s)", "aeplay bench", cmd_bench},
    {"probe", "classifier probe on the codes (and PCA)", "aeplay probe ae.aep", cmd_probe},
    {"export", "to safetensors, npz or ONNX (PyTorch twin)", "aeplay export ae.aep --format safetensors", cmd_export},
    {"import", "a safetensors / npz state_dict back", "aeplay import ae.safetensors --out ae.aep", cmd_import},
    {"restore", "inpainting / super-resolution vs baselines", "aeplay restore inpaint.aep --degrade block:12",
     cmd_restore},
    {"anomaly", "AUROC of reconstruction error as a score", "aeplay anomaly one3.aep --normal mnist:3", cmd_anomaly},
    {"compress", "quantised codes vs PCA, PNG, JPEG (bytes)", "aeplay compress code32.aep --plot rd.png", cmd_compress},
    {"convert", "a model's weights as float16 or float32", "aeplay convert ae.aep ae16.aep --weights f16", cmd_convert},
    {"manifold", "the 2-D lab: toy data, field, curve (PNG, CSV)",
     "aeplay manifold --data circle --family dae --png lab.png", cmd_manifold},
    {"tangent", "a digit's tangent images (Jacobian SVD) and PCA's", "aeplay tangent contractive.aep pca --png t.png",
     cmd_tangent},
    {"search", "search by code: precision at K, mAP, ms per query", "aeplay search hash-32.aep --k 100", cmd_search},
    {"nll", "a VAE's test NLL (IWAE bound, K samples) and ELBO", "aeplay nll vae-bernoulli.aep --k 5000", cmd_nll},
    {"finetune", "classifiers from N labels, three ways", "aeplay finetune ae.aep --labels 100", cmd_finetune},
    {"make-photos", "build the photos data set (colour patches)", "aeplay make-photos --out ~/.cache/aeplay/photos",
     cmd_make_photos},
};

const Command* find_command(const std::string& name);  // nullptr when there is none
std::string usage_text();                              // the top-level help, one line per command
std::string command_names();                           // "train, eval, ..., compress"
}  // namespace cli
