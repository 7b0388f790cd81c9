// The UI's own state, one struct per panel, owned by AppContext. Everything the panels draw comes from the
// Playground and the LatentExplorer (core/); these structs hold only what is the UI's: GL views, the form
// being edited, confirmations, requests from the JS API to open a panel, and where things were drawn.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/search_view.h"
#include "core/playground.h"
#include "core/train_form.h"
#include "core/url_params.h"
#include "gfx/image_view.h"
#include "gfx/point_renderer.h"

namespace aeplay {

// An on-screen rectangle in CSS pixels (what the JS API reports for tests and course authors).
struct ScreenRect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct DrawPanelState {
  ImageView canvas;
  int canvas_version = -1;  // drawing version shown on the canvas (-1: the test digit is shown)
  bool stroke_active = false;
};

struct OutputsPanelState {
  ImageView clean, corrupted, reconstruction, error;
  ImageView quantised;  // the input sent in N bytes (its code at 8 bits) and decoded
};

struct ModelPanelState {
  std::string pending_model;  // chosen but still loading
  int download_format = 0;    // index into the panel's formats: .aep, .safetensors, .npz, .onnx
};

struct DataPanelState {
  ImageView grid;
  uint64_t grid_version = ~0ull;  // my set's version (and page) the grid tiles were made from
  int grid_page_built = -1;
  Tiles grid_tiles;
  int page = 0;       // which 100 images of my set the grid shows
  int selected = -1;  // index into my set, -1 = none
  char class_name[48] = "0";  // the class for added images
  int fit = 0;        // 0: MNIST-style, 1: plain (ae::ImageFit order)
  int invert = 0;     // 0: auto, 1: yes, 2: no (ae::ImageInvert order)
  ScreenRect grid_rect;  // where the grid was drawn (JS API, tests)
};

struct TrainPanelState {
  TrainForm form;
  bool start_when_data_arrives = false;
  bool confirm_replace = false, confirm_discard = false;
};

struct InsidePanelState {
  ImageView filters, samples, grid;
  Versions grid_from{~0ull, ~0ull, ~0ull, ~0ull, ~0ull};  // what grid_tiles was decoded from
  Tiles grid_tiles;
  uint64_t sample_seed = 1;
  std::optional<bool> open_request;  // from the JS API: open (true) or close on the next frame
  // The tangent plane tab (tangent_section.cpp).
  ImageView tangents, pca_tangents, moved, moved_reconstruction;
  int tangent_of = 0;         // 0: the decoder's Jacobian at h = f(x), 1: the whole map's
  int tangent_direction = 1;  // 1-based, as the slider shows it
  float tangent_alpha = 0;    // x + alpha * u
  bool select_tangents = false;  // the digit-tangents lesson opens the tab once
  bool tangents_drawn = false;   // the tab was drawn in the last frame
  ScreenRect tangents_rect, pca_rect, moved_rect, alpha_rect;  // where it drew them (JS API, tests)
  // The search tab (search_section.cpp).
  SearchView search;
  ImageView search_grid;
  int search_method = static_cast<int>(ae::SearchMethod::Binary), search_bits = 32;
  std::string search_asked_for;  // the data set whose training set the tab asked for
  bool select_search = false;    // the search-by-code lesson opens the tab once
  ScreenRect search_rect;
};

struct LatentPanelState {
  bool gl_ready = false, gl_tried = false;
  PointRenderer model_points, pca_points;
  uint64_t uploaded_snapshot = ~0ull;  // explorer snapshot whose points the model map shows
  bool pca_uploaded = false;
  MapView model_view, pca_view;
  ImageView decoded, traversal, traversal_strip, lerp, slerp, pixel, neighbours, grid;
  std::optional<bool> open_request;  // from the JS API
  bool scroll_request = false;
  bool few_labels_scroll = false;    // scroll the few-labels results into view once they are drawn
  bool tick_waited = false;          // the last frame's pictures used its whole budget (latent_panel.cpp)
  ScreenRect map_rect, pca_rect, slider_rect, decoded_rect;  // where the panel drew them (JS API, tests)
};

// The 2-D lab (lab_panel.cpp, lab_plot.cpp): where its plot is, and a stroke being drawn on it.
struct LabPanelState {
  ScreenRect plot_rect;       // the plot's square (JS API, tests)
  bool draw_mode = false;     // "Draw your own": a press on the plot draws a curve instead of picking a point
  std::vector<float> stroke;  // the curve being drawn (plot coordinates), until the pointer is released
  double draw_ms = 0;         // what the plot's drawing cost in the last frame (CPU side)
};

// Where the frame put things (CSS px), for aeplay.layout(): the views and control groups of the layout, the
// text items (for overlap checks), and the extra panels (they may continue below the fold and scroll).
struct NamedRect {
  std::string name;
  ScreenRect rect;
};
struct LayoutState {
  Layout active = Layout::Full;  // the layout in use (the URL's, or the one chosen for the frame's size)
  Panels panels;                 // the extra panels shown
  bool light = false;            // the theme in use
  bool theme_applied = false;
  bool touch = false, sizes_applied = false;  // control sizes for a finger (ui/theme.h)
  bool any_hovered = false;                    // a control showed as hovered in the last frame
  float width = 0, height = 0;
  // The height the layout needs at this width: its content with the views at their width-given size, so a frame
  // that takes this height does not shrink the views further (no feedback loop).
  float content_height = 0;
  float shrunk_by = 0;  // how much smaller than that the views were drawn to fit the frame's height
  std::vector<NamedRect> views, texts, panel_rects;
};

struct UiState {
  ImageRenderer renderer;
  PageSettings page;  // layout flags (embed, hidden panels) from the URL
  DrawPanelState draw;
  OutputsPanelState outputs;
  ModelPanelState model;
  DataPanelState data;
  TrainPanelState train;
  InsidePanelState inside;
  LatentPanelState latent;
  LabPanelState lab;
  LayoutState layout;
  std::string last_query;  // the address bar's query as last set
  double frame_ms = 16;    // smoothed frame time
  double train_ms = 0;     // smoothed training time per frame
};

// After a lost GL context: every view drops its dead GL objects and re-creates them when next drawn (the
// latent map re-initialises its renderers and uploads its points again). The image renderer is re-initialised
// by the caller.
void forget_gl_objects(UiState& ui);

}  // namespace aeplay
