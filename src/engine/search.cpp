#include "search.h"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "error.h"
#include "latent.h"
#include "rng.h"

namespace ae {

namespace {
constexpr const char* kMethodNames[kSearchMethodCount] = {"pixels", "pca", "codes", "binary", "hyperplanes"};
}  // namespace

const char* to_string(SearchMethod m) { return kMethodNames[static_cast<int>(m)]; }

SearchMethod parse_search_method(const std::string& name) {
  for (int i = 0; i < kSearchMethodCount; ++i)
    if (name == kMethodNames[i]) return static_cast<SearchMethod>(i);
  throw Error("unknown search method '" + name + "' (choose pixels, pca, codes, binary, hyperplanes)");
}

bool method_needs_model(SearchMethod m) { return m == SearchMethod::Codes || m == SearchMethod::Binary; }
bool method_is_binary(SearchMethod m) { return m == SearchMethod::Binary || m == SearchMethod::Hyperplanes; }

PackedCodes pack_bits(const Mat& values, const Vec& thresholds) {
  if (thresholds.size() != values.rows()) throw Error("pack_bits: one threshold per row expected");
  PackedCodes p;
  p.bits = static_cast<int>(values.rows());
  p.count = values.cols();
  const int W = p.words_per_code();
  p.words.assign(static_cast<size_t>(p.count * W), 0);
  for (Index i = 0; i < p.count; ++i)
    for (int j = 0; j < p.bits; ++j)
      if (values(j, i) > thresholds(j)) p.words[static_cast<size_t>(i * W + j / 64)] |= uint64_t(1) << (j % 64);
  return p;
}

Vec median_thresholds(const Mat& values) {
  Vec t(values.rows());
  std::vector<float> row(static_cast<size_t>(values.cols()));
  for (Index j = 0; j < values.rows(); ++j) {
    for (Index i = 0; i < values.cols(); ++i) row[static_cast<size_t>(i)] = values(j, i);
    auto mid = row.begin() + static_cast<std::ptrdiff_t>(row.size() / 2);
    std::nth_element(row.begin(), mid, row.end());
    t(j) = row.empty() ? 0.0f : *mid;
  }
  return t;
}

int hamming_distance(const uint64_t* a, const uint64_t* b, int words) {
  int d = 0;
  for (int w = 0; w < words; ++w) d += __builtin_popcountll(a[w] ^ b[w]);  // C++17: no std::popcount yet
  return d;
}

int hamming_distance_reference(const uint64_t* a, const uint64_t* b, int bits) {
  int d = 0;
  for (int j = 0; j < bits; ++j) {
    const bool x = (a[j / 64] >> (j % 64)) & 1, y = (b[j / 64] >> (j % 64)) & 1;
    if (x != y) ++d;
  }
  return d;
}

std::vector<Index> top_k(const std::vector<float>& distances, Index k) {
  const Index n = static_cast<Index>(distances.size());
  k = std::clamp<Index>(k, 0, n);
  std::vector<Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), Index(0));
  auto closer = [&](Index a, Index b) {
    const float da = distances[static_cast<size_t>(a)], db = distances[static_cast<size_t>(b)];
    return da < db || (da == db && a < b);
  };
  std::partial_sort(order.begin(), order.begin() + k, order.end(), closer);
  order.resize(static_cast<size_t>(k));
  return order;
}

std::vector<Index> top_k_hamming(const std::vector<int>& distances, int bits, Index k) {
  const Index n = static_cast<Index>(distances.size());
  k = std::clamp<Index>(k, 0, n);
  std::vector<Index> start(static_cast<size_t>(bits) + 2, 0);  // counting sort: ties keep index order
  for (int d : distances) {
    if (d < 0 || d > bits) throw Error("Hamming distance out of range");
    ++start[static_cast<size_t>(d) + 1];
  }
  for (size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
  std::vector<Index> order(static_cast<size_t>(k));
  for (Index i = 0; i < n; ++i) {
    const Index at = start[static_cast<size_t>(distances[static_cast<size_t>(i)])]++;
    if (at < k) order[static_cast<size_t>(at)] = i;
  }
  return order;
}

double precision_at_k(const std::vector<Index>& ranking, const std::vector<uint8_t>& labels, int query_label, Index k) {
  k = std::min<Index>(k, static_cast<Index>(ranking.size()));
  if (k <= 0) return 0.0;
  Index hits = 0;
  for (Index r = 0; r < k; ++r) hits += labels[static_cast<size_t>(ranking[static_cast<size_t>(r)])] == query_label;
  return static_cast<double>(hits) / static_cast<double>(k);
}

double average_precision(const std::vector<Index>& ranking, const std::vector<uint8_t>& labels, int query_label) {
  double sum = 0;
  Index hits = 0;
  for (size_t r = 0; r < ranking.size(); ++r)
    if (labels[static_cast<size_t>(ranking[r])] == query_label) sum += static_cast<double>(++hits) / double(r + 1);
  return hits ? sum / static_cast<double>(hits) : 0.0;
}

SearchIndex::SearchIndex(SearchMethod method, const Mat& images, const Autoencoder* model, int bits, uint64_t seed,
                         const Pca* fitted)
    : method_(method), model_(model), size_(images.cols()) {
  if (size_ < 1) throw Error("search: the database is empty");
  if (method_needs_model(method) && !model)
    throw Error(std::string("search by ") + to_string(method) + " needs a model");
  if (model && model->spec().input_size() != images.rows())
    throw Error("search: the model expects " + std::to_string(model->spec().input_size()) +
                " inputs, the images have " + std::to_string(images.rows()));
  const bool uses_bits = method == SearchMethod::Pca || method == SearchMethod::Hyperplanes;
  if (uses_bits && (bits < 1 || bits > std::min<Index>(images.rows(), 4096)))
    throw Error("search: bits must be in 1.." + std::to_string(std::min<Index>(images.rows(), 4096)));
  if (method == SearchMethod::Pca && fitted) {
    if (fitted->mean.size() != images.rows()) throw Error("search: the PCA was fitted on other images");
    pca_ = *fitted;
    pca_.components = fitted->components.leftCols(std::min<Index>(bits, fitted->components.cols()));
  } else if (method == SearchMethod::Pca) {
    pca_ = Pca::fit(images, bits);
  }
  if (method == SearchMethod::Hyperplanes) {
    Rng rng(seed, 77);
    hyperplanes_.resize(images.rows(), bits);
    for (Index i = 0; i < hyperplanes_.size(); ++i) hyperplanes_.data()[i] = rng.normal();
    centre_ = images.rowwise().mean();
  }
  const Mat values = represent(images);
  if (method_is_binary(method)) {
    if (method == SearchMethod::Hyperplanes) thresholds_ = Vec::Zero(values.rows());
    else if (model->spec().family != Family::Vae && model->spec().latent == Activation::Sigmoid)
      thresholds_ = Vec::Constant(values.rows(), 0.5f);
    else
      thresholds_ = median_thresholds(values);
    packed_ = pack_bits(values, thresholds_);
  } else {
    real_ = values;
    norms_ = real_.colwise().squaredNorm().transpose();
  }
}

int SearchIndex::dimensions() const {
  return method_is_binary(method_) ? packed_.bits : static_cast<int>(real_.rows());
}

Mat SearchIndex::represent(const Mat& images) const {
  switch (method_) {
    case SearchMethod::Pixels: return images;
    case SearchMethod::Pca: return pca_.encode(images);
    case SearchMethod::Codes:
    case SearchMethod::Binary: return encode_all(*model_, images);
    case SearchMethod::Hyperplanes: {
      Mat centred = images.colwise() - centre_;
      return hyperplanes_.transpose() * centred;
    }
  }
  throw Error("unknown search method");
}

std::vector<int> SearchIndex::hamming_distances(const Mat& query) const {
  const PackedCodes code = pack_bits(represent(query), thresholds_);
  const uint64_t* q = code.code(0);
  const int W = packed_.words_per_code();
  std::vector<int> out(static_cast<size_t>(size_));
  if (W == 1) {  // up to 64 bits: one XOR and one popcount an item
    for (Index i = 0; i < size_; ++i)
      out[static_cast<size_t>(i)] = __builtin_popcountll(packed_.words[size_t(i)] ^ q[0]);
    return out;
  }
  for (Index i = 0; i < size_; ++i) out[static_cast<size_t>(i)] = hamming_distance(packed_.code(i), q, W);
  return out;
}

std::vector<float> SearchIndex::distances(const Mat& query) const {
  if (query.cols() != 1) throw Error("search: one query (a single column) expected");
  if (method_is_binary(method_)) {
    const std::vector<int> h = hamming_distances(query);
    return std::vector<float>(h.begin(), h.end());
  }
  const Mat q = represent(query);
  std::vector<float> out(static_cast<size_t>(size_));
  const Vec dots = real_.transpose() * q.col(0);  // |x - q|² = |x|² - 2 x·q + |q|²
  const float qq = q.col(0).squaredNorm();
  for (Index i = 0; i < size_; ++i) out[static_cast<size_t>(i)] = std::max(0.0f, norms_(i) - 2 * dots(i) + qq);
  return out;
}

std::vector<Index> SearchIndex::search(const Mat& query, Index k) const {
  if (query.cols() != 1) throw Error("search: one query (a single column) expected");
  if (method_is_binary(method_)) return top_k_hamming(hamming_distances(query), packed_.bits, k);
  return top_k(distances(query), k);
}

RetrievalScore evaluate_retrieval(const SearchIndex& index, const std::vector<uint8_t>& database_labels,
                                  const Mat& queries, const std::vector<uint8_t>& query_labels, Index k) {
  if (static_cast<Index>(database_labels.size()) != index.size() ||
      static_cast<Index>(query_labels.size()) != queries.cols())
    throw Error("search: one label per database image and per query expected");
  RetrievalScore s;
  if (queries.cols() == 0) return s;
  double seconds = 0;
  for (Index q = 0; q < queries.cols(); ++q) {
    const Mat query = queries.col(q);
    const auto start = std::chrono::steady_clock::now();
    const std::vector<Index> top = index.search(query, k);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int label = query_labels[static_cast<size_t>(q)];
    s.precision_at_k += precision_at_k(top, database_labels, label, k);
    s.map += average_precision(index.search(query, index.size()), database_labels, label);
  }
  const double n = static_cast<double>(queries.cols());
  s.precision_at_k /= n;
  s.map /= n;
  s.ms_per_query = 1000 * seconds / n;
  return s;
}

}  // namespace ae
