// My set (core/user_set.h) and the playground's data sets (core/playground_data.cpp): limits, removal, the
// .npz round trip and bad files, switching data sets, training on my set, the notice when a model meets
// another data set.
#include <gtest/gtest.h>

#include "core/playground.h"
#include "core/user_set.h"
#include "file_io.h"
#include "interop/npz.h"
#include "serialize.h"

namespace {

using aeplay::Playground;
using aeplay::UserSet;

ae::Vec pattern(int k) {  // image k: a different bright pixel pattern each
  ae::Vec v = ae::Vec::Zero(784);
  for (int i = 0; i < 784; ++i) v(i) = ((i * 7 + k * 13) % 97) < 20 ? 1.0f : (i % 5) * 0.1f;
  return v;
}

TEST(UserSet, ClassesInFirstUseOrderAndRemovalRenumbers) {
  UserSet s;
  EXPECT_EQ(s.add(pattern(0), "cat"), "");
  EXPECT_EQ(s.add(pattern(1), "dog"), "");
  EXPECT_EQ(s.add(pattern(2), "cat"), "");
  EXPECT_EQ(s.classes(), (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(s.labels(), (std::vector<uint8_t>{0, 1, 0}));
  const uint64_t v = s.version();
  ASSERT_TRUE(s.remove(0));
  EXPECT_GT(s.version(), v);
  ASSERT_TRUE(s.remove(1));  // the last cat: the class goes, dog becomes class 0
  EXPECT_EQ(s.classes(), (std::vector<std::string>{"dog"}));
  EXPECT_EQ(s.labels(), (std::vector<uint8_t>{0}));
  EXPECT_FALSE(s.remove(5));
  // Stored as bytes: what comes back is the image rounded to 1/255.
  EXPECT_LE((s.image(0) - pattern(1)).cwiseAbs().maxCoeff(), 0.5f / 255 + 1e-6f);
  ae::Vec nan = pattern(3);
  nan(5) = std::nanf("");
  EXPECT_NE(s.add(nan, "x"), "");
}

TEST(UserSet, EveryLimitIsStatedAndNothingChangesPastIt) {
  UserSet s;
  EXPECT_NE(s.add(pattern(0), "").find("class name"), std::string::npos);
  EXPECT_NE(s.add(pattern(0), std::string(UserSet::kMaxClassNameBytes + 1, 'x')).find("at most 40"), std::string::npos);
  for (size_t c = 0; c < UserSet::kMaxClasses; ++c) ASSERT_EQ(s.add(pattern(int(c)), "class " + std::to_string(c)), "");
  EXPECT_NE(s.add(pattern(0), "one too many").find("32 classes"), std::string::npos);
  while (s.size() < UserSet::kMaxImages) ASSERT_EQ(s.add(pattern(int(s.size())), "class 0"), "");
  const std::string full = s.add(pattern(0), "class 0");
  EXPECT_NE(full.find("full (2000 images)"), std::string::npos) << full;
  EXPECT_EQ(s.size(), UserSet::kMaxImages);
  const std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  EXPECT_NE(s.add_image_file(png.data(), png.size(), "a.png", "class 0", ae::ImageFit::Plain, ae::ImageInvert::No)
                .find("full"),
            std::string::npos);
}

TEST(UserSet, NpzRoundTripAndBadFilesLeaveTheSetAsItWas) {
  UserSet s;
  for (int k = 0; k < 7; ++k) ASSERT_EQ(s.add(pattern(k), k % 2 ? "odd" : "even"), "");
  const std::vector<uint8_t> npz = s.to_npz();
  // What numpy sees: images N x 28 x 28, labels N, the class names in the metadata.
  const auto f = ae::interop::parse_npz(npz.data(), npz.size(), "set.npz");
  ASSERT_EQ(f.tensors.size(), 2u);
  EXPECT_EQ(f.tensors[0].shape, (std::vector<int64_t>{7, 28, 28}));
  EXPECT_NE(f.metadata.at("aeplay").find("\"classes\":[\"even\",\"odd\"]"), std::string::npos);
  UserSet t;
  ASSERT_EQ(t.load_npz(npz.data(), npz.size(), "set.npz"), "");
  EXPECT_EQ(t.classes(), s.classes());
  EXPECT_EQ(t.labels(), s.labels());
  for (size_t j = 0; j < 7; ++j) EXPECT_EQ(t.image(j), s.image(j));

  const uint64_t v = t.version();
  for (std::vector<uint8_t> bad : {std::vector<uint8_t>{'P', 'K', 3, 4}, std::vector<uint8_t>(npz.begin(), npz.begin() + 100)}) {
    const std::string err = t.load_npz(bad.data(), bad.size(), "bad.npz");
    EXPECT_NE(err.find("bad.npz"), std::string::npos) << err;
  }
  ae::interop::TensorFile wrong;
  wrong.tensors.push_back({"images", {2, 10, 10}, std::vector<float>(200)});
  wrong.tensors.push_back({"labels", {2}, {0, 1}});
  auto bytes = ae::interop::write_npz(wrong);
  EXPECT_NE(t.load_npz(bytes.data(), bytes.size(), "w.npz").find("N x 28 x 28"), std::string::npos);
  wrong.tensors[0] = {"images", {2, 784}, std::vector<float>(2 * 784, 200.0f)};  // bytes 0..255 are fine too
  wrong.tensors[1] = {"labels", {3}, {0, 1, 1}};
  bytes = ae::interop::write_npz(wrong);
  EXPECT_NE(t.load_npz(bytes.data(), bytes.size(), "w.npz").find("one label per image"), std::string::npos);
  EXPECT_EQ(t.version(), v);
  EXPECT_EQ(t.size(), 7u);
}

TEST(PlaygroundData, MySetIsTheTestAndTrainingSetAndTrainsWithSmallBatches) {
  Playground pg;
  EXPECT_NE(pg.set_dataset("cifar").find("no data set 'cifar'"), std::string::npos);
  EXPECT_EQ(pg.dataset(), "mnist");
  ASSERT_EQ(pg.set_dataset(Playground::kUserSetId), "");
  EXPECT_EQ(pg.test_set().size(), 0);
  pg.begin_stroke(0.3f, 0.3f), pg.extend_stroke(0.7f, 0.7f), pg.end_stroke();
  const uint64_t t0 = pg.versions().test_set;
  ASSERT_EQ(pg.add_input_to_user_set("stroke"), "");
  EXPECT_GT(pg.versions().test_set, t0);
  for (int k = 0; k < 5; ++k) {
    const std::string err = pg.load_user_set({}, "x");  // an empty file: refused, nothing changes
    EXPECT_NE(err, "");
  }
  ASSERT_EQ(pg.test_set().size(), 1);
  EXPECT_EQ(pg.test_set().class_names, (std::vector<std::string>{"stroke"}));
  aeplay::TrainSettings s;
  s.model.sizes = {784, 16};
  EXPECT_NE(pg.start_training(s).find("at least 2 images"), std::string::npos);
  pg.clear_drawing();
  pg.begin_stroke(0.2f, 0.8f), pg.extend_stroke(0.8f, 0.2f), pg.end_stroke();
  ASSERT_EQ(pg.add_input_to_user_set("stroke"), "");
  s.batch = 64, s.train_images = 10000, s.epochs = 1;  // my set trains on all of its 2 images, 2 at a time
  ASSERT_EQ(pg.start_training(s), "");
  EXPECT_EQ(pg.training().settings().batch, 2);
  EXPECT_EQ(pg.model_dataset(), UserSet::kName);
  EXPECT_EQ(pg.dataset_note(), "");
  const ae::ModelFile trained = ae::parse_model(pg.trained_model_bytes().data(), pg.trained_model_bytes().size(), "t");
  EXPECT_EQ(trained.dataset, UserSet::kName);
  EXPECT_TRUE(pg.remove_from_user_set(0));
  EXPECT_EQ(pg.train_set().size(), 1);
}

TEST(PlaygroundData, AModelMeetingAnotherDataSetGetsANoticeAndLabelsGetClassNames) {
  Playground pg;
  ASSERT_EQ(pg.add_model_bytes("ae", "ae", ae::read_file(std::string(AEPLAY_MODELS_DIR) + "/ae-plain.aep", 1 << 24),
                               aeplay::Origin::Shipped), "");
  ASSERT_TRUE(pg.select_model("ae"));
  EXPECT_EQ(pg.dataset_note(), "");
  ASSERT_EQ(pg.set_dataset("fashion"), "");
  const std::string dir = ae::fashion_data_dir();
  ASSERT_EQ(pg.load_test_set(ae::read_file(dir + "/t10k-images-idx3-ubyte", 16 << 20),
                             ae::read_file(dir + "/t10k-labels-idx1-ubyte", 1 << 20)), "");
  EXPECT_EQ(pg.test_set().class_names.at(7), "Sneaker");
  EXPECT_EQ(pg.dataset_note().rfind("This model learned MNIST digits; it now sees Fashion-MNIST", 0), 0u) << pg.dataset_note();
  ASSERT_TRUE(pg.use_test_digit(7));
  EXPECT_EQ(pg.test_label(), 7);
  // Back to MNIST: the Fashion-MNIST images are dropped at once.
  ASSERT_EQ(pg.set_dataset("mnist"), "");
  EXPECT_EQ(pg.test_set().size(), 0);
}

}  // namespace
