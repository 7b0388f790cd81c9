// Search by code: given a database of images and a query, return the most similar ones, and score a method by
// whether its results share the query's label.
//
//   Methods:  pixels       Euclidean distance between the images
//             pca          Euclidean distance between PCA codes (fitted on the database, `bits` components)
//             codes        Euclidean distance between a model's real-valued codes
//             binary       Hamming distance between a model's codes cut at a threshold (a sigmoid code at 0.5,
//                          any other code at each unit's median over the database): a hashing model's codes
//             hyperplanes  Hamming distance between signs of `bits` random projections of the centred pixels
//                          (random-hyperplane hashing, Charikar 2002): the classic baseline without learning
//   Binary codes are packed 64 bits a word; the distance is a popcount of XORs (a bit-at-a-time reference
//   sits beside it, for the tests). Ties are broken by database index, in every method.
//   Scores: precision at K = the share of the top K results whose label is the query's; mean average
//   precision (mAP) = the mean over queries of the average precision over the WHOLE ranked database:
//   AP = (1/R) sum over the ranks r of every relevant item of (relevant items in the top r) / r,
//   R = the database items with the query's label.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model.h"
#include "pca.h"
#include "tensor.h"

namespace ae {

enum class SearchMethod : uint8_t { Pixels = 0, Pca = 1, Codes = 2, Binary = 3, Hyperplanes = 4 };
constexpr int kSearchMethodCount = 5;
const char* to_string(SearchMethod m);                      // "pixels", "pca", "codes", "binary", "hyperplanes"
SearchMethod parse_search_method(const std::string& name);  // throws ae::Error naming the choices
bool method_needs_model(SearchMethod m);                    // codes and binary
bool method_is_binary(SearchMethod m);                      // binary and hyperplanes (Hamming distance)

// Codes of `bits` bits each, packed little-end first into words_per_code() 64-bit words (unused high bits 0).
struct PackedCodes {
  int bits = 0;
  Index count = 0;
  std::vector<uint64_t> words;
  int words_per_code() const { return (bits + 63) / 64; }
  const uint64_t* code(Index i) const { return words.data() + i * words_per_code(); }
};
// Bit j of code i is set when values(j, i) > thresholds(j).
PackedCodes pack_bits(const Mat& values, const Vec& thresholds);
Vec median_thresholds(const Mat& values);  // each row's median

int hamming_distance(const uint64_t* a, const uint64_t* b, int words);           // popcount of XORs
int hamming_distance_reference(const uint64_t* a, const uint64_t* b, int bits);  // one bit at a time

// The first k database indices by increasing distance (ties: lower index first); k is clamped to the count.
std::vector<Index> top_k(const std::vector<float>& distances, Index k);
// The same for Hamming distances in 0..bits, by counting (linear time).
std::vector<Index> top_k_hamming(const std::vector<int>& distances, int bits, Index k);

// Scores of one ranking (database indices, best first) against the database's labels.
double precision_at_k(const std::vector<Index>& ranking, const std::vector<uint8_t>& labels, int query_label, Index k);
double average_precision(const std::vector<Index>& ranking, const std::vector<uint8_t>& labels, int query_label);

// A database indexed for one method. The model (codes, binary) must outlive it.
class SearchIndex {
 public:
  // images: d x N, one per column. bits: PCA components / hyperplanes (ignored by the others). `fitted`: a PCA
  // already fitted (its first `bits` components are used) instead of one fitted on `images`.
  SearchIndex(SearchMethod method, const Mat& images, const Autoencoder* model, int bits, uint64_t seed = 1,
              const Pca* fitted = nullptr);
  SearchMethod method() const { return method_; }
  Index size() const { return size_; }
  int dimensions() const;  // of the representation searched: pixels, components, code units or bits
  // Distances from one query image (d x 1) to every database item, and its top k.
  std::vector<float> distances(const Mat& query) const;
  std::vector<Index> search(const Mat& query, Index k) const;

 private:
  Mat represent(const Mat& images) const;  // real-valued representation (binary methods: before cutting)
  std::vector<int> hamming_distances(const Mat& query) const;  // binary methods

  SearchMethod method_;
  const Autoencoder* model_;
  Index size_ = 0;
  Pca pca_;                  // pca
  Mat hyperplanes_;          // hyperplanes: d x bits, Gaussian
  Vec centre_, thresholds_;  // hyperplanes: the database mean; binary: where each unit is cut
  Mat real_;                 // real methods: representation x N
  Vec norms_;                // their squared norms
  PackedCodes packed_;       // binary methods
};

struct RetrievalScore {
  double precision_at_k = 0, map = 0, ms_per_query = 0;
};
// Every column of `queries` searched one at a time (timed: representing the query and ranking the top k),
// then ranked in full (not timed) for the average precision.
RetrievalScore evaluate_retrieval(const SearchIndex& index, const std::vector<uint8_t>& database_labels,
                                  const Mat& queries, const std::vector<uint8_t>& query_labels, Index k);

}  // namespace ae
