// The "Latent space" panel's state and computing, without any UI: what the current autoencoder learned.
//   - the latent map: the test digits' codes in 2-D (the codes themselves for a 2-D code, PCA-2 of the codes
//     otherwise), beside PCA-2 of the raw pixels; where the input and its corrupted version fall
//   - decode anywhere: a point of the map decoded (exact for 2-D codes, on the plotted plane otherwise), and a
//     grid of decoded digits over the part of the map in view
//   - traversal: the input's code with one dimension changed, and a strip along one axis
//   - interpolation: decoded paths (linear and spherical) between two codes, next to the pixel-space blend
//   - nearest neighbours of the input's code among the test digits
//   - the classifier probe (k-NN and linear on the codes, and on PCA at the same size)
// The heavy work (encoding the test set, the probes, the pixel PCA) runs on a snapshot of the model, taken
// whenever Versions::model_epoch changes, and advances a bounded amount per tick().
#pragma once
#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/playground.h"
#include "latent.h"

namespace aeplay {

// The arrays the JS API reads by name (aeplay_latent_array), listed once.
enum class LatentArray { Decoded, Traversal, TraversalStrip, Linear, Spherical, PixelBlend, Neighbours, Grid };
constexpr const char* kLatentArrayNames[] = {"decoded",   "traversal",  "traversalStrip", "linear",
                                             "spherical", "pixelBlend", "neighbours",     "grid"};

struct LatentOutputs {
  // Images are row-major; strips are kImageSide x kImageSide * n; the grid is (28 kGrid)^2.
  std::vector<float> decoded = std::vector<float>(kPixels), traversal_image = std::vector<float>(kPixels);
  std::vector<float> traversal_strip, lerp_strip, slerp_strip, pixel_strip, neighbour_strip, grid_image;
  std::vector<float> traversal_values;            // the strip's values along the axis
  std::vector<float> traversal_lo, traversal_hi;  // slider ranges per code dimension
  std::vector<int> neighbours;                    // test indices, nearest first
  int prediction = -1, corrupted_prediction = -1, pca_prediction = -1;  // k-NN probe; -1 = not yet
  bool input_on_map = false;
  float input_x = 0, input_y = 0, corrupted_x = 0, corrupted_y = 0, pca_input_x = 0, pca_input_y = 0;
};

// Where the pixel PCA's eigen-decomposition runs when not on this thread (~0.4 s in wasm, one piece): the
// page's training worker (bridge/js_latent.cpp). send() returns false when it cannot take it (then it runs here).
class DecompositionWorker {
 public:
  virtual ~DecompositionWorker() = default;
  virtual bool send(int request, const Eigen::MatrixXd& symmetric) = 0;
};

class LatentExplorer {
 public:
  static constexpr int kStripSteps = 9;
  static constexpr int kNeighbours = 8;
  static constexpr int kGrid = 9;

  void set_decomposition_worker(DecompositionWorker* worker) { decomposer_ = worker; }
  // The worker's answer to request `request` (ascending eigenvalues, eigenvectors); a stale one is dropped.
  void on_decomposition(int request, const Eigen::VectorXd& values, const Eigen::MatrixXd& vectors);
  void on_decomposition_failed(int request);  // decomposed here instead
  // Nothing is computed while inactive (the panel closed).
  void set_active(bool active) { active_ = active; }
  bool active() const { return active_; }
  // Follows the playground (model, test set) and advances the cached computations until `deadline`.
  void tick(const Playground& pg, std::chrono::steady_clock::time_point deadline);
  // Whether tick() has work to do (the page draws frames for it; none while the worker decomposes).
  bool has_work(const Playground& pg) const;
  // Recomputes the outputs if what they depend on changed. Reads pg's outputs as of its last update().
  void update_outputs(const Playground& pg);
  // Runs tick() until every computation is done (tests, the CLI-like paths).
  void run_to_end(const Playground& pg);

  // Inputs.
  bool set_decode_point(float x, float y);  // map coordinates of the model's map
  bool set_traversal(int dim, float value);
  void set_traversal_axis(int dim);
  void reset_traversal();                  // back to the input's code
  bool set_interpolation(int a, int b);    // test indices; -1 = the current input; false if below -1
  // The part of the model's map under the decoded grid (centre and half extents, map coordinates).
  void set_grid_view(float cx, float cy, float hx, float hy);

  // State.
  const ae::Autoencoder* model() const { return snapshot_.get(); }
  const std::string& model_label() const { return model_label_; }
  const ae::CodeSpace& model_space() const { return model_space_; }
  const ae::CodeSpace& pca_space() const { return pca_space_; }
  bool pca_ready() const { return pixel_pca_.done(); }
  // The pixel PCA (half the test set, all components), or nullptr while it is being fitted.
  const ae::Pca* pixel_pca() const { return pixel_pca_.done() ? &pixel_pca_.pca() : nullptr; }
  // The tangent section shows PCA's components while this panel may be closed: while wanted, tick_pixel_pca
  // fits the pixel PCA alone (in slices, the decomposition handed to the worker as the panel does).
  void want_pixel_pca(bool on) { pca_wanted_ = on; }
  void tick_pixel_pca(const Playground& pg, std::chrono::steady_clock::time_point deadline);
  int latent_size() const { return snapshot_ ? snapshot_->latent_size() : 0; }
  int test_count() const { return test_ ? static_cast<int>(test_->size()) : 0; }
  const ae::ImageSet* test() const { return test_; }
  uint64_t snapshot_version() const { return snapshot_version_; }  // bumped when the snapshot changes
  bool has_decode_point() const { return has_decode_point_; }
  float decode_x() const { return decode_[0]; }
  float decode_y() const { return decode_[1]; }
  const ae::Vec& input_code() const { return input_code_; }
  const ae::Vec& traversal_code() const { return traversal_code_; }
  int traversal_axis() const { return traversal_axis_; }
  int interpolation_from() const { return interp_[0]; }
  int interpolation_to() const { return interp_[1]; }
  const LatentOutputs& outputs() const { return out_; }
  const std::vector<float>& array(LatentArray which) const;
  double last_tick_ms() const { return last_tick_ms_; }
  double max_tick_ms() const { return max_tick_ms_; }

 private:
  void restart(const Playground& pg);
  void follow_input(const Playground& pg);
  ae::Vec code_of(const std::vector<float>& pixels) const;
  ae::Vec endpoint_code(int which, const Playground& pg, std::vector<float>& pixels) const;
  void update_ranges();
  void update_positions(const Playground& pg);
  void decode_grid();
  void update_traversal();
  void update_interpolation(const Playground& pg);
  void update_neighbours(const Playground& pg);

  bool active_ = false;
  // What the snapshot and the outputs were built from.
  Versions snapshot_from_{~0ull, ~0ull, ~0ull, ~0ull, ~0ull}, input_from_{~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
  struct OutputsFrom {
    Versions pg;
    uint64_t snapshot = ~0ull, settings = ~0ull;
    int stages = -1;
    bool operator==(const OutputsFrom& o) const {
      return pg == o.pg && snapshot == o.snapshot && settings == o.settings && stages == o.stages;
    }
  } outputs_from_;
  uint64_t snapshot_version_ = 0, settings_version_ = 0;

  std::unique_ptr<ae::Autoencoder> snapshot_;
  std::string model_label_;
  std::string snapshot_model_id_;  // the playground's id of the model the snapshot copies
  const ae::ImageSet* test_ = nullptr;
  ae::CodeSpace model_space_, pca_space_;
  ae::PcaBuilder pixel_pca_;
  uint64_t pca_test_set_ = ~0ull;  // test-set version the pixel PCA was fitted on
  DecompositionWorker* decomposer_ = nullptr;
  int pca_request_ = 0;    // numbers the pixel PCAs, so an answer for an older test set is dropped
  bool pca_sent_ = false;  // this one's covariance went to the worker
  int pca_k_ = 0;
  bool pca_wanted_ = false;
  void start_pixel_pca(const Playground& pg);
  void step_pixel_pca(std::chrono::steady_clock::time_point deadline);

  bool has_decode_point_ = false;
  float decode_[2] = {0, 0};
  std::array<float, 4> grid_view_ = {0, 0, 1, 1};
  ae::Vec input_code_, corrupted_code_, traversal_code_;
  int traversal_axis_ = 0;
  bool axis_chosen_ = false;
  int interp_[2] = {-1, 1};
  LatentOutputs out_;
  double last_tick_ms_ = 0, max_tick_ms_ = 0;
};

}  // namespace aeplay
