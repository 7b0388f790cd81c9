// aeplay: the headless command-line front end of the autoencoder engine.
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include "aeplay_version.h"
#include "commands.h"
#include "denormals.h"
#include "error.h"

int main(int argc, char** argv) {
  ae::FlushDenormalsToZero ftz;  // as in Trainer::step, but before any OpenMP worker exists (they inherit it)
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::fputs(cli::usage_text().c_str(), stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::printf("aeplay %s\n", AEPLAY_VERSION);
    return 0;
  }
  const std::string command = argv[1];
  try {
    if (const cli::Command* c = cli::find_command(command)) return c->run(argc, argv);
    std::fprintf(stderr, "aeplay: unknown command '%s' (try: %s)\n", command.c_str(), cli::command_names().c_str());
    return 2;
  } catch (const ae::Error& e) {
    std::fprintf(stderr, "aeplay %s: error: %s\n", command.c_str(), e.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "aeplay %s: error: out of memory\n", command.c_str());
  }
  return 1;
}
