#include "core/lab.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/training_messages.h"
#include "dataset.h"
#include "error.h"

namespace aeplay {

namespace {
// FNV-1a over 64-bit values, as AppContext's stamp.
uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 1099511628211ull; }

bool same_data(const LabSettings& a, const LabSettings& b) {
  const ae::ToyDataSpec &x = a.data, &y = b.data;
  return x.shape == y.shape && x.points == y.points && x.noise == y.noise && x.seed == y.seed &&
         x.view_angle == y.view_angle && a.drawn == b.drawn && a.stroke == b.stroke;
}

bool same_model(const LabSettings& a, const LabSettings& b) {
  const ae::LabModelSpec &x = a.model, &y = b.model;
  return x.family == y.family && x.code == y.code && x.hidden == y.hidden && x.sigma == y.sigma &&
         x.lambda == y.lambda && x.rho == y.rho;
}
}  // namespace

Lab::Lab() : session_(first_run_before(RunOwner::Lab)) { make_points(); }

void Lab::make_points() {
  points_ = settings_.drawn ? ae::points_along_stroke(settings_.stroke, settings_.data.points, settings_.data.noise,
                                                      settings_.data.seed)
                            : ae::make_toy_data(settings_.data);
  ++data_version_;
  // A square window around the points, with room for the field around them.
  const float x0 = points_.row(0).minCoeff(), x1 = points_.row(0).maxCoeff();
  const float y0 = points_.row(1).minCoeff(), y1 = points_.row(1).maxCoeff();
  const float half = std::max({0.6f * (x1 - x0), 0.6f * (y1 - y0), 0.5f});
  const float cx = 0.5f * (x0 + x1), cy = 0.5f * (y0 + y1);
  bounds_ = {cx - half, cy - half, cx + half, cy + half};
}

std::string Lab::apply(const LabSettings& s) {
  try {
    ae::validate(s.data);
    ae::validate(s.model);
    ae::validate(s.train);
    if (s.drawn && s.stroke.size() < 4) throw ae::Error("a drawn curve needs at least 2 points");
    const bool new_data = !same_data(s, settings_), new_model = !same_model(s, settings_);
    const LabSettings before = settings_;
    settings_ = s;
    if (new_data) {
      try {
        make_points();
      } catch (const ae::Error&) {
        settings_ = before;
        throw;
      }
    }
    if (new_data || new_model) drop_model();
    ++views_version_;
    return "";
  } catch (const ae::Error& e) {
    return e.what();
  }
}

void Lab::set_views(const LabViewToggles& v) {
  if (v == settings_.views) return;
  settings_.views = v;
  ++views_version_;
}

void Lab::drop_model() {
  session_.discard();
  views_ = LabViews();
  failure_.clear();
  ++model_version_;
  compute_probe();
}

std::string Lab::start(TrainingWorker* worker) {
  try {
    const ae::Index n = points_.cols();
    const ae::TrainConfig cfg = ae::lab_train_config(settings_.model, settings_.train, n);
    TrainSettings s;
    s.model = ae::lab_model_spec(settings_.model);
    s.noise = cfg.noise;
    s.lr = cfg.optim.lr;
    s.schedule = cfg.optim.schedule;
    s.lr_min = cfg.optim.lr_min;
    s.batch = cfg.batch_size;
    s.epochs = cfg.epochs;
    s.seed = cfg.seed;
    s.train_images = static_cast<int>(n);
    s.test_images = 0;
    ae::Dataset train;
    train.images = points_;
    train.rows = 2, train.cols = 1;
    ae::Dataset test;
    test.images.resize(2, 0);
    session_.start(s, train, test, worker);
    failure_.clear();
    ++model_version_;
    return "";
  } catch (const ae::Error& e) {
    return failure_ = e.what();
  }
}

void Lab::stop() {
  if (session_.state() != TrainState::Running) return;
  session_.pause();  // with a worker: paused when its report (and last weights) arrive
}

void Lab::advance(double budget_ms) {
  if (!trains_here()) return;
  session_.advance(budget_ms);
  ++model_version_;
  if (session_.state() == TrainState::Failed) failure_ = session_.failure();
}

void Lab::on_report(int run, const std::string& json) {
  try {
    if (session_.on_report(run, parse_training_report(json)) && session_.state() == TrainState::Failed)
      failure_ = session_.failure();
  } catch (const ae::Error& e) {
    session_.on_worker_failure(run, e.what());
    failure_ = e.what();
  }
}

void Lab::on_snapshot(int run, const float* params, size_t count) {
  const std::string err = session_.on_snapshot(run, params, count);
  if (!err.empty()) {
    session_.on_worker_failure(run, err);
    failure_ = err;
    return;
  }
  if (run == session_.run()) ++model_version_, ++snapshots_;
}

bool Lab::on_failure(int run, const std::string& why) {
  if (!session_.on_worker_failure(run, why)) return false;
  failure_ = why;
  return true;
}

void Lab::set_probe(float x, float y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return;
  probe_.active = true, probe_.x = x, probe_.y = y;
  compute_probe();
}

void Lab::compute_probe() {
  ++probe_version_;
  probe_.code.clear();
  probe_.rx = probe_.x, probe_.ry = probe_.y;
  const ae::Autoencoder* model = session_.model();
  if (!probe_.active || !model) return;
  ae::Mat x(2, 1);
  x << probe_.x, probe_.y;
  const ae::Mat code = model->encode(x), r = model->reconstruct(x);
  probe_.code.assign(code.data(), code.data() + code.size());
  probe_.rx = r(0, 0), probe_.ry = r(1, 0);
}

void Lab::update() {
  if (views_.model_version == model_version_ && views_data_version_ == data_version_) return;
  const auto t0 = std::chrono::steady_clock::now();
  LabViews v;
  v.model_version = model_version_;
  v.pca = ae::pca_line(points_);
  v.projections = ae::project_on_line(v.pca, points_);
  v.grid = {bounds_.x0, bounds_.y0, bounds_.x1, bounds_.y1, kGridSide, kGridSide};
  v.grid_points = v.grid.points();
  const ae::Index every = std::max<ae::Index>(1, points_.cols() / kJacobianPoints);
  v.jacobian_points.resize(2, (points_.cols() + every - 1) / every);
  for (ae::Index i = 0; i < v.jacobian_points.cols(); ++i) v.jacobian_points.col(i) = points_.col(i * every);
  if (const ae::Autoencoder* model = session_.model()) {
    v.recon = ae::reconstruct_points(*model, points_);
    v.grid_recon = ae::reconstruct_points(*model, v.grid_points);
    v.jacobians = ae::jacobian_summaries(*model, v.jacobian_points);
    if (ae::has_bottleneck(settings_.model.family)) v.curves = ae::decoder_curve(*model, points_, 200, 5, 0.05f);
    if (settings_.model.family == ae::LabFamily::Vae) v.prior = ae::decoder_prior_samples(*model, 400, 7);
  }
  v.compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  views_ = std::move(v);
  views_data_version_ = data_version_;
  compute_probe();
}

uint64_t Lab::stamp() const {
  uint64_t h = 14695981039346656037ull;
  for (uint64_t v :
       {model_version_, data_version_, views_version_, probe_version_, static_cast<uint64_t>(session_.state()),
        static_cast<uint64_t>(session_.samples_seen()), static_cast<uint64_t>(failure_.size())})
    h = mix(h, v);
  return h;
}

}  // namespace aeplay
