// The latent panel's core (core/latent_explorer.h) from known codes: a linear "pixel picker" autoencoder whose
// code is two pixels of the input, (x[A], x[B]), and whose decoder paints z0 into pixel C and z1 into pixel D.
// Every output then has a closed form: the decoded point, the traversal strip, the interpolations, the
// nearest neighbours, and what the explorer follows (a new snapshot only when Versions::model_epoch changes).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/latent_explorer.h"
#include "serialize.h"

namespace {

constexpr int A = 100, B = 500, C = 10, D = 20, kTest = 200, S = aeplay::LatentExplorer::kStripSteps;

float pixel_a(int j) { return static_cast<float>(j % 17) / 16.0f; }
float pixel_b(int j) { return static_cast<float>((j * 7) % 13) / 12.0f; }

std::vector<uint8_t> picker_bytes(float decoder_gain) {
  ae::ModelSpec spec;
  spec.sizes = {784, 2};
  spec.hidden = spec.latent = spec.output = ae::Activation::Identity;
  ae::Autoencoder m(spec, 1);
  for (int l = 0; l < 2; ++l) m.mutable_weights(l).setZero(), m.mutable_bias(l).setZero();
  m.mutable_weights(0)(0, A) = 1, m.mutable_weights(0)(1, B) = 1;  // encoder: 2 x 784
  m.mutable_weights(1)(C, 0) = decoder_gain, m.mutable_weights(1)(D, 1) = decoder_gain;  // decoder: 784 x 2
  return ae::serialize_model(ae::make_model_file(m, {}, "pixel picker"));
}

// Test images whose pixels A and B take known values (exact in 8 bits: multiples of 1/16 and 1/12 rounded).
std::pair<std::vector<uint8_t>, std::vector<uint8_t>> test_set() {
  std::vector<uint8_t> img = {0, 0, 8, 3}, lab = {0, 0, 8, 1};
  auto be32 = [](std::vector<uint8_t>& b, uint32_t v) { for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(v >> s)); };
  be32(img, kTest), be32(img, 28), be32(img, 28), be32(lab, kTest);
  for (int j = 0; j < kTest; ++j) {
    for (int i = 0; i < 784; ++i) {
      float v = i == A ? pixel_a(j) : i == B ? pixel_b(j) : 0.0f;
      img.push_back(static_cast<uint8_t>(std::lround(v * 255)));
    }
    lab.push_back(static_cast<uint8_t>(j % 10));
  }
  return {img, lab};
}

class LatentExplorerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto [img, lab] = test_set();
    ASSERT_EQ(pg.load_test_set(img, lab), "");
    ASSERT_EQ(pg.add_model_bytes("picker", "picker", picker_bytes(1.0f), aeplay::Origin::Shipped), "");
    ASSERT_TRUE(pg.select_model("picker"));
    pg.set_noise({});
    ASSERT_TRUE(pg.use_test_digit(3));
    pg.update();
    ex.run_to_end(pg);
    ASSERT_NE(ex.model(), nullptr);
  }
  // The test set's codes as the explorer sees them (8-bit pixels).
  float code(int j, int dim) const { return pg.test_set().images(dim == 0 ? A : B, j); }

  aeplay::Playground pg;
  aeplay::LatentExplorer ex;
};

TEST_F(LatentExplorerTest, TheMapShowsTheCodesThemselvesAndTheInputOnIt) {
  ASSERT_TRUE(ex.model_space().codes_ready());
  EXPECT_EQ(ex.latent_size(), 2);
  EXPECT_EQ(ex.model_space().points().cols(), kTest);
  for (int j : {0, 5, 199}) {
    EXPECT_FLOAT_EQ(ex.model_space().points()(0, j), code(j, 0));
    EXPECT_FLOAT_EQ(ex.model_space().points()(1, j), code(j, 1));
  }
  EXPECT_FLOAT_EQ(ex.outputs().input_x, code(3, 0));
  EXPECT_FLOAT_EQ(ex.outputs().input_y, code(3, 1));
  EXPECT_TRUE(ex.pca_ready());
  EXPECT_GE(ex.outputs().prediction, 0);
}

TEST_F(LatentExplorerTest, DecodingAPointPaintsItsCoordinates) {
  ASSERT_TRUE(ex.set_decode_point(0.25f, 0.75f));
  EXPECT_FALSE(ex.set_decode_point(NAN, 0.0f));
  ex.update_outputs(pg);
  const auto& img = ex.array(aeplay::LatentArray::Decoded);
  ASSERT_EQ(img.size(), 784u);
  EXPECT_FLOAT_EQ(img[C], 0.25f);
  EXPECT_FLOAT_EQ(img[D], 0.75f);
  EXPECT_FLOAT_EQ(std::accumulate(img.begin(), img.end(), 0.0f), 1.0f) << "nothing else is painted";
}

TEST_F(LatentExplorerTest, TraversalStripSweepsOneAxisOverTheCodesRange) {
  ex.set_traversal_axis(1);
  ASSERT_TRUE(ex.set_traversal(0, 0.5f));  // also makes axis 0 the strip's axis
  ex.set_traversal_axis(1);
  ex.update_outputs(pg);
  const auto& out = ex.outputs();
  ASSERT_EQ(out.traversal_values.size(), static_cast<size_t>(S));
  // The range: the codes' min..max along the axis, with 10% margins.
  float lo = 1e9f, hi = -1e9f;
  for (int j = 0; j < kTest; ++j) lo = std::min(lo, code(j, 1)), hi = std::max(hi, code(j, 1));
  const float m = 0.1f * (hi - lo);
  EXPECT_NEAR(out.traversal_values.front(), lo - m, 1e-5);
  EXPECT_NEAR(out.traversal_values.back(), hi + m, 1e-5);
  const auto& strip = ex.array(aeplay::LatentArray::TraversalStrip);
  ASSERT_EQ(strip.size(), static_cast<size_t>(784 * S));
  const int w = 28 * S;
  for (int k = 0; k < S; ++k) {
    // Pixel C of digit k holds the edited z0 (0.5); pixel D the swept z1, clamped to [0, 1] by the strip.
    EXPECT_FLOAT_EQ(strip[static_cast<size_t>((C / 28) * w + k * 28 + C % 28)], 0.5f);
    EXPECT_NEAR(strip[static_cast<size_t>((D / 28) * w + k * 28 + D % 28)],
                std::clamp(out.traversal_values[static_cast<size_t>(k)], 0.0f, 1.0f), 1e-6);
  }
  EXPECT_FLOAT_EQ(ex.array(aeplay::LatentArray::Traversal)[C], 0.5f);
  ex.reset_traversal();
  ex.update_outputs(pg);
  EXPECT_FLOAT_EQ(ex.traversal_code()(0), code(3, 0));
}

TEST_F(LatentExplorerTest, InterpolationFollowsTheStraightLineBetweenTwoCodes) {
  ASSERT_TRUE(ex.set_interpolation(7, 12));
  EXPECT_FALSE(ex.set_interpolation(-2, 0));
  ex.update_outputs(pg);
  const auto& lerp = ex.array(aeplay::LatentArray::Linear);
  const auto& blend = ex.array(aeplay::LatentArray::PixelBlend);
  const int w = 28 * S;
  for (int k = 0; k < S; ++k) {
    const float t = static_cast<float>(k) / (S - 1);
    const float z0 = (1 - t) * code(7, 0) + t * code(12, 0), z1 = (1 - t) * code(7, 1) + t * code(12, 1);
    EXPECT_NEAR(lerp[static_cast<size_t>((C / 28) * w + k * 28 + C % 28)], z0, 1e-5) << k;
    EXPECT_NEAR(lerp[static_cast<size_t>((D / 28) * w + k * 28 + D % 28)], z1, 1e-5) << k;
    // The pixel blend mixes the images themselves: pixel A moves, pixel C stays dark.
    EXPECT_NEAR(blend[static_cast<size_t>((A / 28) * w + k * 28 + A % 28)], z0, 1e-5) << k;
    EXPECT_EQ(blend[static_cast<size_t>((C / 28) * w + k * 28 + C % 28)], 0.0f);
  }
  // The spherical path has the same endpoints.
  const auto& slerp = ex.array(aeplay::LatentArray::Spherical);
  EXPECT_NEAR(slerp[static_cast<size_t>((C / 28) * w + C % 28)], code(7, 0), 1e-5);
  EXPECT_NEAR(slerp[static_cast<size_t>((C / 28) * w + (S - 1) * 28 + C % 28)], code(12, 0), 1e-5);
}

TEST_F(LatentExplorerTest, NeighboursAreTheNearestCodesLeavingOutTheInput) {
  ex.update_outputs(pg);
  std::vector<int> order(kTest);
  std::iota(order.begin(), order.end(), 0);
  auto dist = [&](int j) { return std::hypot(code(j, 0) - code(3, 0), code(j, 1) - code(3, 1)); };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return dist(a) < dist(b); });
  order.erase(std::find(order.begin(), order.end(), 3));
  const auto& got = ex.outputs().neighbours;
  ASSERT_EQ(got.size(), static_cast<size_t>(aeplay::LatentExplorer::kNeighbours));
  for (size_t i = 0; i < got.size(); ++i) EXPECT_FLOAT_EQ(dist(got[i]), dist(order[i])) << i;
  EXPECT_EQ(ex.array(aeplay::LatentArray::Neighbours).size(), 784u * got.size());
}

TEST_F(LatentExplorerTest, ASnapshotIsRetakenOnlyWhenTheModelChanges) {
  const uint64_t first = ex.snapshot_version();
  pg.set_noise(ae::parse_noise("mask:0.5"));  // the input's corruption: no new snapshot
  pg.update();
  ex.run_to_end(pg);
  EXPECT_EQ(ex.snapshot_version(), first);
  // Replacing the model (same id, a decoder twice as strong) is a new model: a new snapshot, new pictures.
  ASSERT_EQ(pg.add_model_bytes("picker", "picker", picker_bytes(2.0f), aeplay::Origin::Shipped), "");
  ASSERT_TRUE(ex.set_decode_point(0.25f, 0.25f));
  ex.run_to_end(pg);
  EXPECT_EQ(ex.snapshot_version(), first + 1);
  EXPECT_FLOAT_EQ(ex.array(aeplay::LatentArray::Decoded)[C], 0.5f);
  // An inactive explorer computes nothing.
  ASSERT_EQ(pg.add_model_bytes("picker", "picker", picker_bytes(3.0f), aeplay::Origin::Shipped), "");
  ex.set_active(false);
  ex.tick(pg, std::chrono::steady_clock::now() + std::chrono::seconds(1));
  EXPECT_EQ(ex.snapshot_version(), first + 1);
}

}  // namespace

// The pixel PCA's eigen-decomposition handed to a worker (the page's, here one that answers when told): the
// map waits for it without blocking, the worker's answer gives the PCA the explorer computes itself, an answer
// to an older request is dropped, and a worker that fails leaves the decomposition to the explorer.
namespace {
struct HeldDecomposition final : aeplay::DecompositionWorker {
  int request = -1, sends = 0;
  Eigen::MatrixXd matrix;
  bool accept = true;
  bool send(int r, const Eigen::MatrixXd& m) override {
    ++sends;
    request = r, matrix = m;
    return accept;
  }
};

void tick_a_while(aeplay::LatentExplorer& ex, const aeplay::Playground& pg) {
  for (int i = 0; i < 50; ++i) ex.tick(pg, std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
}
}  // namespace

TEST_F(LatentExplorerTest, ThePixelPcaDecompositionCanRunInTheWorker) {
  HeldDecomposition worker;
  aeplay::LatentExplorer remote;
  remote.set_decomposition_worker(&worker);
  remote.set_active(true);
  tick_a_while(remote, pg);
  ASSERT_EQ(worker.sends, 1) << "one request per test set";
  EXPECT_FALSE(remote.pca_ready()) << "waiting for the worker, not decomposing here";
  EXPECT_TRUE(remote.model_space().codes_ready()) << "the model's map does not wait for the PCA";
  Eigen::VectorXd values;
  Eigen::MatrixXd vectors;
  ae::symmetric_eigen(worker.matrix, values, vectors);
  remote.on_decomposition(worker.request + 1, values, vectors);  // not this request: dropped
  EXPECT_FALSE(remote.pca_ready());
  remote.on_decomposition(worker.request, values, vectors);
  ASSERT_TRUE(remote.pca_ready());
  tick_a_while(remote, pg);
  ASSERT_TRUE(remote.pca_space().codes_ready());
  ASSERT_TRUE(ex.pca_space().codes_ready());
  // The same decomposition of the same covariance: the same PCA map as the explorer that did it itself.
  EXPECT_TRUE(remote.pca_space().points().isApprox(ex.pca_space().points(), 0)) << "not bit for bit";

  HeldDecomposition refusing;
  refusing.accept = false;
  aeplay::LatentExplorer fallback;
  fallback.set_decomposition_worker(&refusing);
  fallback.set_active(true);
  tick_a_while(fallback, pg);
  EXPECT_EQ(refusing.sends, 1);
  EXPECT_TRUE(fallback.pca_ready()) << "a worker that cannot take it: decomposed here";

  HeldDecomposition failing;
  aeplay::LatentExplorer after_failure;
  after_failure.set_decomposition_worker(&failing);
  after_failure.set_active(true);
  tick_a_while(after_failure, pg);
  EXPECT_FALSE(after_failure.pca_ready());
  after_failure.on_decomposition_failed(failing.request);
  EXPECT_TRUE(after_failure.pca_ready());
}
