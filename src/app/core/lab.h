// The 2-D lab (issue 28): points near a curve in the plane, a small autoencoder 2 -> H -> k -> H -> 2 trained
// on them live (in the page's training worker, or in the frame without one), and what the lab plots, computed
// from the weights once per snapshot: PCA's line and projections, the decoder's curve g(z), each point's
// reconstruction, the field r(x) - x on a grid, Jacobian summaries, the VAE's spread over the prior, and the
// point the user drags (its code and reconstruction). The engine does the mathematics (toy_data.h,
// lab_models.h, manifold_views.h); this class only keeps the state and decides when to recompute.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/lab_settings.h"
#include "core/run_numbers.h"
#include "core/training_session.h"
#include "manifold_views.h"

namespace aeplay {

// The pictures of one set of weights (all 2 x N, one point per column).
struct LabViews {
  uint64_t model_version = ~0ull;  // the weights they show
  ae::PcaLine pca;
  ae::Mat projections;              // each point on PCA's line
  ae::Mat recon;                    // r(x) of each point (empty without a model)
  std::vector<ae::Mat> curves;      // the decoder's curve(s) g(z) (families with a bottleneck)
  ae::Grid grid;                    // where the field is sampled
  ae::Mat grid_points, grid_recon;  // the field: r(x) - x at each grid point
  ae::Mat jacobian_points;          // the points whose Jacobian is summarised (a subset of the data)
  std::vector<ae::JacobianSummary> jacobians;
  ae::Mat prior;          // VAE: g(z), z ~ N(0, I)
  double compute_ms = 0;  // what the last recomputation took
};

// The point the user picks or drags on the plot: its code f(x) and reconstruction r(x).
struct LabProbe {
  bool active = false;
  float x = 0, y = 0;
  std::vector<float> code;
  float rx = 0, ry = 0;
};

// The plot's square window in data coordinates.
struct LabBounds {
  float x0 = -1.5f, y0 = -1.5f, x1 = 1.5f, y1 = 1.5f;
};

class Lab {
 public:
  static constexpr int kGridSide = 24;        // the field's arrows: kGridSide^2 forward passes per snapshot
  static constexpr int kJacobianPoints = 48;  // points whose Jacobian is drawn

  Lab();
  const LabSettings& settings() const { return settings_; }
  // New settings: new points if the data changed, the model dropped if the model changed (a run stops).
  // "" or why they were refused (nothing changes then).
  std::string apply(const LabSettings& s);
  void set_views(const LabViewToggles& v);

  // Training. start() uses `worker` when given (the page's training worker), else trains in advance().
  std::string start(TrainingWorker* worker);
  void stop();  // the model keeps its weights
  bool running() const { return session_.state() == TrainState::Running; }
  bool trains_here() const { return running() && !session_.remote(); }
  void advance(double budget_ms);
  bool owns_run(int run) const { return run_belongs_to(run, RunOwner::Lab); }
  void on_report(int run, const std::string& json);
  void on_snapshot(int run, const float* params, size_t count);
  bool on_failure(int run, const std::string& why);  // true if it stopped this lab's run
  const TrainingSession& session() const { return session_; }
  const std::string& failure() const { return failure_; }

  // Recomputes the views if the weights or the points changed since (cheap when nothing did).
  void update();
  const ae::Mat& points() const { return points_; }
  const LabViews& views() const { return views_; }
  const LabBounds& bounds() const { return bounds_; }
  uint64_t model_version() const { return model_version_; }
  long snapshots() const { return snapshots_; }

  void set_probe(float x, float y);
  void clear_probe() { probe_.active = false, ++probe_version_; }
  const LabProbe& probe() const { return probe_; }

  // Changes whenever anything the lab shows changes (the frame pacer draws then).
  uint64_t stamp() const;

 private:
  void make_points();
  void compute_probe();
  void drop_model();

  LabSettings settings_;
  ae::Mat points_;
  LabBounds bounds_;
  TrainingSession session_;
  LabViews views_;
  LabProbe probe_;
  std::string failure_;
  uint64_t model_version_ = 0, data_version_ = 0, views_version_ = 0, probe_version_ = 0;
  uint64_t views_data_version_ = ~0ull;
  long snapshots_ = 0;
};

}  // namespace aeplay
