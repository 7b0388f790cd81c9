#include "core/search_view.h"

#include <algorithm>
#include <chrono>

#include "error.h"
#include "image_store.h"

namespace aeplay {

namespace {
double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The training set once the page holds it (my set is its own training set: its test set is the same images).
bool use_training_set(const Playground& pg) { return !pg.dataset_is_user_set() && pg.train_set().size() > 0; }

const void* storage_of(const ae::ImageSet& set) {
  return set.images.holds_bytes() ? static_cast<const void*>(set.images.byte_data())
                                  : static_cast<const void*>(set.images.float_data());
}
}  // namespace

void SearchView::rebuild_index(const Playground& pg, const ae::ImageSet& db, const SearchRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  index_.reset();
  index_error_.clear();
  const ae::Index n = std::min(db.size(), kDatabaseImages);
  try {
    const ae::Mat images = db.images.columns(0, n);
    const ae::Autoencoder* model = pg.current_model();
    if (ae::method_needs_model(request.method) && !model)
      throw ae::Error("no model: choose one to search by its codes");
    ae::Pca pca;
    if (request.method == ae::SearchMethod::Pca)
      pca = ae::Pca::fit(images.leftCols(std::min(n, kPcaFitImages)), request.bits);
    index_ = std::make_unique<ae::SearchIndex>(request.method, images, model, request.bits, 1,
                                               request.method == ae::SearchMethod::Pca ? &pca : nullptr);
  } catch (const ae::Error& e) {
    index_error_ = e.what();
  }
  build_ms_ = ms_since(start);
}

const SearchOutcome& SearchView::search(const Playground& pg, const SearchRequest& request) {
  const bool training = use_training_set(pg);
  const ae::ImageSet& db = training ? pg.train_set() : pg.test_set();
  if (db.size() == 0) {
    outcome_ = {};
    outcome_.why = "the images are still loading";
    return outcome_;
  }
  const int bits = std::clamp(request.bits, 1, 256);
  const Key key{static_cast<int>(request.method), bits, pg.versions().model_epoch, storage_of(db), db.size()};
  const bool rebuilt = !(key == index_key_);
  if (rebuilt) {
    index_key_ = key;
    SearchRequest r = request;
    r.bits = bits;
    rebuild_index(pg, db, r);
  }
  if (!rebuilt && query_input_ == pg.versions().input && query_k_ == request.k) return outcome_;
  query_input_ = pg.versions().input;
  query_k_ = request.k;
  ++computations_;
  outcome_ = {};
  outcome_.database = training ? "training" : "test";
  outcome_.build_ms = build_ms_;
  if (!index_) {
    outcome_.why = index_error_;
    return outcome_;
  }
  outcome_.database_size = index_->size();
  outcome_.dimensions = index_->dimensions();
  const ae::Mat query = Eigen::Map<const ae::Vec>(pg.clean().data(), static_cast<ae::Index>(pg.clean().size()));
  const auto start = std::chrono::steady_clock::now();
  const std::vector<ae::Index> top = index_->search(query, std::clamp(request.k, 1, 100));
  outcome_.query_ms = ms_since(start);
  const std::vector<float> distances = index_->distances(query);  // for the captions (not timed)
  outcome_.images.resize(query.rows(), static_cast<ae::Index>(top.size()));
  for (size_t r = 0; r < top.size(); ++r) {
    const ae::Index i = top[r];
    outcome_.indices.push_back(static_cast<int>(i));
    outcome_.labels.push_back(static_cast<size_t>(i) < db.labels.size() ? db.labels[static_cast<size_t>(i)] : -1);
    outcome_.distances.push_back(distances[static_cast<size_t>(i)]);
    db.images.copy_col(i, outcome_.images.col(static_cast<ae::Index>(r)).data());
  }
  outcome_.valid = true;
  return outcome_;
}

}  // namespace aeplay
