// Search by code in the page (the Inside panel's Search tab, the JS API's searchResults): the images of a
// database nearest to the current input by one method of src/engine/search.h, with the time the query took.
// The database is the first kDatabaseImages training images of the current data set once the page holds its
// training set (a 10 MB download it asks for when the tab opens), and the test set until then (or for my set).
// Computed on demand: the index is rebuilt when the method, the bits, the model (at epoch ends) or the
// database change; the query when the input changes too.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/playground.h"
#include "search.h"

namespace aeplay {

struct SearchRequest {
  ae::SearchMethod method = ae::SearchMethod::Binary;
  int bits = 32;  // PCA components and hyperplanes; a model's methods use its code
  int k = 16;     // results shown
};

struct SearchOutcome {
  bool valid = false;
  std::string why;       // when not valid
  std::string database;  // "training" or "test"
  ae::Index database_size = 0;
  int dimensions = 0;        // of what is compared: pixels, components, code units or bits
  std::vector<int> indices;  // into the database, best first
  std::vector<int> labels;   // their labels (-1 without labels)
  std::vector<float> distances;
  ae::Mat images;       // kPixels x k, best first
  double query_ms = 0;  // representing the input and ranking the database
  double build_ms = 0;  // indexing the database (once per method, bits, model and database)
};

class SearchView {
 public:
  static constexpr ae::Index kDatabaseImages = 10000;
  static constexpr ae::Index kPcaFitImages = 2000;  // the PCA method's components come from these
  const SearchOutcome& search(const Playground& pg, const SearchRequest& request);
  const SearchOutcome& last() const { return outcome_; }
  uint64_t computations() const { return computations_; }  // changes the page's state stamp

 private:
  struct Key {
    int method = -1, bits = 0;
    uint64_t model_epoch = ~0ull;
    const void* data = nullptr;
    ae::Index size = 0;
    bool operator==(const Key& o) const {
      return method == o.method && bits == o.bits && model_epoch == o.model_epoch && data == o.data && size == o.size;
    }
  };
  void rebuild_index(const Playground& pg, const ae::ImageSet& db, const SearchRequest& request);

  std::unique_ptr<ae::SearchIndex> index_;
  std::string index_error_;
  Key index_key_;
  uint64_t query_input_ = ~0ull;
  int query_k_ = -1;
  double build_ms_ = 0;
  SearchOutcome outcome_;
  uint64_t computations_ = 0;
};

}  // namespace aeplay
