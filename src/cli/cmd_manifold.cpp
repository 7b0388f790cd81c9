// aeplay manifold: the 2-D lab of issue 28 on the command line. Makes a toy data set, trains a lab model on it
// (lab_models.h) and writes what the page's lab draws: the picture (--png), the field on a grid (--field-csv),
// the points and their reconstructions (--points-csv) and the Jacobian's summary at each point
// (--jacobian-csv); --alignment measures the field against the data set's true curve (manifold_metrics.h).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "args.h"
#include "commands.h"
#include "error.h"
#include "json.h"
#include "lab_models.h"
#include "lab_plot.h"
#include "manifold_metrics.h"
#include "manifold_views.h"
#include "progress.h"
#include "toy_data.h"

namespace cli {

namespace {

struct LabRun {
  ae::ToyDataSpec data;
  ae::LabModelSpec model;
  ae::LabTrainSpec train;
  int grid = 25;
};

LabRun parse_run(const Args& args) {
  LabRun r;
  if (!args.has("data")) throw ae::Error("aeplay manifold needs --data (" + ae::toy_shape_names() + ")");
  r.data.shape = ae::parse_toy_shape(args.str("data"));
  r.data.points = static_cast<int>(args.integer("points", 500, ae::kMinToyPoints, ae::kMaxToyPoints));
  r.data.noise = static_cast<float>(args.number("noise", 0.05, 0, ae::kMaxToyNoise));
  r.data.seed = static_cast<uint64_t>(args.integer("seed", 1, 0, 1L << 40));
  r.data.view_angle = static_cast<float>(args.number("view-angle", 0, -10, 10));
  r.model.family = ae::parse_lab_family(args.str("family", "plain"));
  r.model.code = static_cast<int>(args.integer("code", 1, 1, 2));
  r.model.hidden = static_cast<int>(args.integer("hidden", ae::default_hidden(r.model.family), 1, ae::kMaxLabHidden));
  r.model.sigma = static_cast<float>(args.number("sigma", 0.1, 1e-4, 10));
  r.model.lambda = static_cast<float>(args.number("lambda", ae::default_lambda(r.model.family), 0, 1000));
  if (args.has("sigma") && r.model.family != ae::LabFamily::Denoising)
    throw ae::Error(std::string("--sigma is the dae's training noise; --family ") + ae::to_string(r.model.family) +
                    " takes none");
  r.train.epochs = static_cast<int>(args.integer("epochs", 500, 1, 100000));
  r.train.batch = static_cast<int>(args.integer("batch", 32, 1, 65536));
  r.train.lr = static_cast<float>(args.number("lr", 0.01, 1e-6, 1));
  r.train.seed = r.data.seed;
  r.grid = static_cast<int>(args.integer("grid", 25, 2, 200));
  return r;
}

std::ofstream open_csv(const std::string& path, const char* header) {
  std::ofstream out(path);
  if (!out) throw ae::Error(path + ": cannot write");
  out << header << '\n';
  return out;
}

void finish_csv(std::ofstream& out, const std::string& path) {
  out.flush();
  if (!out) throw ae::Error(path + ": write failed");
}

// One row a column of A and B: a0,a1,b0,b1 (9 significant digits: floats read back exactly).
void write_pairs(const std::string& path, const ae::Mat& A, const ae::Mat& B) {
  std::ofstream out = open_csv(path, "x,y,rx,ry");
  char row[128];
  for (ae::Index i = 0; i < A.cols(); ++i) {
    std::snprintf(row, sizeof row, "%.9g,%.9g,%.9g,%.9g\n", A(0, i), A(1, i), B(0, i), B(1, i));
    out << row;
  }
  finish_csv(out, path);
}

void write_jacobians(const std::string& path, const ae::Mat& P, const std::vector<ae::JacobianSummary>& J) {
  std::ofstream out = open_csv(path, "x,y,s1,s2,ux,uy");
  char row[192];
  for (ae::Index i = 0; i < P.cols(); ++i) {
    const ae::JacobianSummary& j = J[static_cast<size_t>(i)];
    std::snprintf(row, sizeof row, "%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", P(0, i), P(1, i), j.s1, j.s2, j.ux, j.uy);
    out << row;
  }
  finish_csv(out, path);
}

std::string describe(const LabRun& r) {
  char b[256];
  std::snprintf(b, sizeof b, "%s on %d %s points (noise %g, seed %llu)", ae::to_string(r.model.family), r.data.points,
                ae::to_string(r.data.shape), static_cast<double>(r.data.noise),
                static_cast<unsigned long long>(r.data.seed));
  return b;
}

double mean_squared_distance(const ae::Mat& A, const ae::Mat& B) {
  return A.cols() ? static_cast<double>((A - B).squaredNorm()) / static_cast<double>(A.cols()) : 0.0;
}

// Everything the lab shows of `model` on the points P (the Jacobians only where they are drawn or written).
LabPicture make_picture(const LabRun& run, const ae::Autoencoder& model, const ae::Mat& P, const Args& args) {
  LabPicture pic;
  pic.points = P;
  pic.recon = ae::reconstruct_points(model, P);
  pic.pca = ae::pca_line(P);
  pic.view = ae::field_grid(P, run.grid);
  pic.grid = pic.view.points();
  pic.grid_recon = ae::reconstruct_points(model, pic.grid);
  if (ae::has_bottleneck(run.model.family)) pic.curves = ae::decoder_curve(model, P);
  if (args.has("jacobian-csv") || (args.has("png") && pic.curves.empty()))
    pic.jacobians = ae::jacobian_summaries(model, P);
  if (run.model.family == ae::LabFamily::Vae) pic.prior_samples = ae::decoder_prior_samples(model, 300, run.data.seed);
  pic.title = describe(run) + ", " + model.spec().describe();
  return pic;
}

std::vector<OptionDef> manifold_options() {
  return {{"data", true, "the data set: " + ae::toy_shape_names()},
          {"family", true, "the model: " + ae::lab_family_names() + " (default plain)"},
          {"code", true, "code units of plain, dae and vae: 1 or 2 (default 1)"},
          {"hidden", true, "hidden units H (default 32; sparse: the code's units)"},
          {"seed", true, "seed of the points, the weights, the shuffling and the noise (default 1)"},
          {"points", true, "number of points (default 500)"},
          {"noise", true, "standard deviation of the points' noise around the curve (default 0.05)"},
          {"view-angle", true, "swissroll, scurve: tilt of the view in radians (default 0: along the roll)"},
          {"sigma", true, "dae: standard deviation of the training noise (default 0.1)"},
          {"lambda", true, "cae: contractive weight; sparse: KL weight; vae: KL weight beta (defaults 0.3, 0.1, 0.02)"},
          {"epochs", true, "training epochs (default 500)"},
          {"batch", true, "batch size (default 32)"},
          {"lr", true, "Adam's learning rate, cosine-decayed to lr/20 (default 0.01)"},
          {"grid", true, "field grid points per side (default 25)"},
          {"png", true, "write the lab's picture"},
          {"field-csv", true, "write the reconstruction on the grid: x,y,rx,ry"},
          {"points-csv", true, "write the points and their reconstructions: x,y,rx,ry"},
          {"jacobian-csv", true, "write the Jacobian of r at each point: x,y,s1,s2,ux,uy"},
          {"alignment", false, "measure the field against the data set's true curve"},
          {"json", false, "print one JSON object"}};
}

}  // namespace

int cmd_manifold(int argc, char** argv) {
  Args args("aeplay manifold", argc, argv, 2, manifold_options());
  if (args.has("help")) {
    std::printf("usage: aeplay manifold --data SHAPE [options]\n%s", args.usage().c_str());
    return 0;
  }
  if (!args.positionals().empty()) throw ae::Error("unexpected argument '" + args.positionals()[0] + "'");
  const LabRun run = parse_run(args);
  const ae::Mat P = ae::make_toy_data(run.data);
  const ae::TrainConfig config = ae::lab_train_config(run.model, run.train, P.cols());  // validates before training
  const auto start = std::chrono::steady_clock::now();
  const ae::Autoencoder model = ae::train_lab_model(run.model, run.train, P);
  const double seconds = seconds_since(start);
  const double trained =
      static_cast<double>(run.train.epochs) * static_cast<double>(P.cols() / config.batch_size) * config.batch_size;
  const double rate = trained / std::max(seconds, 1e-9);

  const LabPicture pic = make_picture(run, model, P, args);

  const double error = mean_squared_distance(P, pic.recon);
  const double pca_error = mean_squared_distance(P, ae::project_on_line(pic.pca, P));
  ae::FieldAlignment align;
  const bool measure = args.has("alignment");
  if (measure)
    align = ae::field_alignment(pic.grid, pic.grid_recon, ae::toy_curves(run.data.shape, run.data.view_angle));

  if (args.has("field-csv")) write_pairs(args.str("field-csv"), pic.grid, pic.grid_recon);
  if (args.has("points-csv")) write_pairs(args.str("points-csv"), P, pic.recon);
  if (args.has("jacobian-csv")) write_jacobians(args.str("jacobian-csv"), P, pic.jacobians);
  if (args.has("png")) write_lab_png(args.str("png"), pic);

  if (args.has("json")) {
    Json j;
    j.str("data", ae::to_string(run.data.shape))
        .str("family", ae::to_string(run.model.family))
        .str("model", model.spec().describe())
        .num("points", P.cols())
        .num("seed", static_cast<double>(run.data.seed))
        .num("epochs", run.train.epochs)
        .num("train_seconds", seconds)
        .num("points_per_second", rate)
        .num("squared_error_per_point", error)
        .num("pca_squared_error_per_point", pca_error);
    if (measure)
      j.num("near_grid_points", align.near_points)
          .num("within_30_degrees", align.within_fraction)
          .num("median_angle_degrees", align.median_angle_deg)
          .num("median_length_ratio", align.median_length_ratio);
    std::printf("%s\n", j.dump().c_str());
    return 0;
  }
  std::printf("%s\n  model %s, %d epochs in %.2f s (%.0f points/s)\n", describe(run).c_str(),
              model.spec().describe().c_str(), run.train.epochs, seconds, rate);
  std::printf("  squared error per point: %.5f (PCA's line: %.5f)\n", error, pca_error);
  if (measure)
    std::printf(
        "  field: %d grid points within 0.3 of the curve, %.1f%% within 30 degrees of the direction to it, "
        "median angle %.1f degrees, median |r(x) - x| / distance %.2f\n",
        align.near_points, 100.0 * align.within_fraction, align.median_angle_deg, align.median_length_ratio);
  for (const char* what : {"png", "field-csv", "points-csv", "jacobian-csv"})
    if (args.has(what)) std::printf("  wrote %s\n", args.str(what).c_str());
  return 0;
}

}  // namespace cli
