#include "core/training_messages.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "batch_size.h"
#include "error.h"

namespace aeplay {

using nlohmann::json;

namespace {
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json parse_object(const std::string& text, const char* what) {
  if (text.size() > (16u << 20)) throw ae::Error(std::string(what) + ": larger than 16 MB");
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) throw ae::Error(std::string(what) + ": not a JSON object");
  return doc;
}

// The named field as a number (null reads as NaN), or an error naming it.
double field(const json& doc, const char* name, const char* what) {
  const auto it = doc.find(name);
  if (it == doc.end()) throw ae::Error(std::string(what) + ": \"" + name + "\" is missing");
  if (it->is_null()) return NAN;
  if (!it->is_number()) throw ae::Error(std::string(what) + ": \"" + name + "\" is not a number");
  return it->get<double>();
}

long whole(const json& doc, const char* name, const char* what, double lo, double hi) {
  const double v = field(doc, name, what);
  if (!(v >= lo && v <= hi) || v != std::floor(v))
    throw ae::Error(std::string(what) + ": \"" + name + "\" must be a whole number in " + std::to_string(long(lo)) +
                    ".." + std::to_string(long(hi)));
  return static_cast<long>(v);
}

bool flag(const json& doc, const char* name) { return doc.value(name, false); }

TrainState parse_state(const std::string& s) {
  for (TrainState t : {TrainState::Idle, TrainState::Running, TrainState::Paused, TrainState::Done, TrainState::Failed})
    if (s == to_string(t)) return t;
  throw ae::Error("training report: unknown state \"" + s + "\"");
}
}  // namespace

std::string to_json(const WorkerSettings& s) {
  json doc{{"batch", s.batch}, {"epochs", s.epochs}, {"lr", s.lr}, {"seed", static_cast<double>(s.seed)}};
  if (s.schedule != ae::LrSchedule::Constant) doc["schedule"] = ae::to_string(s.schedule), doc["lr_min"] = s.lr_min;
  return doc.dump();
}

WorkerSettings parse_worker_settings(const std::string& text) {
  const char* what = "training settings";
  const json doc = parse_object(text, what);
  WorkerSettings s;
  s.batch = static_cast<int>(whole(doc, "batch", what, ae::kMinBatchSize, ae::kMaxBatchSize));
  s.epochs = static_cast<int>(whole(doc, "epochs", what, 1, 1 << 20));
  s.lr = static_cast<float>(field(doc, "lr", what));
  if (!(s.lr > 0 && std::isfinite(s.lr))) throw ae::Error("training settings: \"lr\" must be a positive number");
  s.seed = static_cast<uint64_t>(whole(doc, "seed", what, 0, 9007199254740992.0));  // 2^53: exact in JSON
  if (const auto it = doc.find("schedule"); it != doc.end()) {
    if (!it->is_string()) throw ae::Error("training settings: \"schedule\" must be constant or cosine");
    s.schedule = ae::parse_lr_schedule(it->get<std::string>());
    s.lr_min = static_cast<float>(field(doc, "lr_min", what));
    if (!(s.lr_min >= 0 && s.lr_min <= s.lr))
      throw ae::Error("training settings: \"lr_min\" must be in [0, lr]");
  }
  return s;
}

std::string to_json(const TrainingReport& r) {
  const ae::TrainProgress& p = r.progress;
  json curve = json::array(), history = json::array();
  for (float v : r.curve) curve.push_back(number(v));
  for (const auto& e : r.history) history.push_back({e.epoch, number(e.train_loss), number(e.test_loss)});
  return json{{"state", to_string(r.state)}, {"epoch", p.epoch}, {"epochs", p.epochs}, {"batch", p.batch},
              {"batches_per_epoch", p.batches_per_epoch}, {"total_batches", p.total_batches},
              {"running_loss", number(p.running_loss)}, {"batch_loss", number(p.batch_loss)},
              {"evaluating", p.evaluating}, {"epoch_finished", p.epoch_finished}, {"done", p.done},
              {"diverged", p.diverged}, {"rate", number(r.rate)}, {"curve", curve}, {"history", history},
              {"failure", r.failure}}
      .dump();
}

TrainingReport report_of(const TrainingSession& session, size_t& curve_sent) {
  TrainingReport r;
  r.state = session.state();
  r.progress = session.progress();
  r.progress.epoch_finished = session.epoch_just_finished();
  r.rate = session.samples_per_second();
  const auto& curve = session.curve_loss();
  curve_sent = std::min(curve_sent, curve.size());
  r.curve.assign(curve.begin() + static_cast<long>(curve_sent), curve.end());
  curve_sent = curve.size();
  if (r.progress.epoch_finished || r.state != TrainState::Running) r.history = session.history();
  r.failure = session.failure();
  return r;
}

TrainSettings settings_from(const ae::ModelFile& file, const WorkerSettings& w) {
  TrainSettings s;
  s.model = file.spec;
  s.noise = file.trained_noise;
  s.batch = w.batch;
  s.epochs = w.epochs;
  s.lr = w.lr;
  s.seed = w.seed;
  s.schedule = w.schedule;
  s.lr_min = w.lr_min;
  return s;
}

TrainingReport parse_training_report(const std::string& text) {
  const char* what = "training report";
  const json doc = parse_object(text, what);
  TrainingReport r;
  const auto state = doc.find("state");
  if (state == doc.end() || !state->is_string()) throw ae::Error("training report: \"state\" is missing");
  r.state = parse_state(state->get<std::string>());
  ae::TrainProgress& p = r.progress;
  constexpr double kMany = 1e15;
  p.epochs = static_cast<int>(whole(doc, "epochs", what, 0, 1 << 20));
  p.epoch = static_cast<int>(whole(doc, "epoch", what, 0, p.epochs));
  p.batches_per_epoch = whole(doc, "batches_per_epoch", what, 0, kMany);
  p.batch = whole(doc, "batch", what, 0, kMany);
  p.total_batches = whole(doc, "total_batches", what, 0, kMany);
  p.running_loss = field(doc, "running_loss", what);
  p.batch_loss = field(doc, "batch_loss", what);
  p.evaluating = flag(doc, "evaluating");
  p.epoch_finished = flag(doc, "epoch_finished");
  p.done = flag(doc, "done");
  p.diverged = flag(doc, "diverged");
  r.rate = field(doc, "rate", what);
  if (!doc.contains("curve") || !doc["curve"].is_array() || !doc.contains("history") || !doc["history"].is_array())
    throw ae::Error("training report: \"curve\" and \"history\" must be arrays");
  for (const json& v : doc["curve"]) {
    if (!v.is_number() && !v.is_null()) throw ae::Error("training report: a curve point is not a number");
    r.curve.push_back(v.is_null() ? NAN : v.get<float>());
  }
  for (const json& row : doc["history"]) {
    if (!row.is_array() || row.size() != 3 || !row[0].is_number_integer() || !(row[1].is_number() || row[1].is_null()) ||
        !(row[2].is_number() || row[2].is_null()))
      throw ae::Error("training report: an epoch is not [epoch, train loss, test loss]");
    r.history.push_back({row[0].get<int>(), row[1].is_null() ? NAN : row[1].get<double>(),
                         row[2].is_null() ? NAN : row[2].get<double>()});
  }
  if (doc.contains("failure") && doc["failure"].is_string()) r.failure = doc["failure"].get<std::string>();
  return r;
}

std::string check_image_layout(double pixels, double train_bytes, double test_bytes, double bytes_per_pixel) {
  const auto whole = [](double v) { return std::isfinite(v) && v == std::floor(v); };
  if (bytes_per_pixel != 1 && bytes_per_pixel != 4)
    return "the images must come as bytes (1 a value) or float32 (4), not " + std::to_string(bytes_per_pixel);
  if (!whole(pixels) || pixels < 1 || pixels > (1 << 20)) return "an image must have 1..1048576 values";
  const double image = pixels * bytes_per_pixel;
  for (double bytes : {train_bytes, test_bytes})
    if (!whole(bytes) || bytes < 0 || std::fmod(bytes, image) != 0 || bytes > 2e9)
      return "the images' size is not a whole number of images of " + std::to_string(long(pixels)) + " values";
  if (train_bytes < image) return "a run needs at least one training image";
  return "";
}

}  // namespace aeplay
