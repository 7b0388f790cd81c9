#include "core/few_labels.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "classifier.h"
#include "error.h"
#include "latent.h"
#include "serialize.h"

namespace aeplay {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {
constexpr int kClasses = 10;
constexpr ae::Index kScoreChunk = 500;

json side_json(const FewLabelsSide& s) {
  return {{"loss", std::isfinite(s.loss) ? json(s.loss) : json(nullptr)},
          {"accuracy", s.accuracy},
          {"confusion", s.confusion}};
}

FewLabelsSide parse_side(const json& doc, const char* name) {
  const auto it = doc.find(name);
  if (it == doc.end() || !it->is_object()) throw ae::Error(std::string("few-labels report: no \"") + name + "\"");
  FewLabelsSide s;
  const json& loss = (*it)["loss"];
  s.loss = loss.is_number() ? loss.get<double>() : NAN;
  s.accuracy = it->value("accuracy", -1.0);
  const json& m = (*it)["confusion"];
  if (!m.is_array() || m.size() > 256 * 256) throw ae::Error("few-labels report: a bad confusion matrix");
  for (const json& v : m) s.confusion.push_back(v.is_number_integer() ? v.get<int>() : 0);
  return s;
}

json parse_object(const std::string& text, const char* what) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) throw ae::Error(std::string(what) + ": not a JSON object");
  return doc;
}

std::vector<uint8_t> label_list(const json& doc, const char* name) {
  const auto it = doc.find(name);
  if (it == doc.end() || !it->is_array()) throw ae::Error(std::string("few-labels settings: no \"") + name + "\"");
  std::vector<uint8_t> out;
  for (const json& v : *it) {
    if (!v.is_number_integer() || v.get<int>() < 0 || v.get<int>() >= kClasses)
      throw ae::Error(std::string("few-labels settings: a label of \"") + name + "\" is not 0..9");
    out.push_back(static_cast<uint8_t>(v.get<int>()));
  }
  return out;
}

ae::FewLabelConfig config_of(const FewLabelsSettings& s, int labels) {
  ae::FewLabelConfig c;
  c.labels = labels;
  c.classes = kClasses;
  c.seed = s.seed;
  c.steps = s.steps;
  return c;
}
}  // namespace

std::string to_json(const FewLabelsReport& r) {
  return json{{"state", to_string(r.state)},    {"step", r.step},       {"steps", r.steps},
              {"scoring", r.scoring},           {"failure", r.failure}, {"finetuned", side_json(r.finetuned)},
              {"scratch", side_json(r.scratch)}}
      .dump();
}

FewLabelsReport parse_few_labels_report(const std::string& text) {
  const json doc = parse_object(text, "few-labels report");
  FewLabelsReport r;
  const std::string state = doc.value("state", "");
  r.state = state == "done" ? TrainState::Done : state == "failed" ? TrainState::Failed : TrainState::Running;
  r.step = doc.value("step", 0);
  r.steps = doc.value("steps", 0);
  r.scoring = doc.value("scoring", false);
  r.failure = doc.value("failure", "");
  r.finetuned = parse_side(doc, "finetuned");
  r.scratch = parse_side(doc, "scratch");
  return r;
}

bool is_few_labels_message(const std::string& text) {
  const json doc = json::parse(text, nullptr, false);
  return doc.is_object() && doc.value("task", "") == "few-labels";
}

void parse_few_labels_message(const std::string& text, FewLabelsSettings& s, std::vector<uint8_t>& train_labels,
                              std::vector<uint8_t>& test_labels) {
  const json doc = parse_object(text, "few-labels settings");
  s.steps = doc.value("steps", s.steps);
  s.seed = doc.value("seed", s.seed);
  if (s.steps < 1 || s.steps > 1000000) throw ae::Error("few-labels settings: \"steps\" must be in 1..1000000");
  train_labels = label_list(doc, "train_labels");
  test_labels = label_list(doc, "test_labels");
  s.labels = static_cast<int>(train_labels.size());
}

// --- the run --------------------------------------------------------------------------------------------

FewLabelsRun::FewLabelsRun(const ae::Autoencoder& model, const ae::ImageStore& train, std::vector<uint8_t> train_labels,
                           ae::ImageStore test, std::vector<uint8_t> test_labels, const FewLabelsSettings& s)
    : finetuned_(model, ae::FewLabelWay::Finetuned, train.to_mat(), train_labels,
                 config_of(s, static_cast<int>(train_labels.size()))),
      scratch_(model, ae::FewLabelWay::Scratch, train.to_mat(), train_labels,
               config_of(s, static_cast<int>(train_labels.size()))),
      test_(std::move(test)), test_labels_(std::move(test_labels)) {
  if (static_cast<ae::Index>(test_labels_.size()) != test_.cols() || test_.cols() == 0)
    throw ae::Error("the few-labels run needs one label per scoring image");
  report_.state = TrainState::Running;
  report_.steps = finetuned_.total_steps();
}

void FewLabelsRun::score_chunk() {
  const ae::Index m = std::min(kScoreChunk, test_.cols() - scored_);
  const ae::Mat X = test_.columns(scored_, m);
  const ae::Classifier* both[2] = {&finetuned_.classifier(), &scratch_.classifier()};
  for (int k = 0; k < 2; ++k) {
    const std::vector<int> p = both[k]->predict(X);
    predicted_[k].insert(predicted_[k].end(), p.begin(), p.end());
  }
  scored_ += m;
  if (scored_ < test_.cols()) return;
  FewLabelsSide* sides[2] = {&report_.finetuned, &report_.scratch};
  for (int k = 0; k < 2; ++k) {
    sides[k]->accuracy = ae::accuracy(predicted_[k], test_labels_);
    sides[k]->confusion = ae::confusion_matrix(predicted_[k], test_labels_, kClasses);
  }
  report_.scoring = false;
  report_.state = TrainState::Done;
}

void FewLabelsRun::advance(double budget_ms) {
  const auto end = Clock::now() + std::chrono::microseconds(static_cast<long>(budget_ms * 1000));
  do {
    if (report_.state != TrainState::Running) return;
    if (!finetuned_.done()) {
      finetuned_.step(1);
      scratch_.step(1);
      report_.step = finetuned_.steps_done();
      report_.finetuned.loss = finetuned_.last_loss();
      report_.scratch.loss = scratch_.last_loss();
      report_.scoring = finetuned_.done();
    } else {
      score_chunk();
    }
  } while (Clock::now() < end);
}

// --- the page's side ------------------------------------------------------------------------------------------

std::string FewLabels::start(const ae::Autoencoder* model, const ae::ImageSet& test, const FewLabelsSettings& s,
                             TrainingWorker* worker) {
  try {
    if (!model) throw ae::Error("there is no model yet");
    std::string why;
    if (!ae::Classifier::supports(model->spec(), &why)) throw ae::Error("the model is " + why);
    const ae::Index pool = test.size() / 2;
    if (pool < 100 || static_cast<ae::Index>(test.labels.size()) != test.size())
      throw ae::Error("waiting for the labelled test set");
    std::vector<uint8_t> pool_labels(test.labels.begin(), test.labels.begin() + pool);
    ae::FewLabelConfig c = config_of(s, s.labels);
    ae::validate(c, pool);
    const std::vector<int> idx = ae::balanced_subset(pool_labels, kClasses, s.labels / kClasses, s.seed);
    ae::Mat images;
    test.images.gather(idx, 0, static_cast<ae::Index>(idx.size()), images);
    std::vector<uint8_t> labels;
    for (int i : idx) labels.push_back(test.labels[static_cast<size_t>(i)]);
    const ae::Index rest = test.size() - pool;
    std::vector<uint8_t> rest_labels(test.labels.begin() + pool, test.labels.end());
    // The scoring half as the page holds it (bytes), sharing its storage.
    std::vector<int> tail(static_cast<size_t>(rest));
    for (ae::Index j = 0; j < rest; ++j) tail[static_cast<size_t>(j)] = static_cast<int>(pool + j);
    ae::Mat rest_images;
    test.images.gather(tail, 0, rest, rest_images);
    settings_ = s;
    results_drawn = false;
    local_.reset();
    worker_ = worker;
    ++run_;
    report_ = FewLabelsReport();
    report_.state = TrainState::Running;
    report_.steps = s.steps;
    if (worker) {
      const json msg{{"task", "few-labels"},
                     {"steps", s.steps},
                     {"seed", static_cast<double>(s.seed)},
                     {"train_labels", labels},
                     {"test_labels", rest_labels}};
      const std::vector<uint8_t> file = ae::serialize_model(ae::make_model_file(*model, {}, "few labels"));
      sent_train_ = ae::ImageStore(std::move(images));
      sent_test_ = ae::ImageStore(std::move(rest_images));
      worker->start(run_, file, msg.dump(), sent_train_, sent_test_);
    } else {
      local_ = std::make_unique<FewLabelsRun>(*model, ae::ImageStore(std::move(images)), labels,
                                              ae::ImageStore(std::move(rest_images)), rest_labels, s);
    }
    ++stamp_;
    return "";
  } catch (const ae::Error& e) {
    report_ = FewLabelsReport();
    report_.state = TrainState::Failed;
    report_.failure = e.what();
    ++stamp_;
    return e.what();
  }
}

void FewLabels::advance(double budget_ms) {
  if (!trains_here()) return;
  local_->advance(budget_ms);
  report_ = local_->report();
  ++stamp_;
}

void FewLabels::on_report(int run, const std::string& text) {
  if (run != run_) return;
  try {
    report_ = parse_few_labels_report(text);
  } catch (const ae::Error& e) {
    report_.state = TrainState::Failed;
    report_.failure = e.what();
  }
  ++stamp_;
}

bool FewLabels::on_failure(int run, const std::string& why) {
  if (run != run_ || report_.state != TrainState::Running) return false;
  report_.state = TrainState::Failed;
  report_.failure = why;
  ++stamp_;
  return true;
}

}  // namespace aeplay
