// The aeplay subcommands. Each returns the process exit code; errors are thrown as ae::Error.
#pragma once

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
}  // namespace cli
