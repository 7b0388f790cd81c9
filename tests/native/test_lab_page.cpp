// The 2-D lab's page side (src/app/core/lab.{h,cpp}, lab_settings, the lessons that open it): its URL
// parameters, its settings' rules (new points, dropped model), training in the frame and through a worker made
// of the real worker's parts (float32 2 x N points, core/training_messages.h), the views it recomputes once per
// snapshot, and the stamp the frame pacer draws on.
#include <gtest/gtest.h>

#include <cmath>

#include "core/catalog.h"
#include "core/lab.h"
#include "core/lessons.h"
#include "core/training_messages.h"
#include "core/url_params.h"
#include "error.h"
#include "serialize.h"

namespace {

using aeplay::Lab;
using aeplay::LabSettings;
using aeplay::TrainState;

aeplay::ParsedSettings parse(const std::string& q) { return aeplay::parse_page_settings(q, aeplay::known_model_ids()); }

TEST(LabUrl, ParametersOpenTheLabAndRoundTrip) {
  const auto p = parse("?lab=moons&family=dae&sigma=0.2&code=2&points=300&datanoise=0.1&labseed=9&views=points,field");
  EXPECT_TRUE(p.notices.empty()) << p.notices.front();
  const LabSettings& s = p.settings.lab;
  EXPECT_TRUE(p.settings.lab_view);
  EXPECT_EQ(s.data.shape, ae::ToyShape::Moons);
  EXPECT_EQ(s.model.family, ae::LabFamily::Denoising);
  EXPECT_FLOAT_EQ(s.model.sigma, 0.2f);
  EXPECT_EQ(s.model.code, 2);
  EXPECT_EQ(s.data.points, 300);
  EXPECT_FLOAT_EQ(s.data.noise, 0.1f);
  EXPECT_EQ(s.data.seed, 9u);
  EXPECT_TRUE(s.views.points && s.views.field && !s.views.curve && !s.views.pca);
  const auto back = parse(aeplay::to_query(p.settings));
  EXPECT_TRUE(back.notices.empty());
  EXPECT_EQ(aeplay::lab_query(back.settings.lab), aeplay::lab_query(s));
  EXPECT_TRUE(parse("?view=lab").settings.lab_view);
  EXPECT_FALSE(parse("?model=linear").settings.lab_view);
  EXPECT_EQ(aeplay::to_query(parse("?model=linear").settings).find("lab"), std::string::npos);
}

TEST(LabUrl, BadValuesAreNamedAndKeepTheDefaults) {
  const LabSettings defaults;
  for (const char* q : {"?lab=torus", "?family=gan", "?code=3", "?sigma=-1", "?sigma=abc", "?points=2", "?datanoise=5",
                        "?views=points,stars", "?view=maps", "?hidden=0", "?labseed=-4"}) {
    const auto p = parse(q);
    ASSERT_EQ(p.notices.size(), 1u) << q;
    EXPECT_NE(p.notices[0].find("ignored"), std::string::npos) << p.notices[0];
    EXPECT_EQ(aeplay::lab_query(p.settings.lab), aeplay::lab_query(defaults)) << q;
  }
  EXPECT_NE(parse("?lab=torus").notices[0].find("circle"), std::string::npos) << "the choices are named";
}

TEST(LabLessons, EachOpensTheLabWithItsDataAndFamily) {
  for (const auto& [name, shape, family] :
       {std::tuple{"manifold-pca", ae::ToyShape::Spiral, ae::LabFamily::Plain},
        std::tuple{"dae-field", ae::ToyShape::Circle, ae::LabFamily::Denoising},
        std::tuple{"cae-tangent", ae::ToyShape::Circle, ae::LabFamily::Contractive}}) {
    const auto p = parse(std::string("?lesson=") + name);
    EXPECT_TRUE(p.notices.empty()) << name;
    EXPECT_TRUE(p.settings.lab_view) << name;
    EXPECT_EQ(p.settings.lab.data.shape, shape) << name;
    EXPECT_EQ(p.settings.lab.model.family, family) << name;
    Lab lab;
    EXPECT_EQ(lab.apply(p.settings.lab), "") << name;
  }
  EXPECT_TRUE(parse("?lesson=manifold-pca").settings.lab.views.pca);
  EXPECT_FALSE(parse("?lesson=bottleneck").settings.lab_view);
  EXPECT_NE(aeplay::lessons_json().find("\"lab\":true"), std::string::npos);
}

TEST(Lab, NewDataDropsTheModelAndABadSettingChangesNothing) {
  Lab lab;
  LabSettings s = lab.settings();
  s.data.shape = ae::ToyShape::Circle;
  s.data.points = 200;
  ASSERT_EQ(lab.apply(s), "");
  EXPECT_EQ(lab.points().rows(), 2);
  EXPECT_EQ(lab.points().cols(), 200);
  ASSERT_EQ(lab.start(nullptr), "");
  lab.advance(5);
  EXPECT_NE(lab.session().model(), nullptr);
  LabSettings views_only = lab.settings();
  views_only.views.field = true;
  lab.set_views(views_only.views);
  EXPECT_NE(lab.session().model(), nullptr) << "a view toggle keeps the model";
  s.data.noise = 0.1f;
  ASSERT_EQ(lab.apply(s), "");
  EXPECT_EQ(lab.session().model(), nullptr) << "new points: the model trained on others is dropped";
  const ae::Mat before = lab.points();
  LabSettings bad = lab.settings();
  bad.model.family = ae::LabFamily::Denoising;
  bad.model.sigma = -1;
  EXPECT_NE(lab.apply(bad), "");
  bad = lab.settings();
  bad.drawn = true;
  bad.stroke = {0.0f, 0.0f};
  EXPECT_NE(lab.apply(bad), "") << "a stroke of one point";
  EXPECT_TRUE(lab.points().isApprox(before));
  LabSettings drawn = lab.settings();
  drawn.drawn = true;
  drawn.stroke = {-1, -1, 0, 0.5f, 1, -1};
  ASSERT_EQ(lab.apply(drawn), "");
  EXPECT_EQ(lab.points().cols(), drawn.data.points);
}

// Trains in the frame until `seconds` of budget are spent or it is done.
void train_here(Lab& lab, int slices) {
  for (int i = 0; i < slices && lab.trains_here(); ++i) lab.advance(20);
}

TEST(Lab, EachFamilyTrainsAndItsViewsFollowTheWeights) {
  for (int f = 0; f < ae::kLabFamilyCount; ++f) {
    Lab lab;
    LabSettings s = lab.settings();
    s.data.shape = ae::ToyShape::Circle;
    s.data.points = 300;
    s.model.family = static_cast<ae::LabFamily>(f);
    ASSERT_EQ(lab.apply(s), "") << f;
    lab.update();
    EXPECT_EQ(lab.views().recon.cols(), 0) << "no model, no reconstructions";
    EXPECT_EQ(lab.views().projections.cols(), 300) << "PCA needs no model";
    ASSERT_EQ(lab.start(nullptr), "") << f;
    train_here(lab, 10);
    lab.update();
    const aeplay::LabViews& v = lab.views();
    EXPECT_EQ(v.recon.cols(), 300);
    EXPECT_EQ(v.grid_recon.cols(), Lab::kGridSide * Lab::kGridSide);
    EXPECT_EQ(v.jacobians.size(), static_cast<size_t>(v.jacobian_points.cols()));
    EXPECT_EQ(v.curves.empty(), !ae::has_bottleneck(s.model.family)) << f;
    EXPECT_EQ(v.prior.cols() > 0, s.model.family == ae::LabFamily::Vae) << f;
    EXPECT_TRUE(v.recon.allFinite() && v.grid_recon.allFinite()) << f;
    lab.set_probe(0.5f, 0.5f);
    EXPECT_TRUE(lab.probe().active);
    EXPECT_FALSE(lab.probe().code.empty());
    EXPECT_TRUE(std::isfinite(lab.probe().rx) && std::isfinite(lab.probe().ry));
  }
}

TEST(Lab, ThePlainModelLearnsTheSineInTheFrame) {
  Lab lab;
  LabSettings s = lab.settings();
  s.data.shape = ae::ToyShape::Sine;
  s.data.points = 400;
  s.data.noise = 0.02f;
  s.train.epochs = 150;
  ASSERT_EQ(lab.apply(s), "");
  ASSERT_EQ(lab.start(nullptr), "");
  lab.update();
  const double before = (lab.views().recon - lab.points()).squaredNorm();
  while (lab.trains_here()) lab.advance(1e9);
  EXPECT_EQ(lab.session().state(), TrainState::Done);
  lab.update();
  const double after = (lab.views().recon - lab.points()).squaredNorm();
  EXPECT_LT(after, 0.1 * before) << "the reconstructions moved onto the curve";
}

TEST(Lab, TheStampChangesWithWhatIsShownAndOnlyThen) {
  Lab lab;
  lab.update();
  const uint64_t idle = lab.stamp();
  lab.update();
  EXPECT_EQ(lab.stamp(), idle) << "an idle lab keeps its stamp: the page does not draw";
  LabSettings s = lab.settings();
  s.views.field = !s.views.field;
  lab.set_views(s.views);
  const uint64_t toggled = lab.stamp();
  EXPECT_NE(toggled, idle);
  lab.set_probe(0.1f, 0.2f);
  const uint64_t probed = lab.stamp();
  EXPECT_NE(probed, toggled);
  lab.set_probe(0.3f, 0.2f);
  EXPECT_NE(lab.stamp(), probed) << "a dragged point redraws";
  ASSERT_EQ(lab.start(nullptr), "");
  const uint64_t started = lab.stamp();
  lab.advance(5);
  EXPECT_NE(lab.stamp(), started);
}

// The worker's side, in process: a TrainingSession started from the page's model file and its float32 points,
// as src/worker/worker_main.cpp does; its reports and snapshots go back through the lab's entry points.
class LabWorker final : public aeplay::TrainingWorker {
 public:
  aeplay::TrainingSession worker;
  int run = 0, pixels = 0, bytes_per_pixel = 0;
  size_t curve_sent = 0;
  void start(int r, const std::vector<uint8_t>& file, const std::string& settings, const ae::ImageStore& train,
             const ae::ImageStore& test) override {
    run = r, pixels = static_cast<int>(train.rows()), bytes_per_pixel = static_cast<int>(train.bytes_per_pixel());
    EXPECT_EQ(aeplay::check_image_layout(pixels, static_cast<double>(train.storage_bytes()),
                                         static_cast<double>(test.storage_bytes()), bytes_per_pixel),
              "");
    const ae::ModelFile f = ae::parse_model(file.data(), file.size(), "lab model");
    worker.start_with_model(ae::instantiate(f), aeplay::settings_from(f, aeplay::parse_worker_settings(settings)),
                            train, test);
  }
  void pause(int) override { worker.pause(); }
  void resume(int) override { worker.resume(); }
  void stop(int) override { worker.discard(); }
  void pump(Lab& lab) {
    worker.advance(0);
    const auto& p = worker.model()->parameters();
    lab.on_snapshot(run, p.data(), p.size());
    lab.on_report(run, aeplay::to_json(aeplay::report_of(worker, curve_sent)));
  }
};

TEST(LabWorker, PointsTravelAsFloat32AndSnapshotsRedrawTheViews) {
  Lab lab;
  LabSettings s = lab.settings();
  s.model.family = ae::LabFamily::Denoising;
  s.model.sigma = 0.15f;
  ASSERT_EQ(lab.apply(s), "");
  LabWorker w;
  ASSERT_EQ(lab.start(&w), "");
  EXPECT_TRUE(lab.session().remote());
  EXPECT_FALSE(lab.trains_here()) << "the worker trains, not the frame";
  EXPECT_GT(w.run, aeplay::first_run_before(aeplay::RunOwner::Lab)) << "lab runs are numbered apart from the digits' runs";
  EXPECT_TRUE(lab.owns_run(w.run));
  EXPECT_EQ(w.pixels, 2);
  EXPECT_EQ(w.bytes_per_pixel, 4);
  EXPECT_EQ(w.worker.settings().noise.kind, ae::NoiseKind::Gaussian);
  EXPECT_FALSE(w.worker.settings().noise.clip) << "points are not clipped to [0, 1]";
  EXPECT_FLOAT_EQ(w.worker.settings().noise.level, 0.15f);
  EXPECT_EQ(w.worker.settings().schedule, ae::LrSchedule::Cosine) << "the lab's schedule travels in the settings";
  EXPECT_FLOAT_EQ(w.worker.settings().lr_min, lab.settings().train.lr / 20);
  lab.update();
  const uint64_t shown = lab.views().model_version;
  w.pump(lab);
  EXPECT_EQ(lab.snapshots(), 1);
  lab.update();
  EXPECT_NE(lab.views().model_version, shown) << "a snapshot recomputes the views";
  const uint64_t after = lab.views().model_version;
  lab.update();
  EXPECT_EQ(lab.views().model_version, after) << "and nothing else does";
  EXPECT_EQ(lab.session().model()->parameters(), w.worker.model()->parameters());
  EXPECT_FALSE(lab.on_failure(w.run - 1, "an older run")) << "another run's failure is not the lab's";
  EXPECT_TRUE(lab.on_failure(w.run, "another training run took the training worker"));
  EXPECT_EQ(lab.session().state(), TrainState::Failed);
  EXPECT_NE(lab.session().model(), nullptr) << "the last snapshot stays";
}

TEST(LabWorker, TheWorkerRefusesImagesItCannotRead) {
  EXPECT_EQ(aeplay::check_image_layout(2, 8 * 100, 0, 4), "");
  EXPECT_EQ(aeplay::check_image_layout(784, 784 * 10, 784 * 2, 1), "");
  EXPECT_NE(aeplay::check_image_layout(2, 8 * 100 + 4, 0, 4), "") << "half a point";
  EXPECT_NE(aeplay::check_image_layout(2, 800, 0, 2), "") << "2 bytes a value";
  EXPECT_NE(aeplay::check_image_layout(0, 0, 0, 4), "");
  EXPECT_NE(aeplay::check_image_layout(2, 0, 0, 4), "") << "no training points";
  EXPECT_NE(aeplay::check_image_layout(2.5, 80, 0, 4), "");
  EXPECT_NE(aeplay::check_image_layout(2, NAN, 0, 4), "");
}

}  // namespace
