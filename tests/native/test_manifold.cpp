// The 2-D lab's engine (issue 28) on cases with known answers: toy data sets, PCA's line and an autoencoder's
// curve on points of a line, a denoising model's field on a circle (Alain & Bengio 2014), a contractive model's
// Jacobian along a circle (Rifai et al. 2011), and the views' shapes and refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "error.h"
#include "jacobian.h"
#include "lab_models.h"
#include "manifold_metrics.h"
#include "manifold_views.h"
#include "toy_data.h"

namespace {

using ae::LabFamily;
using ae::Mat;
using ae::ToyShape;

constexpr double kPi = 3.14159265358979;

// The message of the ae::Error that `f` throws ("" when it throws none).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ae::Error& e) {
    return e.what();
  }
  return "";
}

float fraction_at_most(const std::vector<float>& v, float limit) {
  return static_cast<float>(std::count_if(v.begin(), v.end(), [&](float a) { return a <= limit; })) /
         static_cast<float>(v.size());
}

TEST(ToyData, DeterministicBySeedAndNearTheirCurves) {
  for (int s = 0; s < ae::kToyShapeCount; ++s) {
    const auto shape = static_cast<ToyShape>(s);
    EXPECT_EQ(ae::parse_toy_shape(ae::to_string(shape)), shape);
    const ae::ToyDataSpec spec{shape, 300, 0.0f, 7, 0.0f};
    const Mat a = ae::make_toy_data(spec), b = ae::make_toy_data(spec);
    ASSERT_EQ(a.rows(), 2);
    ASSERT_EQ(a.cols(), 300);
    EXPECT_TRUE(a == b) << ae::to_string(shape);
    ae::ToyDataSpec other = spec;
    other.seed = 8;
    EXPECT_FALSE(a == ae::make_toy_data(other)) << ae::to_string(shape);
    // Without noise every point lies on the shape's curve (3-D shapes: seen along the roll's axis).
    EXPECT_LT(ae::max_distance_to_curves(a, ae::toy_curves(shape)), 2e-3f) << ae::to_string(shape);
    EXPECT_LT(a.cwiseAbs().maxCoeff(), 1.6f) << ae::to_string(shape) << " fits in [-1.6, 1.6]^2";
  }
}

TEST(ToyData, NoiseHasTheRequestedSpread) {
  const Mat clean = ae::make_toy_data({ToyShape::Line, 4000, 0.0f, 3, 0});
  const Mat noisy = ae::make_toy_data({ToyShape::Line, 4000, 0.1f, 3, 0});
  // Same seed: the same clean positions, so the difference is the noise itself (per coordinate σ = 0.1).
  const Mat d = noisy - clean;
  const double sd = std::sqrt(d.squaredNorm() / static_cast<double>(d.size()));
  EXPECT_NEAR(sd, 0.1, 0.005);
}

TEST(ToyData, ThreeDShapesFillABandWhenTilted) {
  const auto curves = ae::toy_curves(ToyShape::SwissRoll, 0.0f);
  const Mat side = ae::make_toy_data({ToyShape::SwissRoll, 500, 0.0f, 2, 1.2f});
  EXPECT_GT(ae::max_distance_to_curves(side, curves), 0.2f) << "tilted, the roll's height shows";
}

TEST(ToyData, StrokePointsLieOnTheStroke) {
  const std::vector<float> stroke{-1, 0, 0, 1, 1, 0};  // a caret: two segments
  const Mat P = ae::points_along_stroke(stroke, 200, 0.0f, 5);
  ASSERT_EQ(P.cols(), 200);
  Mat poly(2, 3);
  poly << -1, 0, 1, 0, 1, 0;
  EXPECT_LT(ae::max_distance_to_curves(P, {poly}), 1e-5f);
  EXPECT_TRUE(P == ae::points_along_stroke(stroke, 200, 0.0f, 5));
  // Uniform in arc length: the two equal segments get about half the points each.
  const long left = (P.row(0).array() < 0).count();
  EXPECT_NEAR(left, 100, 25);
}

TEST(ToyData, BadSpecsAreRefusedClearly) {
  EXPECT_NE(error_of([] { ae::parse_toy_shape("torus"); }).find("circle"), std::string::npos);
  EXPECT_NE(error_of([] { ae::make_toy_data({ToyShape::Circle, 3, 0.1f, 1, 0}); }).find("points must be in"),
            std::string::npos);
  EXPECT_NE(error_of([] { ae::make_toy_data({ToyShape::Circle, 100, -0.1f, 1, 0}); }).find("noise"),
            std::string::npos);
  EXPECT_NE(error_of([] { ae::make_toy_data({ToyShape::Circle, 100, NAN, 1, 0}); }).find("noise"), std::string::npos);
  EXPECT_NE(error_of([] { ae::points_along_stroke({0, 0, 1}, 100, 0, 1); }).find("x,y pairs"), std::string::npos);
  EXPECT_NE(error_of([] { ae::points_along_stroke({1, 1, 1, 1}, 100, 0, 1); }).find("length"), std::string::npos);
  EXPECT_NE(error_of([] { ae::parse_lab_family("gan"); }).find("plain, dae, cae, sparse, vae"), std::string::npos);
  ae::LabModelSpec bad;
  bad.code = 3;
  EXPECT_NE(error_of([&] { ae::lab_model_spec(bad); }).find("1 or 2 units"), std::string::npos);
  bad = {};
  bad.family = LabFamily::Denoising;
  bad.sigma = 0;
  EXPECT_NE(error_of([&] { ae::lab_model_spec(bad); }).find("sigma"), std::string::npos);
  bad = {};
  bad.hidden = 0;
  EXPECT_NE(error_of([&] { ae::lab_model_spec(bad); }).find("hidden"), std::string::npos);
  ae::LabTrainSpec bad_train;
  bad_train.epochs = 0;
  EXPECT_NE(error_of([&] { ae::lab_train_config({}, bad_train, 100); }).find("epochs"), std::string::npos);
}

TEST(LabModels, SpecsHaveTheLabShapes) {
  for (int f = 0; f < ae::kLabFamilyCount; ++f) {
    ae::LabModelSpec s;
    s.family = static_cast<LabFamily>(f);
    s.lambda = ae::default_lambda(s.family);
    EXPECT_EQ(ae::parse_lab_family(ae::to_string(s.family)), s.family);
    const ae::ModelSpec m = ae::lab_model_spec(s);
    EXPECT_EQ(m.input_size(), 2);
    EXPECT_EQ(m.output, ae::Activation::Identity);
    EXPECT_EQ(m.loss, ae::Loss::MSE);
    const int code = ae::has_bottleneck(s.family) ? 1 : s.family == LabFamily::Contractive ? 2 : s.hidden;
    EXPECT_EQ(m.latent_size(), code) << ae::to_string(s.family);
  }
  ae::LabModelSpec dae;
  dae.family = LabFamily::Denoising;
  dae.sigma = 0.3f;
  const ae::TrainConfig c = ae::lab_train_config(dae, {}, 500);
  EXPECT_EQ(c.noise.kind, ae::NoiseKind::Gaussian);
  EXPECT_FLOAT_EQ(c.noise.level, 0.3f);
  EXPECT_FALSE(c.noise.clip) << "coordinates are not pixels: no clipping to [0, 1]";
  EXPECT_EQ(ae::lab_train_config(dae, {}, 10).batch_size, 10) << "the batch never exceeds the points";
}

TEST(LabModels, UnclippedGaussianNoiseKeepsCoordinatesOutsideTheUnitSquare) {
  Mat clean = Mat::Constant(2, 2000, -1.5f);
  clean.row(1).setConstant(2.5f);
  Mat noisy;
  ae::Rng rng(4);
  ae::corrupt(ae::NoiseSpec{ae::NoiseKind::Gaussian, 0.1f, false}, clean, noisy, rng);
  EXPECT_NEAR(noisy.row(0).mean(), -1.5f, 0.01f);
  EXPECT_NEAR(noisy.row(1).mean(), 2.5f, 0.01f);
  EXPECT_NEAR(std::sqrt((noisy - clean).squaredNorm() / 4000.0), 0.1, 0.005);
}

TEST(ManifoldViews, PcaLineIsTheLeadingDirection) {
  Mat P(2, 4);
  P << 0, 2, 4, 6, 1, 2, 3, 4;  // on y = 1 + x/2
  const ae::PcaLine line = ae::pca_line(P);
  EXPECT_NEAR(line.mx, 3, 1e-5);
  EXPECT_NEAR(line.my, 2.5, 1e-5);
  EXPECT_NEAR(line.dy / line.dx, 0.5, 1e-5);
  EXPECT_NEAR(std::hypot(line.dx, line.dy), 1, 1e-6);
  EXPECT_LT((ae::project_on_line(line, P) - P).cwiseAbs().maxCoeff(), 1e-5f) << "points on the line stay";
  Mat off(2, 1);
  off << 3 - 0.5f, 2.5f + 1;  // one unit off the line along its normal (-dy, dx)·√1.25
  const Mat proj = ae::project_on_line(line, off);
  EXPECT_NEAR(proj(0, 0), 3, 1e-5);
  EXPECT_NEAR(proj(1, 0), 2.5, 1e-5);
}

TEST(ManifoldViews, GridIsTwiceTheBoundingBox) {
  Mat P(2, 3);
  P << 0, 1, 2, 0, 4, 1;
  const ae::Grid g = ae::field_grid(P, 5);
  EXPECT_FLOAT_EQ(g.x0, -1);
  EXPECT_FLOAT_EQ(g.x1, 3);
  EXPECT_FLOAT_EQ(g.y0, -2);
  EXPECT_FLOAT_EQ(g.y1, 6);
  const Mat G = g.points();
  ASSERT_EQ(G.cols(), 25);
  EXPECT_FLOAT_EQ(G(0, 1), 0);  // x fastest
  EXPECT_FLOAT_EQ(G(1, 5), 0);
  EXPECT_FLOAT_EQ(G(0, 24), 3);
  EXPECT_FLOAT_EQ(G(1, 24), 6);
}

TEST(ManifoldViews, JacobianSummaryIsTheSvd) {
  Mat J(2, 2);
  const float c = std::cos(0.3f), s = std::sin(0.3f);
  J << 3 * c * c + 0.5f * s * s, (3 - 0.5f) * c * s, (3 - 0.5f) * c * s, 3 * s * s + 0.5f * c * c;  // R diag(3, .5) Rᵀ
  const ae::JacobianSummary j = ae::summarize_jacobian(J);
  EXPECT_NEAR(j.s1, 3, 1e-5);
  EXPECT_NEAR(j.s2, 0.5, 1e-5);
  EXPECT_NEAR(j.ux, c, 1e-5);
  EXPECT_NEAR(j.uy, s, 1e-5);
}

// Points along y = x/2 (noise 0.02): PCA's line and a plain autoencoder's decoder curve (code 1) both lie on it.
TEST(ManifoldKnownAnswers, LineGivesPcaLineAndCurveOnIt) {
  const Mat P = ae::make_toy_data({ToyShape::Line, 400, 0.02f, 11, 0});
  const auto truth = ae::toy_curves(ToyShape::Line);
  const ae::PcaLine line = ae::pca_line(P);
  const double angle = std::abs(std::atan2(line.dy, line.dx) - std::atan(0.5)) * 180 / kPi;
  std::printf("PCA line: %.3f degrees off, mean (%.3f, %.3f)\n", angle, line.mx, line.my);
  EXPECT_LT(angle, 1.0);
  Mat ends(2, 2);
  ends << line.mx - line.dx, line.mx + line.dx, line.my - line.dy, line.my + line.dy;
  EXPECT_LT(ae::max_distance_to_curves(ends, truth), 0.02f) << "PCA's line through ±1 along it";

  ae::LabModelSpec spec;  // plain, code 1
  ae::LabTrainSpec train;
  train.epochs = 60;
  const ae::Autoencoder model = ae::train_lab_model(spec, train, P);
  const auto curve = ae::decoder_curve(model, P, 200, 5, 0.0f);
  ASSERT_EQ(curve.size(), 1u);
  ASSERT_EQ(curve[0].cols(), 200);
  const float curve_distance = ae::max_distance_to_curves(curve[0], truth);
  const Mat R = ae::reconstruct_points(model, P);
  const float recon_distance = ae::max_distance_to_curves(R, truth);
  std::printf("decoder curve: max %.4f from the line; reconstructions: max %.4f\n", curve_distance, recon_distance);
  EXPECT_LT(curve_distance, 0.05f) << "the learned curve lies within 0.05 of the line (data noise 0.02)";
  EXPECT_LT(recon_distance, 0.05f);
}

// A circle of radius 1 and a DAE trained with σ = 0.1 (code 2: a 1-unit code cannot close a circle). Alain &
// Bengio (2014): r(x) - x ≈ σ²∇log p(x). The data are clean up to s = 0.02, so the smoothed density falls off
// as exp(-d²/2(σ²+s²)) with the distance d to the circle and r(x) - x ≈ -d σ²/(σ²+s²) ≈ 0.96 d towards the
// circle: the arrow points at the nearest circle point and is about as long as the distance to it. Asserted:
// within 30° at >= 90% of the grid points within 0.3 of the circle, and their median length / distance in
// [0.6, 1.25] (training corruptions rarely reach 0.3 = 3σ, so the far band is extrapolated).
TEST(ManifoldKnownAnswers, DenoisingFieldPointsToTheCircle) {
  const Mat P = ae::make_toy_data({ToyShape::Circle, 500, 0.02f, 3, 0});
  ae::LabModelSpec spec;
  spec.family = LabFamily::Denoising;
  spec.code = 2;
  spec.sigma = 0.1f;
  ae::LabTrainSpec train;
  train.epochs = 1500;  // 91-95% at 150-500 epochs over seeds 1-6, 92-95% at 1500: a margin over 90%
  const ae::Autoencoder model = ae::train_lab_model(spec, train, P);
  const Mat G = ae::field_grid(P, 40).points();
  const ae::FieldAlignment a = ae::field_alignment(G, ae::reconstruct_points(model, G), ae::toy_curves(ToyShape::Circle));
  std::printf("DAE field: %d grid points near, %.3f within 30 degrees, median %.1f degrees, length ratio %.2f\n",
              a.near_points, a.within_fraction, a.median_angle_deg, a.median_length_ratio);
  EXPECT_GT(a.near_points, 200);
  EXPECT_GE(a.within_fraction, 0.9f);
  EXPECT_GT(a.median_length_ratio, 0.6f);
  EXPECT_LT(a.median_length_ratio, 1.25f);
}

struct JacobianStats {
  float within_25 = 0, median_angle = 0, median_ratio = 0;  // fraction of angles <= 25°, median angle, median s2/s1
};

JacobianStats jacobian_stats(const ae::Autoencoder& model, const Mat& P) {
  const auto jac = ae::jacobian_summaries(model, P);
  std::vector<float> angles = ae::tangent_angles(P, jac, ae::toy_curves(ToyShape::Circle)), ratio;
  for (const auto& j : jac) ratio.push_back(j.s2 / j.s1);
  std::sort(angles.begin(), angles.end());
  std::sort(ratio.begin(), ratio.end());
  return {fraction_at_most(angles, 25), angles[angles.size() / 2], ratio[ratio.size() / 2]};
}

// The same DAE's Jacobian at the training points: r keeps the tangent and contracts the normal (a DAE with small
// noise is a contractive autoencoder of its reconstruction, Alain & Bengio 2014). Leading direction within 25° of
// the tangent at >= 90% of the points, median s2/s1 below 0.5.
TEST(ManifoldKnownAnswers, DenoisingJacobianFollowsTheTangent) {
  const Mat P = ae::make_toy_data({ToyShape::Circle, 500, 0.02f, 3, 0});
  ae::LabModelSpec spec;
  spec.family = LabFamily::Denoising;
  spec.code = 2;
  ae::LabTrainSpec train;
  train.epochs = 150;
  const JacobianStats s = jacobian_stats(ae::train_lab_model(spec, train, P), P);
  std::printf("DAE Jacobian: %.3f within 25 degrees, median %.1f, median s2/s1 %.3f\n", s.within_25, s.median_angle,
              s.median_ratio);
  EXPECT_GE(s.within_25, 0.9f);
  EXPECT_LT(s.median_ratio, 0.5f);
}

// The lab's contractive autoencoder (2 -> 32 tanh -> 2 -> 32 tanh -> 2, tied, λ‖∂h/∂x‖²_F exact by forward mode)
// on a circle, issue 28's target: the leading direction of r's Jacobian within 25° of the circle's tangent at
// >= 90% of the training points, and s2 well below s1 (median s2/s1 < 0.3); the same model without the penalty
// keeps both directions (median s2/s1 > 0.75). Measured for seeds 1-3 (data and training): 100% within 25°,
// median 2.0-3.0°, median s2/s1 0.085-0.14 with λ 0.3; 0.87-0.89 with λ 0 (docs/results.md).
TEST(ManifoldKnownAnswers, ContractiveModelKeepsTheTangentOfTheCircle) {
  for (uint64_t seed : {1, 2, 3}) {
    const Mat P = ae::make_toy_data({ToyShape::Circle, 400, 0.02f, seed, 0});
    ae::LabModelSpec spec;
    spec.family = LabFamily::Contractive;
    spec.hidden = ae::default_hidden(spec.family);
    ae::LabTrainSpec train;
    train.epochs = 1000;
    train.seed = seed;
    spec.lambda = 0;
    const JacobianStats none = jacobian_stats(ae::train_lab_model(spec, train, P), P);
    spec.lambda = ae::default_lambda(spec.family);
    const JacobianStats cae = jacobian_stats(ae::train_lab_model(spec, train, P), P);
    std::printf("seed %d, CAE lambda 0: %.3f within 25 degrees, median %.1f, median s2/s1 %.3f\n", int(seed),
                none.within_25, none.median_angle, none.median_ratio);
    std::printf("seed %d, CAE lambda %.2f: %.3f within 25 degrees, median %.1f, median s2/s1 %.3f\n", int(seed),
                spec.lambda, cae.within_25, cae.median_angle, cae.median_ratio);
    EXPECT_GE(cae.within_25, 0.9f) << "seed " << seed;
    EXPECT_LT(cae.median_ratio, 0.3f) << "seed " << seed;
    EXPECT_GT(none.median_ratio, 0.75f) << "seed " << seed;
  }
}

}  // namespace
