// aeplay compress MODEL...: rate against distortion on the test set. Each model's code quantised to b
// bits per dimension (uniform over the training codes' range, quantize.h): k·b bits per image; PCA with
// the same k components quantised the same way; PNG (lossless) and JPEG at several qualities of the same
// 8-bit digits (stb_image_write, decoded again by stb_image). The decoder, the PCA basis and the ranges
// are shared side information, not counted in the bytes. --plot draws PSNR against bytes per image.
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "error.h"
#include "metrics.h"
#include "pca.h"
#include "quantize.h"
#include "rd_plot.h"
#include "serialize.h"

namespace cli {

namespace {

struct Point {
  std::string method;
  int code = 0, bits = 0;  // code size and bits per dimension (0: not a code)
  double bytes = 0, se = 0, psnr = 0;
};

std::vector<unsigned char> to_8bit(const ae::Mat& images, ae::Index j) {
  std::vector<unsigned char> px(static_cast<size_t>(images.rows()));
  for (ae::Index i = 0; i < images.rows(); ++i)
    px[static_cast<size_t>(i)] = static_cast<unsigned char>(std::clamp(images(i, j), 0.0f, 1.0f) * 255.0f + 0.5f);
  return px;
}

void append(void* ctx, void* data, int size) {
  auto* out = static_cast<std::vector<unsigned char>*>(ctx);
  out->insert(out->end(), static_cast<unsigned char*>(data), static_cast<unsigned char*>(data) + size);
}

// Mean bytes per image and the decoded images, for PNG (quality 0) or JPEG at `quality`.
std::pair<double, ae::Mat> image_codec(const ae::Mat& images, int quality) {
  const int side = 28;
  ae::Mat decoded(images.rows(), images.cols());
  double bytes = 0;
  for (ae::Index j = 0; j < images.cols(); ++j) {
    std::vector<unsigned char> px = to_8bit(images, j), file;
    const int ok = quality ? stbi_write_jpg_to_func(append, &file, side, side, 1, px.data(), quality)
                           : stbi_write_png_to_func(append, &file, side, side, 1, px.data(), side);
    if (!ok) throw ae::Error("stb_image_write failed");
    bytes += static_cast<double>(file.size());
    int w = 0, h = 0, channels = 0;
    unsigned char* back = stbi_load_from_memory(file.data(), static_cast<int>(file.size()), &w, &h, &channels, 1);
    if (!back || w != side || h != side) throw ae::Error("stb_image could not decode what stb_image_write wrote");
    for (ae::Index i = 0; i < images.rows(); ++i) decoded(i, j) = static_cast<float>(back[i]) / 255.0f;
    stbi_image_free(back);
  }
  return {bytes / static_cast<double>(images.cols()), decoded};
}

Point measure(const std::string& method, int code, int bits, double bytes, const ae::Mat& clean, const ae::Mat& out) {
  return {method, code, bits, bytes, ae::squared_error_per_image(clean, out), ae::psnr(clean, out)};
}

// AE and PCA: one line per code size (darker for larger codes); JPEG: one line over its qualities.
std::vector<PlotSeries> plot_series(const std::vector<Point>& points) {
  std::vector<PlotSeries> out;
  PlotSeries jpeg{"JPEG q1..95", {40, 150, 40}, {}};
  std::string png_label;
  for (const Point& p : points) {
    if (p.method.rfind("JPEG", 0) == 0) jpeg.points.emplace_back(p.bytes, p.psnr);
    if (p.method.rfind("PNG", 0) == 0) png_label = "PNG lossless " + fixed(p.bytes, 0) + " B";
    if (!p.code) continue;
    const std::string label = p.method + " code " + std::to_string(p.code);
    auto it = std::find_if(out.begin(), out.end(), [&label](const PlotSeries& s) { return s.label == label; });
    if (it == out.end()) {
      const double rank = std::log2(std::max(1, p.code) / 8.0);  // code 8, 16, 32, 64: lighter to darker
      const unsigned char shade = static_cast<unsigned char>(std::clamp(230.0 - 60.0 * rank, 0.0, 255.0));
      PlotSeries s{label, {0, 0, 0}, {}};
      if (p.method == "AE") s.rgb[0] = shade / 2, s.rgb[1] = shade / 2, s.rgb[2] = 255;
      else s.rgb[0] = 255, s.rgb[1] = static_cast<unsigned char>(shade / 2 + 40), s.rgb[2] = 0;
      out.push_back(s);
      it = out.end() - 1;
    }
    it->points.emplace_back(p.bytes, p.psnr);
  }
  out.push_back(jpeg);
  if (!png_label.empty()) out.push_back({png_label, {120, 120, 120}, {}});
  return out;
}

}  // namespace

int cmd_compress(int argc, char** argv) {
  Args args("aeplay compress", argc, argv, 2,
            {{"bits", true, "bits per code dimension to try (default 2,3,4,5,6,8)"},
             {"jpeg", true, "JPEG qualities to try (default 1,5,10,20,40,60,80,95)"},
             {"no-pca", false, "leave out PCA at the models' code sizes"},
             {"plot", true, "write the rate-distortion plot (PSNR against bytes per image) as a PNG"},
             {"train-size", true, "training images for the code ranges and PCA (default 20000)"},
             {"test-size", true, "use the first N test images (default all)"},
             {"data", true, "directory with the MNIST IDX files"}});
  if (args.has("help") || args.positionals().empty()) {
    std::printf("usage: aeplay compress MODEL... [options]\n%s", args.usage().c_str());
    if (args.has("help")) return 0;
    throw ae::Error("expected one or more model files, e.g. aeplay compress code8.aep code32.aep");
  }
  const std::vector<int> bits_list = args.int_list("bits", "2,3,4,5,6,8");
  for (int b : bits_list)
    if (b < 1 || b > 16) throw ae::Error("--bits: each must be in 1..16, got " + std::to_string(b));
  const std::vector<int> qualities = args.int_list("jpeg", "1,5,10,20,40,60,80,95");
  for (int q : qualities)
    if (q < 1 || q > 100) throw ae::Error("--jpeg: each quality must be in 1..100, got " + std::to_string(q));
  const ae::Dataset train = load_split(args, ae::Split::Train, args.integer("train-size", 20000, 1, 1L << 31));
  const ae::Dataset test = load_split(args, ae::Split::Test, args.integer("test-size", 0, 0, 1L << 31));

  std::vector<Point> points;
  for (const std::string& path : args.positionals()) {
    const ae::ModelFile file = ae::load_model(path);
    if (ae::family_info(file.spec.family).variational)
      throw ae::Error(path + ": compress takes deterministic autoencoders, not a " +
                      ae::family_info(file.spec.family).label);
    const auto model = ae::instantiate(file);
    if (file.spec.input_size() != test.images.rows()) throw ae::Error(path + ": the model is for other images");
    const ae::Mat train_codes = model->encode(train.images), test_codes = model->encode(test.images);
    const int k = static_cast<int>(test_codes.rows());
    const ae::Pca pca = ae::Pca::fit(train.images, k);
    const ae::Mat pca_train = pca.encode(train.images), pca_test = pca.encode(test.images);
    for (int b : bits_list) {
      const double bytes = k * b / 8.0;
      const auto q = ae::UniformQuantizer::fit(train_codes, b);
      points.push_back(measure("AE", k, b, bytes, test.images, model->decode(q.round_trip(test_codes))));
      if (args.has("no-pca")) continue;
      const auto qp = ae::UniformQuantizer::fit(pca_train, b);
      points.push_back(measure("PCA", k, b, bytes, test.images, pca.decode(qp.round_trip(pca_test))));
    }
  }
  for (int q : qualities) {
    auto [bytes, decoded] = image_codec(test.images, q);
    points.push_back(measure("JPEG q" + std::to_string(q), 0, 0, bytes, test.images, decoded));
  }
  {
    auto [bytes, decoded] = image_codec(test.images, 0);
    points.push_back(measure("PNG (lossless)", 0, 0, bytes, test.images, decoded));
  }

  std::printf("%ld test images; bytes per image (k dims x b bits / 8 for codes); SE per image and PSNR vs the clean digit\n\n",
              static_cast<long>(test.size()));
  std::printf("%-16s %5s %5s %10s %12s %9s\n", "method", "code", "bits", "bytes", "SE / image", "PSNR dB");
  for (const Point& p : points)
    std::printf("%-16s %5s %5s %10.1f %12.3f %9.2f\n", p.method.c_str(), p.code ? std::to_string(p.code).c_str() : "-",
                p.bits ? std::to_string(p.bits).c_str() : "-", p.bytes, p.se, p.psnr);
  if (args.has("plot")) {
    write_line_plot(args.str("plot"), plot_series(points), "bytes per image (log scale)", "PSNR dB");
    std::printf("\nwrote %s\n", args.str("plot").c_str());
  }
  return 0;
}

}  // namespace cli
