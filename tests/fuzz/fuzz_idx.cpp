// libFuzzer target: the IDX (MNIST) reader, ae::parse_idx, and the dataset built from what it accepts.
// Properties checked on every input: no crash / sanitizer report, errors only as ae::Error, an accepted
// file's data size equals the product of its dimensions, and a small limit is honoured.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dataset.h"
#include "error.h"
#include "idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  for (uint64_t limit : {ae::kMaxIdxBytes, uint64_t{4096}}) {
    try {
      ae::IdxArray a = ae::parse_idx(data, size, "fuzz.idx", limit);
      uint64_t count = 1;
      for (uint32_t d : a.dims) count *= d;
      if (a.dims.empty() || a.dims.size() > 4 || a.data.size() != count || count > limit) std::abort();
      if (a.dims.size() == 3 || a.dims.size() == 4) {  // an image file (4: with channels): the dataset trained on
        ae::Dataset d = ae::make_dataset(a, nullptr, 0, "fuzz.idx");
        if (d.images.rows() != ae::Index(d.channels) * d.rows * d.cols) std::abort();
        for (ae::Index i = 0; i < d.images.size(); ++i)
          if (!(d.images.data()[i] >= 0.0f && d.images.data()[i] <= 1.0f)) std::abort();
        if (d.images.cols() > 1) ae::make_dataset(a, nullptr, 1, "fuzz.idx");  // with a limit
      } else if (a.dims.size() == 1) {  // a label file: pair it with as many 1x1 images
        ae::IdxArray images{{a.dims[0], 1, 1}, a.data};
        ae::Dataset d = ae::make_dataset(images, &a, 0, "fuzz.idx");
        if (d.labels.size() != a.data.size()) std::abort();
      }
    } catch (const ae::Error&) {
      // a clear message for the user: the expected outcome for most inputs
    }
  }
  return 0;
}
