// Images held as bytes (image_store.h) against the float path (make_dataset, ae::Mat): the conversion is the
// IDX reader's for every byte value, gathered batches are bit for bit the float matrix's (same seed, same
// order), the trainer and the latent panel's incremental work give what they gave from floats, and the
// storage is shared, never copied, by left() and copies.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "dataset.h"
#include "error.h"
#include "image_store.h"
#include "latent.h"
#include "rng.h"
#include "test_util.h"
#include "trainer.h"

namespace {

// An IDX image array: count images of rows x cols, pixel p of image j = f(j * rows * cols + p).
template <class F>
ae::IdxArray idx_images(uint32_t count, uint32_t rows, uint32_t cols, F f) {
  ae::IdxArray a;
  a.dims = {count, rows, cols};
  a.data.resize(size_t(count) * rows * cols);
  for (size_t i = 0; i < a.data.size(); ++i) a.data[i] = static_cast<uint8_t>(f(i));
  return a;
}

// The MNIST test images as the page fetches them: the IDX file's bytes.
const ae::IdxArray& mnist_test_bytes() {
  static const ae::IdxArray a = ae::read_idx(ae::default_data_dir() + "/t10k-images-idx3-ubyte");
  return a;
}

TEST(ImageStore, EveryByteConvertsAsTheIdxReaderDoes) {
  const ae::IdxArray a = idx_images(2, 16, 16, [](size_t i) { return i % 256; });
  const ae::Dataset floats = ae::make_dataset(a, nullptr);
  ae::IdxArray copy = a;
  const ae::ImageSet bytes = ae::make_image_set(std::move(copy), nullptr);
  ASSERT_TRUE(bytes.images.holds_bytes());
  ASSERT_EQ(bytes.images.rows(), 256);
  ASSERT_EQ(bytes.images.cols(), 2);
  for (int v = 0; v < 256; ++v) {
    EXPECT_EQ(bytes.images(v, 0), floats.images(v, 0)) << "byte " << v;        // exactly the reader's float
    // v/255 to float precision: the reader multiplies by 1/255f (two roundings, within 2 ulps below 1).
    EXPECT_NEAR(double(bytes.images(v, 1)), v / 255.0, 1.2e-7) << "byte " << v;
  }
  EXPECT_EQ(bytes.images(0, 0), 0.0f);
  EXPECT_EQ(bytes.images(255, 0), 1.0f);
  EXPECT_EQ(bytes.images.to_mat(), floats.images);
  EXPECT_EQ(bytes.images.col(1), floats.images.col(1));
}

TEST(ImageStore, MnistBatchesFromBytesAreTheFloatBatches) {
  const ae::IdxArray& idx = mnist_test_bytes();
  const ae::Dataset floats = ae::make_dataset(idx, nullptr);
  ae::IdxArray copy = idx;
  const ae::ImageSet bytes = ae::make_image_set(std::move(copy), nullptr);
  ASSERT_EQ(bytes.size(), 10000);
  EXPECT_EQ(bytes.images.storage_bytes(), 10000u * 784u) << "one byte a pixel";
  // The trainer's order: a seeded shuffle per epoch, batches of 64 gathered from it.
  ae::Rng rng(7, 1);
  std::vector<int> order;
  ae::Mat from_floats, from_bytes;
  for (int epoch = 0; epoch < 2; ++epoch) {
    ae::shuffled_indices(order, 10000, rng);
    for (ae::Index first = 0; first + 64 <= 10000; first += 64) {
      ae::gather_columns(floats.images, order, first, 64, from_floats);
      bytes.images.gather(order, first, 64, from_bytes);
      ASSERT_EQ(from_bytes, from_floats) << "epoch " << epoch << ", batch at " << first;
    }
  }
  // The test pass's chunks: consecutive columns.
  for (ae::Index first = 0; first < 10000; first += 999) {
    const ae::Index n = std::min<ae::Index>(999, 10000 - first);
    ASSERT_EQ(bytes.images.columns(first, n), floats.images.middleCols(first, n)) << "columns from " << first;
  }
}

TEST(ImageStore, TheTrainerOnBytesTrainsAsOnFloats) {
  const ae::IdxArray& idx = mnist_test_bytes();
  ae::IdxArray part = idx;
  part.dims[0] = 1200;
  part.data.resize(1200u * 784u);
  const ae::Dataset floats = ae::make_dataset(part, nullptr);
  const ae::ImageSet bytes = ae::make_image_set(std::move(part), nullptr);
  ae::ModelSpec spec;
  spec.sizes = {784, 32, 8};
  ae::TrainConfig cfg;
  cfg.batch_size = 50;
  cfg.epochs = 2;
  cfg.seed = 11;
  cfg.noise = ae::parse_noise("mask:0.25");  // seeded corruption of each batch, too
  const ae::Mat train_f = floats.images.leftCols(1000), test_f = floats.images.rightCols(200);
  ae::Autoencoder a(spec, 3), b(spec, 3);
  ae::Trainer on_floats(a, train_f, test_f, cfg);
  ae::Trainer on_bytes(b, bytes.images.left(1000), ae::ImageStore(bytes.images.columns(1000, 200)), cfg);
  while (!on_floats.progress().done) on_floats.step(7);
  while (!on_bytes.progress().done) on_bytes.step(7);
  // Same seed, same order, same batches (bit for bit, above): the same model. Not compared bit for bit: two
  // float runs differ in the last bits too, as the models' buffers sit at other addresses and Eigen's
  // vectorised sums start their aligned part at other offsets (test_training_worker.cpp; seen: 1e-8 here).
  ASSERT_EQ(b.parameters().size(), a.parameters().size());
  float worst = 0;
  for (size_t i = 0; i < a.parameters().size(); ++i)
    worst = std::max(worst, std::abs(a.parameters()[i] - b.parameters()[i]));
  EXPECT_LT(worst, 1e-6f);
  ASSERT_EQ(on_bytes.history().size(), 2u);
  for (size_t e = 0; e < 2; ++e) {
    EXPECT_NEAR(on_bytes.history()[e].train_loss, on_floats.history()[e].train_loss,
                1e-6 * on_floats.history()[e].train_loss);
    EXPECT_NEAR(on_bytes.history()[e].test_loss, on_floats.history()[e].test_loss,
                1e-6 * on_floats.history()[e].test_loss);
  }
}

TEST(ImageStore, LeftAndCopiesShareTheStorage) {
  const ae::ImageStore s = ae::ImageStore::from_bytes(std::vector<uint8_t>(4 * 10, 9), 4);
  EXPECT_EQ(s.cols(), 10);
  const ae::ImageStore first3 = s.left(3), copy = s;
  EXPECT_EQ(first3.byte_data(), s.byte_data()) << "no pixels copied";
  EXPECT_EQ(copy.byte_data(), s.byte_data());
  EXPECT_EQ(first3.cols(), 3);
  EXPECT_EQ(first3.storage_bytes(), 12u);
  EXPECT_THROW(s.left(11), ae::Error);
  // The storage outlives the store it came from.
  ae::ImageStore kept;
  {
    const ae::ImageStore gone = ae::ImageStore::from_bytes(std::vector<uint8_t>{0, 51, 102, 255}, 2);
    kept = gone.left(1);
  }
  EXPECT_EQ(kept(1, 0), 51 * (1.0f / 255.0f));
  // A float store holds the floats it was given; a view reads the caller's matrix.
  const ae::Mat m = testutil::uniform_matrix(3, 5, 1);
  const ae::ImageStore owned(m), view = ae::ImageStore::view(m);
  EXPECT_FALSE(owned.holds_bytes());
  EXPECT_NE(owned.float_data(), m.data());
  EXPECT_EQ(view.float_data(), m.data());
  EXPECT_EQ(owned.to_mat(), m);
  EXPECT_EQ(view.columns(1, 3), m.middleCols(1, 3));
  EXPECT_EQ(owned.storage_bytes(), 15u * sizeof(float));
}

TEST(ImageStore, BadInputGetsTheDatasetsMessages) {
  EXPECT_NE(testutil::error_message([] {
              ae::ImageStore::from_bytes(std::vector<uint8_t>(10), 4);
            }).find("10 bytes are not whole images of 4 pixels"),
            std::string::npos);
  ae::IdxArray flat;
  flat.dims = {3, 4};
  flat.data.resize(12);
  EXPECT_EQ(testutil::error_message([&] { ae::make_image_set(ae::IdxArray(flat), nullptr, "f.idx"); }),
            testutil::error_message([&] { ae::make_dataset(flat, nullptr, 0, "f.idx"); }));
  ae::IdxArray images = idx_images(3, 2, 2, [](size_t) { return 0; }), labels;
  labels.dims = {2};
  labels.data = {1, 2};
  const std::string m = testutil::error_message([&] { ae::make_image_set(ae::IdxArray(images), &labels, "x"); });
  EXPECT_EQ(m, "x: 3 images but 2 labels");
  labels.dims = {3};
  labels.data = {0, 2, 1};
  const ae::ImageSet ok = ae::make_image_set(std::move(images), &labels, "x");
  EXPECT_EQ(ok.labels, labels.data);
  EXPECT_EQ(ok.class_names, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(ImageStore, TheLatentPanelsWorkFromBytesIsTheWorkFromFloats) {
  const ae::IdxArray& idx = mnist_test_bytes();
  ae::IdxArray part = idx;
  part.dims[0] = 300;
  part.data.resize(300u * 784u);
  const ae::Dataset floats = ae::make_dataset(part, nullptr);
  const ae::ImageSet bytes = ae::make_image_set(std::move(part), nullptr);
  ae::PcaBuilder pf, pb;
  pf.start(&floats.images, 300);
  pb.start(bytes.images, 300);
  while (pf.step(std::chrono::steady_clock::time_point::max())) {
  }
  while (pb.step(std::chrono::steady_clock::time_point::max())) {
  }
  ASSERT_TRUE(pf.done() && pb.done());
  EXPECT_EQ(pb.pca().mean, pf.pca().mean);
  EXPECT_EQ(pb.pca().variances, pf.pca().variances);
  std::vector<uint8_t> labels(300);
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = uint8_t(i % 10);
  ae::Autoencoder model(
      [] {
        ae::ModelSpec s;
        s.sizes = {784, 16, 4};
        return s;
      }(),
      5);
  const ae::Encoder enc = [&](const ae::Mat& x) { return model.encode(x); };
  ae::CodeSpace cf, cb;
  cf.start(enc, &floats.images, &labels, 150);
  cb.start(enc, bytes.images, &labels, 150);
  cf.run_to_end();
  cb.run_to_end();
  EXPECT_EQ(cb.codes(), cf.codes());
  EXPECT_EQ(cb.probe().knn, cf.probe().knn);
}

}  // namespace
