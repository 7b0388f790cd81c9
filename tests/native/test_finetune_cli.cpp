// `aeplay finetune`, run as a user would: bad inputs exit 1 with one clear line on stderr; --json prints
// exactly the object the issue specifies, with accuracies as fractions, on a short run of a shipped model.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "conv.h"
#include "model.h"
#include "serialize.h"
#include "test_util.h"

namespace {

using clitest::aeplay;
using clitest::expect_one_line_error;
using clitest::Result;

const std::string kPlain = std::string(AEPLAY_MODELS_DIR) + "/ae-plain.aep";

TEST(FinetuneCli, BadInputsGiveOneClearLine) {
  expect_one_line_error("finetune " + kPlain + " --labels 105", "multiple of 10");
  expect_one_line_error("finetune " + kPlain + " --labels 60010", "at most 60000");
  expect_one_line_error("finetune " + kPlain + " --labels 0", "multiple of 10");
  expect_one_line_error("finetune " + kPlain + " --labels 100 --seeds 0", "--seeds");
  expect_one_line_error("finetune " + kPlain, "--labels");
  expect_one_line_error("finetune --labels 100", "one model file");
  expect_one_line_error("finetune " + kPlain + " --labels 100 --ways frozen,bogus", "--ways");
  const testutil::TempDir dir;
  ae::ModelSpec conv;
  conv.family = ae::Family::Conv;
  conv.sizes = {784, 16};
  conv.conv = {{4, 3, 2, 1}};
  const std::string path = dir.file("conv.aep");
  ae::save_model(path, ae::make_model_file(ae::Autoencoder(conv, 1), {}, "test"));
  expect_one_line_error("finetune '" + path + "' --labels 100", "convolutional");
}

TEST(FinetuneCli, JsonIsTheSpecifiedObject) {
  const Result r = aeplay("finetune " + kPlain + " --labels 100 --seeds 2 --steps 150 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"labels", "seeds", "frozen", "finetuned", "scratch"}));
  EXPECT_EQ(j["labels"], 100);
  EXPECT_EQ(j["seeds"], 2);
  for (const char* way : {"frozen", "finetuned", "scratch"}) {
    SCOPED_TRACE(way);
    ASSERT_EQ(j[way].size(), 2u);
    const double mean = j[way]["accuracy_mean"], spread = j[way]["accuracy_std"];
    EXPECT_GT(mean, 0.3);  // well above chance (0.1) even after 150 steps on 100 labels
    EXPECT_LE(mean, 1.0);
    EXPECT_GT(spread, 0.0);  // two seeds, two different subsets
    EXPECT_LT(spread, 0.2);
  }
  // The pretrained code helps at 100 labels: the frozen and fine-tuned encoders beat the random start.
  EXPECT_GT(j["finetuned"]["accuracy_mean"].get<double>(), j["scratch"]["accuracy_mean"].get<double>());
}

}  // namespace
