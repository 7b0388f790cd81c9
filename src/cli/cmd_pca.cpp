// aeplay pca: the closed-form linear baseline. Fit on the training images, report the squared error
// per test image (Hinton & Salakhutdinov 2006: PCA-30 = 13.87) and how long the fit took.
#include <chrono>
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "json.h"
#include "metrics.h"
#include "noise.h"
#include "pca.h"
#include "png_grid.h"
#include "progress.h"

namespace cli {

int cmd_pca(int argc, char** argv) {
  Args args("aeplay pca", argc, argv, 2,
            {{"k", true, "number of components (default 30)"},
             {"train-size", true, "fit on the first N training images (default all 60000)"},
             {"test-size", true, "evaluate on the first N test images (default all 10000)"},
             {"png", true, "write a grid PNG: rows original / reconstruction"},
             {"digits", true, "test indices for the PNG (default: one of each digit)"},
             {"dataset", true, kDatasetHelp},
             {"data", true, kDataHelp},
             {"json", false, "print one JSON object"}});
  if (args.has("help")) {
    std::printf("usage: aeplay pca [options]\n%s", args.usage().c_str());
    return 0;
  }
  if (!args.positionals().empty()) throw ae::Error("unexpected argument '" + args.positionals()[0] + "'");
  const int k = static_cast<int>(args.integer("k", 30, 1, 784));
  ae::Dataset train = load_split(args, ae::Split::Train, args.integer("train-size", 0, 0, 1L << 31));
  ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31));

  const auto start = std::chrono::steady_clock::now();
  ae::Pca pca = ae::Pca::fit(train.images, k);
  const double fit_seconds = seconds_since(start);
  const ae::Mat recon = pca.reconstruct(test.images);
  const double se_test = ae::squared_error_per_image(test.images, recon);
  const double se_train = ae::squared_error_per_image(train.images, pca.reconstruct(train.images));
  const double psnr = ae::psnr(test.images, recon);
  const double explained = pca.variances.head(k).sum() / pca.variances.sum();

  if (args.has("json")) {
    std::printf("%s\n", Json().num("k", k).num("train_images", static_cast<double>(train.size()))
                            .num("test_images", static_cast<double>(test.size()))
                            .num("test_squared_error_per_image", se_test).num("train_squared_error_per_image", se_train)
                            .num("test_psnr", psnr).num("explained_variance", explained).num("fit_seconds", fit_seconds)
                            .dump().c_str());
  } else {
    std::printf("PCA-%d fit on %ld %s training images in %.2f s (explains %.1f%% of the variance)\n", k,
                static_cast<long>(train.size()), train.name.c_str(), fit_seconds, 100 * explained);
    std::printf("squared error per image: test %.2f, train %.2f   (test PSNR %.2f dB)\n", se_test, se_train, psnr);
    if (k == 30 && train.name == "mnist" && train.size() == 60000 && test.size() == 10000)
      std::printf("published (Hinton & Salakhutdinov, Science 2006): PCA-30 13.87\n");
  }
  if (args.has("png")) {
    const ae::Mat clean = columns(test.images, pick_digits(args, test));
    write_png_grid(args.str("png"), {clean, pca.reconstruct(clean)});
    if (!args.has("json")) std::printf("wrote %s (rows: original / PCA-%d reconstruction)\n", args.str("png").c_str(), k);
  }
  return 0;
}

}  // namespace cli
