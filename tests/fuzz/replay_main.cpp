// A main() for the fuzz harnesses without libFuzzer (any compiler): runs every file named on the
// command line, or every file inside a named directory, through LLVMFuzzerTestOneInput once. ctest uses
// it to replay the generated seed corpus and the committed crash reproducers (tests/fuzz/regressions)
// in every build, so a fixed crash stays fixed even where clang/libFuzzer is absent.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  long files = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<fs::path> paths;
    if (fs::is_directory(argv[i])) {
      for (const auto& e : fs::recursive_directory_iterator(argv[i]))
        if (e.is_regular_file()) paths.push_back(e.path());
    } else if (fs::exists(argv[i])) {
      paths.push_back(argv[i]);
    } else {
      std::fprintf(stderr, "replay: %s does not exist\n", argv[i]);
      return 2;
    }
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      ++files;
    }
  }
  if (files == 0) {
    std::fprintf(stderr, "replay: no inputs (an empty corpus is a failure, not a pass)\n");
    return 2;
  }
  std::printf("replayed %ld inputs without a crash\n", files);
  return 0;
}
