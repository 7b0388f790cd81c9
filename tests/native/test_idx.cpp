// The IDX (MNIST) reader: good arrays built in memory, every kind of broken or hostile file (each error
// must name the file and be raised before any large allocation), reading from disk, and the real MNIST.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>

#include "dataset.h"
#include "error.h"
#include "idx.h"
#include "test_util.h"

namespace {

using Bytes = std::vector<uint8_t>;

// magic 00 00 <type> <ndims>, big-endian uint32 sizes, then the data.
Bytes idx_bytes(const std::vector<uint32_t>& dims, const Bytes& data, uint8_t type = 0x08) {
  Bytes b{0, 0, type, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(d >> shift));
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

Bytes iota_bytes(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 7);
  return b;
}

ae::IdxArray parse(const Bytes& b, uint64_t max_bytes = ae::kMaxIdxBytes) {
  return ae::parse_idx(b.data(), b.size(), "sample.idx", max_bytes);
}

// The error message, which must name the file.
std::string parse_error(const Bytes& b, uint64_t max_bytes = ae::kMaxIdxBytes) {
  std::string msg = testutil::error_message([&] { parse(b, max_bytes); });
  EXPECT_NE(msg.find("sample.idx"), std::string::npos) << "message does not name the file: " << msg;
  return msg;
}

TEST(Idx, ParsesAOneDimensionalArray) {
  const ae::IdxArray a = parse(idx_bytes({5}, {9, 8, 7, 6, 5}));
  EXPECT_EQ(a.dims, (std::vector<uint32_t>{5}));
  EXPECT_EQ(a.data, (Bytes{9, 8, 7, 6, 5}));
}

TEST(Idx, ParsesImagesWithBigEndianSizes) {
  // 2 images of 3 x 300 (300 = 0x0000012C checks the byte order of the sizes).
  const Bytes data = iota_bytes(2 * 3 * 300);
  const ae::IdxArray a = parse(idx_bytes({2, 3, 300}, data));
  EXPECT_EQ(a.dims, (std::vector<uint32_t>{2, 3, 300}));
  EXPECT_EQ(a.data, data);
}

TEST(Idx, ParsesFourDimensions) {
  const ae::IdxArray a = parse(idx_bytes({2, 1, 2, 3}, iota_bytes(12)));
  EXPECT_EQ(a.dims.size(), 4u);
  EXPECT_EQ(a.data.size(), 12u);
}

TEST(Idx, RejectsTruncatedData) {
  Bytes b = idx_bytes({2, 3, 4}, iota_bytes(24));
  b.pop_back();
  EXPECT_NE(parse_error(b).find("truncated"), std::string::npos);
}

TEST(Idx, RejectsEveryProperPrefixOfAGoodFile) {
  const Bytes good = idx_bytes({2, 3, 4}, iota_bytes(24));
  ASSERT_NO_THROW(parse(good));
  for (size_t n = 0; n < good.size(); ++n) {
    const Bytes prefix(good.begin(), good.begin() + static_cast<long>(n));
    EXPECT_THROW(parse(prefix), ae::Error) << "prefix of " << n << " bytes was accepted";
  }
}

TEST(Idx, RejectsTruncatedHeader) {
  Bytes b = idx_bytes({2, 3, 4}, {});
  b.resize(10);  // magic + 1.5 sizes of 3
  EXPECT_NE(parse_error(b).find("header"), std::string::npos);
}

TEST(Idx, RejectsWrongMagic) {
  Bytes b = idx_bytes({4}, {1, 2, 3, 4});
  b[0] = 0x89;  // e.g. a PNG
  EXPECT_NE(parse_error(b).find("magic"), std::string::npos);
  b = idx_bytes({4}, {1, 2, 3, 4});
  b[1] = 1;
  EXPECT_NE(parse_error(b).find("magic"), std::string::npos);
  const std::string png = "\x89PNG\r\n\x1a\n and more";
  parse_error(Bytes(png.begin(), png.end()));
}

TEST(Idx, RejectsElementTypesOtherThanUnsignedByte) {
  for (uint8_t type : {0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x00}) {
    const std::string msg = parse_error(idx_bytes({4}, {1, 2, 3, 4}, type));
    EXPECT_NE(msg.find("type"), std::string::npos) << msg;
  }
}

TEST(Idx, RejectsZeroOrFiveDimensions) {
  parse_error(idx_bytes({}, {}));
  parse_error(idx_bytes({1, 1, 1, 1, 1}, {42}));
}

TEST(Idx, RejectsTrailingBytes) {
  Bytes b = idx_bytes({3}, {1, 2, 3});
  b.push_back(0);
  EXPECT_NE(parse_error(b).find("after the data"), std::string::npos);
}

TEST(Idx, RejectsAHeaderDeclaringTerabytesBeforeAllocating) {
  // 10^6 x 10^6 x 10^6 bytes = 1 EB declared by a 16-byte file. An allocation would throw
  // std::bad_alloc (not ae::Error) or take the machine down; the check must come first, and fast.
  const auto start = std::chrono::steady_clock::now();
  for (const std::vector<uint32_t>& dims : std::vector<std::vector<uint32_t>>{
           {1000000, 1000000, 1000000},
           {0xFFFFFFFFu},
           {65536, 65536, 65536, 65536},  // 2^64: wraps to 0 in 64 bits if multiplied blindly
           {60000, 28, 28, 1000}}) {      // 47 GB
    const std::string msg = parse_error(idx_bytes(dims, {}));
    EXPECT_NE(msg.find("limit"), std::string::npos) << msg;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 0.5);
}

TEST(Idx, SizeLimitIsInclusive) {
  EXPECT_NO_THROW(parse(idx_bytes({10, 10}, iota_bytes(100)), 100));
  parse_error(idx_bytes({10, 11}, iota_bytes(110)), 100);
}

TEST(Idx, ReadIdxFromAFile) {
  testutil::TempDir dir;
  const std::string path = dir.file("digits-idx3-ubyte");
  const Bytes good = idx_bytes({2, 2, 2}, iota_bytes(8));
  {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(good.data()), static_cast<std::streamsize>(good.size()));
  }
  const ae::IdxArray a = ae::read_idx(path);
  EXPECT_EQ(a.dims, (std::vector<uint32_t>{2, 2, 2}));
  EXPECT_EQ(a.data, iota_bytes(8));

  // A broken file on disk: the message names the path.
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(good.data()), 10);
  }
  const std::string msg = testutil::error_message([&] { ae::read_idx(path); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;

  const std::string missing = dir.file("no-such-file");
  const std::string msg2 = testutil::error_message([&] { ae::read_idx(missing); });
  EXPECT_NE(msg2.find(missing), std::string::npos) << msg2;
}

TEST(Idx, ReadIdxRefusesAFileLargerThanTheLimitWithoutReadingIt) {
  testutil::TempDir dir;
  const std::string path = dir.file("big-idx1-ubyte");
  const Bytes good = idx_bytes({1000}, iota_bytes(1000));
  {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(good.data()), static_cast<std::streamsize>(good.size()));
  }
  const std::string msg = testutil::error_message([&] { ae::read_idx(path, 100); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
}

TEST(Dataset, MakeDatasetScalesBytesToUnitIntervalOneImagePerColumn) {
  ae::IdxArray images{{2, 2, 3}, {0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 0}};
  ae::IdxArray labels{{2}, {7, 3}};
  const ae::Dataset d = ae::make_dataset(images, &labels);
  ASSERT_EQ(d.images.rows(), 6);
  ASSERT_EQ(d.images.cols(), 2);
  EXPECT_EQ(d.rows, 2);
  EXPECT_EQ(d.cols, 3);
  // Column 0 is the first image, row-major: 0, 0.2, 0.4, 0.6, 0.8, 1.
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(d.images(i, 0), 0.2f * i, 1e-6f);
  EXPECT_EQ(d.images(0, 1), 1.0f);
  EXPECT_EQ(d.images(1, 1), 0.0f);
  EXPECT_EQ(d.labels, (std::vector<uint8_t>{7, 3}));
  // `limit` keeps the first images.
  const ae::Dataset first = ae::make_dataset(images, &labels, 1);
  EXPECT_EQ(first.size(), 1);
  EXPECT_EQ(first.labels, (std::vector<uint8_t>{7}));
}

TEST(Dataset, MakeDatasetRejectsInconsistentArrays) {
  ae::IdxArray images{{2, 2, 3}, Bytes(12)};
  ae::IdxArray wrong_count{{3}, {1, 2, 3}};
  EXPECT_THROW(ae::make_dataset(images, &wrong_count), ae::Error);
  ae::IdxArray flat{{12}, Bytes(12)};
  EXPECT_THROW(ae::make_dataset(flat, nullptr), ae::Error);
  ae::IdxArray labels2d{{2, 1}, {1, 2}};
  EXPECT_THROW(ae::make_dataset(images, &labels2d), ae::Error);
}

TEST(Dataset, LoadMnistWithoutADirectoryExplainsWhatToDo) {
  const std::string msg = testutil::error_message([] { ae::load_mnist("", ae::Split::Test); });
  EXPECT_NE(msg.find("setup"), std::string::npos) << msg;
  const std::string msg2 = testutil::error_message([] { ae::load_mnist("/nonexistent-dir", ae::Split::Test); });
  EXPECT_NE(msg2.find("/nonexistent-dir"), std::string::npos) << msg2;
}

void expect_mnist_split(const ae::Dataset* d, ae::Index n) {
  ASSERT_NE(d, nullptr) << testutil::mnist_error();
  EXPECT_EQ(d->size(), n);
  EXPECT_EQ(d->images.rows(), 784);
  EXPECT_EQ(d->rows, 28);
  EXPECT_EQ(d->cols, 28);
  ASSERT_EQ(d->labels.size(), static_cast<size_t>(n));
  std::set<int> seen(d->labels.begin(), d->labels.end());
  EXPECT_EQ(seen, (std::set<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(d->images.minCoeff(), 0.0f);
  EXPECT_EQ(d->images.maxCoeff(), 1.0f);
  // Mean pixel intensity of MNIST is about 0.13 in both splits.
  EXPECT_NEAR(d->images.mean(), 0.13, 0.01);
}

TEST(Mnist, TrainingSetHas60000ImagesOf784PixelsLabelled0To9) {
  expect_mnist_split(testutil::mnist(ae::Split::Train), 60000);
}

TEST(Mnist, TestSetHas10000ImagesOf784PixelsLabelled0To9) {
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  expect_mnist_split(test, 10000);
  ASSERT_NE(test, nullptr);
  // The first test digit of MNIST is a 7, the second a 2.
  EXPECT_EQ(test->labels[0], 7);
  EXPECT_EQ(test->labels[1], 2);
}

TEST(Mnist, LimitKeepsTheFirstImages) {
  const ae::Dataset* test = testutil::mnist(ae::Split::Test);
  ASSERT_NE(test, nullptr) << testutil::mnist_error();
  const ae::Dataset first = ae::load_mnist(ae::default_data_dir(), ae::Split::Test, 100);
  ASSERT_EQ(first.size(), 100);
  EXPECT_EQ(first.images, test->images.leftCols(100));
}

}  // namespace
