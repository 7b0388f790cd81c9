// Search by code (src/engine/search.h): Hamming distance against its bit-at-a-time reference, the rankings,
// precision at K and average precision on hand-built cases, codes equal to the label one-hot, and the hashing
// model's code noise (semantic hashing) pushing its codes to 0 and 1.
#include <gtest/gtest.h>

#include <random>

#include "error.h"
#include "optim.h"
#include "search.h"

namespace {

using ae::Index;
using ae::Mat;

// One column per label: the one-hot of that label over 10 classes.
using Labels = std::vector<uint8_t>;

Mat one_hot(const Labels& labels) {
  Mat m = Mat::Zero(10, static_cast<Index>(labels.size()));
  for (size_t i = 0; i < labels.size(); ++i) m(labels[i], static_cast<Index>(i)) = 1;
  return m;
}

Labels cycling_labels(int n) {
  Labels v;
  for (int i = 0; i < n; ++i) v.push_back(static_cast<uint8_t>(i % 10));
  return v;
}

TEST(Search, HammingDistanceMatchesTheBitAtATimeReferenceOnRandomCodes) {
  std::mt19937_64 rng(29);
  for (int bits : {1, 7, 16, 32, 63, 64, 65, 128, 200}) {
    Mat values(bits, 40);
    for (Index i = 0; i < values.size(); ++i) values.data()[i] = static_cast<float>(rng() % 1000) / 1000.0f;
    const ae::PackedCodes p = ae::pack_bits(values, ae::Vec::Constant(bits, 0.5f));
    ASSERT_EQ(p.words_per_code(), (bits + 63) / 64);
    for (Index a = 0; a < p.count; ++a)
      for (Index b = 0; b < p.count; ++b)
        EXPECT_EQ(ae::hamming_distance(p.code(a), p.code(b), p.words_per_code()),
                  ae::hamming_distance_reference(p.code(a), p.code(b), bits))
            << bits << " bits, codes " << a << " and " << b;
  }
  // And on raw words with every bit pattern (the reference counts bits one by one).
  for (int trial = 0; trial < 1000; ++trial) {
    const uint64_t a[2] = {rng(), rng()}, b[2] = {rng(), rng()};
    EXPECT_EQ(ae::hamming_distance(a, b, 2), ae::hamming_distance_reference(a, b, 128));
  }
}

TEST(Search, PackBitsSetsBitJWhenTheValueIsAboveItsThreshold) {
  Mat v(3, 2);
  v << 0.9f, 0.1f,  //
      0.2f, 0.8f,   //
      0.6f, 0.6f;
  ae::Vec t(3);
  t << 0.5f, 0.5f, 0.7f;
  const ae::PackedCodes p = ae::pack_bits(v, t);
  EXPECT_EQ(p.code(0)[0], 0b001u);
  EXPECT_EQ(p.code(1)[0], 0b010u);
  EXPECT_EQ(ae::hamming_distance(p.code(0), p.code(1), 1), 2);
}

TEST(Search, TopKBreaksTiesByIndexAndTheCountingVersionAgrees) {
  const std::vector<float> d = {3, 1, 2, 1, 0, 3};
  EXPECT_EQ(ae::top_k(d, 4), (std::vector<Index>{4, 1, 3, 2}));
  EXPECT_EQ(ae::top_k(d, 99).size(), 6u) << "k is clamped to the database";
  std::mt19937 rng(3);
  std::vector<int> hamming(500);
  for (int& h : hamming) h = static_cast<int>(rng() % 17);
  const std::vector<float> as_float(hamming.begin(), hamming.end());
  for (Index k : {0, 1, 10, 100, 500}) EXPECT_EQ(ae::top_k_hamming(hamming, 16, k), ae::top_k(as_float, k)) << k;
}

TEST(Search, PrecisionAtKOnAHandBuiltRanking) {
  const Labels labels = {3, 3, 5, 3, 1, 5};
  const std::vector<Index> ranking = {0, 2, 1, 4, 3, 5};  // labels 3 5 3 1 3 5
  EXPECT_DOUBLE_EQ(ae::precision_at_k(ranking, labels, 3, 1), 1.0);
  EXPECT_DOUBLE_EQ(ae::precision_at_k(ranking, labels, 3, 2), 0.5);
  EXPECT_DOUBLE_EQ(ae::precision_at_k(ranking, labels, 3, 4), 0.5);
  EXPECT_DOUBLE_EQ(ae::precision_at_k(ranking, labels, 3, 5), 0.6);
  EXPECT_DOUBLE_EQ(ae::precision_at_k(ranking, labels, 5, 3), 1.0 / 3);
  EXPECT_DOUBLE_EQ(ae::precision_at_k(ranking, labels, 7, 6), 0.0);
}

TEST(Search, AveragePrecisionOnAHandBuiltRanking) {
  // Relevant at ranks 1, 3 and 6: AP = (1/1 + 2/3 + 3/6) / 3.
  const Labels labels = {1, 0, 1, 0, 0, 1};
  const std::vector<Index> ranking = {0, 1, 2, 3, 4, 5};
  EXPECT_NEAR(ae::average_precision(ranking, labels, 1), (1.0 + 2.0 / 3 + 0.5) / 3, 1e-12);
  EXPECT_DOUBLE_EQ(ae::average_precision({5, 2, 0, 1, 3, 4}, labels, 1), 1.0) << "every relevant item first";
  EXPECT_DOUBLE_EQ(ae::average_precision(ranking, labels, 9), 0.0) << "no relevant item";
}

TEST(Search, CodesEqualToTheLabelOneHotGivePrecisionOneWithEveryDistance) {
  const Labels db_labels = cycling_labels(200), query_labels = cycling_labels(30);
  const Mat db = one_hot(db_labels), queries = one_hot(query_labels);
  // Euclidean on the one-hot "pixels": same label at distance 0, any other at sqrt(2).
  const ae::SearchIndex pixels(ae::SearchMethod::Pixels, db, nullptr, 0);
  const ae::RetrievalScore s = ae::evaluate_retrieval(pixels, db_labels, queries, query_labels, 20);
  EXPECT_DOUBLE_EQ(s.precision_at_k, 1.0);
  EXPECT_DOUBLE_EQ(s.map, 1.0);
  // Hamming on the one-hot cut at 0.5, through a model whose sigmoid code is its input, saturated.
  ae::ModelSpec spec;
  spec.sizes = {10, 10};
  spec.latent = ae::Activation::Sigmoid;
  ae::Autoencoder model(spec, 1);
  model.mutable_weights(0) = 20 * Mat::Identity(10, 10);
  model.mutable_bias(0).setConstant(-10);
  const ae::SearchIndex binary(ae::SearchMethod::Binary, db, &model, 0);
  EXPECT_EQ(binary.dimensions(), 10);
  const ae::RetrievalScore b = ae::evaluate_retrieval(binary, db_labels, queries, query_labels, 20);
  EXPECT_DOUBLE_EQ(b.precision_at_k, 1.0);
  EXPECT_DOUBLE_EQ(b.map, 1.0);
  EXPECT_GE(b.ms_per_query, 0.0);
}

TEST(Search, EveryMethodFindsTheQueryItselfFirst) {
  std::mt19937 rng(5);
  Mat db(30, 120);
  for (Index i = 0; i < db.size(); ++i) db.data()[i] = static_cast<float>(rng() % 1000) / 1000.0f;
  ae::ModelSpec spec;
  spec.sizes = {30, 12, 16};
  spec.latent = ae::Activation::Sigmoid;
  ae::Autoencoder model(spec, 2);
  for (int m = 0; m < ae::kSearchMethodCount; ++m) {
    const ae::SearchIndex index(static_cast<ae::SearchMethod>(m), db, &model, 16);
    for (Index q : {0, 57, 119}) {
      const std::vector<float> d = index.distances(db.col(q));
      EXPECT_LE(d[static_cast<size_t>(q)], 1e-3f) << ae::to_string(static_cast<ae::SearchMethod>(m));
      const std::vector<Index> top = index.search(db.col(q), 5);
      ASSERT_EQ(top.size(), 5u);
      EXPECT_LE(d[static_cast<size_t>(top[0])], 1e-3f) << "the best result is as close as the query itself";
    }
  }
  EXPECT_THROW(ae::SearchIndex(ae::SearchMethod::Codes, db, nullptr, 16), ae::Error);
  EXPECT_THROW(ae::SearchIndex(ae::SearchMethod::Hyperplanes, db, nullptr, 0), ae::Error);
  EXPECT_THROW(ae::parse_search_method("lsh"), ae::Error);
  EXPECT_EQ(ae::parse_search_method("hyperplanes"), ae::SearchMethod::Hyperplanes);
}

// The share of code values within 0.1 of 0 or 1 after training on random images, with and without the noise.
double saturated_share(float code_noise) {
  ae::ModelSpec spec;
  spec.sizes = {64, 32, 8};
  spec.latent = ae::Activation::Sigmoid;
  spec.code_noise = code_noise;
  ae::validate(spec);
  ae::Autoencoder model(spec, 4);
  std::mt19937 rng(8);
  Mat X(64, 256);
  for (Index i = 0; i < X.size(); ++i) X.data()[i] = (rng() % 2) ? 1.0f : 0.0f;
  ae::OptimConfig config;
  config.lr = 3e-3f;
  ae::Optimizer optimizer(config);
  ae::Workspace ws;
  for (int step = 0; step < 600; ++step) {
    model.loss_and_gradient(X, X, ws);
    optimizer.step(model.parameter_refs());
  }
  const Mat codes = model.encode(X);
  return ((codes.array() < 0.1f) || (codes.array() > 0.9f)).cast<double>().mean();
}

TEST(Search, CodeNoiseBeforeTheSigmoidPushesTheCodesToZeroAndOne) {
  const double plain = saturated_share(0), hashing = saturated_share(4);
  EXPECT_GT(hashing, 0.9) << "plain: " << plain;
  EXPECT_GT(hashing, plain + 0.2);
}

TEST(Search, CodeNoiseIsRefusedWithoutASigmoidCodeOrOutsideItsRange) {
  ae::ModelSpec spec;
  spec.latent = ae::Activation::ReLU;
  spec.code_noise = 4;
  EXPECT_THROW(ae::validate(spec), ae::Error);
  spec.latent = ae::Activation::Sigmoid;
  EXPECT_NO_THROW(ae::validate(spec));
  spec.code_noise = -1;
  EXPECT_THROW(ae::validate(spec), ae::Error);
  spec.code_noise = 4;
  spec.family = ae::Family::Vae;
  EXPECT_THROW(ae::validate(spec), ae::Error);
}

}  // namespace
