// The "Latent space" panel: what the current autoencoder learned, made touchable.
//   - the latent map: the 10,000 MNIST test digits' codes in 2-D (the codes themselves for a 2-D code, PCA-2 of
//     the codes otherwise), coloured by label, with pan/zoom, beside PCA-2 of the raw pixels; the input and its
//     corrupted version as markers
//   - decode anywhere: a click or drag on the map decodes that point (exact for 2-D codes, on the plotted plane
//     otherwise)
//   - traversal: a slider per code dimension, starting from the input's code, and a strip along one axis
//   - interpolation: decoded paths (linear and spherical) between two codes, next to the pixel-space blend
//   - nearest neighbours of the input's code among the test digits
//   - the classifier probe (k-NN and linear on the codes, and on PCA at the same size) with the input's prediction
//
// LatentExplorer is the state and the computing (no ImGui, no GL); the heavy work (encoding 10k digits, the
// probes, the pixel PCA) is cached per model snapshot and advances a bounded amount per frame.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "latent.h"
#include "playground.h"

namespace aeplay {

struct Platform;
struct UiState;

struct ScreenRect {
  float x = 0, y = 0, w = 0, h = 0;
};

class LatentExplorer {
 public:
  static constexpr int kStripSteps = 9;
  static constexpr int kNeighbours = 8;

  // Follows the playground (model, input) and advances the cached computations until `deadline`.
  void tick(const Playground& pg, std::chrono::steady_clock::time_point deadline);
  // Recomputes the small outputs (decoded point, traversal, strips, neighbours) if their inputs changed.
  void update_outputs(const Playground& pg);

  bool active = false;  // panel open (or asked for by the JS API): only then is anything computed

  // Inputs the panel and the JS API set.
  bool set_decode_point(float x, float y);       // map coordinates of the model's map
  bool set_traversal(int dim, float value);
  void set_interpolation(int a, int b);          // test indices; -1 = the current input
  void set_traversal_axis(int dim);
  // The part of the model's map under the decoded grid (centre and half extents, map coordinates).
  void set_grid_view(float cx, float cy, float hx, float hy) { grid_view_[0] = cx, grid_view_[1] = cy, grid_view_[2] = hx, grid_view_[3] = hy; }

  // State for display.
  const ae::Autoencoder* model() const { return snapshot_.get(); }
  std::string model_label;
  const ae::CodeSpace& model_space() const { return model_space_; }
  const ae::CodeSpace& pca_space() const { return pca_space_; }
  bool pca_ready() const { return pixel_pca_.done(); }
  int latent_size() const { return snapshot_ ? snapshot_->latent_size() : 0; }
  int test_count() const { return test_ ? static_cast<int>(test_->size()) : 0; }
  const ae::Dataset* test() const { return test_; }

  // Outputs (784-float row-major images; strips are 28 x 28*kStripSteps, row-major).
  bool has_decode_point = false;
  float decode_x = 0, decode_y = 0;
  std::vector<float> decoded = std::vector<float>(784), traversal_image = std::vector<float>(784);
  std::vector<float> traversal_strip, lerp_strip, slerp_strip, pixel_strip, neighbour_strip;
  std::vector<float> traversal_values;
  static constexpr int kGrid = 9;
  std::vector<float> grid_image;  // kGrid x kGrid decoded digits over the map's view: (28 kGrid)^2, row-major  // the strip's values along the axis
  ae::Vec input_code, corrupted_code, traversal_code;
  std::vector<float> traversal_lo, traversal_hi;  // slider ranges per dimension
  int traversal_axis = 0;
  int interp_a = -1, interp_b = 1;
  std::vector<int> neighbours;
  int prediction = -1, corrupted_prediction = -1, pca_prediction = -1;
  float input_x = 0, input_y = 0, corrupted_x = 0, corrupted_y = 0, pca_input_x = 0, pca_input_y = 0;
  bool input_on_map = false;
  long epoch_version = 0;  // bumped when the model snapshot changes (the maps re-upload their points)
  double last_tick_ms = 0, max_tick_ms = 0;  // time spent in tick(): last frame, longest so far

  // Set by the panel each frame it is drawn (CSS px), read by the JS API and the tests.
  ScreenRect map_rect, pca_rect, slider_rect, decoded_rect;

 private:
  void restart(const Playground& pg);
  std::string model_key(const Playground& pg) const;
  ae::Vec code_of(const std::vector<float>& pixels) const;
  ae::Vec endpoint_code(int which, const Playground& pg, std::vector<float>& pixels) const;

  std::string key_, outputs_key_, input_key_, pca_key_;
  std::unique_ptr<ae::Autoencoder> snapshot_;
  const ae::Dataset* test_ = nullptr;
  ae::CodeSpace model_space_, pca_space_;
  ae::PcaBuilder pixel_pca_;
  int pca_k_ = 0;
  float grid_view_[4] = {0, 0, 1, 1};
  bool traversal_touched_ = false, axis_chosen_ = false;
};

LatentExplorer& latent_explorer();

// Draws the panel (a collapsing header "Latent space") and advances the explorer within the frame budget.
void latent_panel(Playground& pg, UiState& ui, const Platform& p, float width);
// Opens the panel (and scrolls to it) from the JS API.
void request_latent_panel(bool open);

}  // namespace aeplay
