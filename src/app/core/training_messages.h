// What the page and its training worker (src/worker, web/training-client.js) say to each other, as JSON text:
// the run's settings one way, a progress report after each slice of batches the other way. The weights travel
// beside them as raw floats (a transferred ArrayBuffer), so these stay small.
//   settings  {"batch": 64, "epochs": 5, "lr": 0.001, "seed": 1}  (the model file carries spec and noise);
//             the 2-D lab adds "schedule": "cosine", "lr_min": 0.0005 (absent: constant)
//   report    {"state": "running", "epoch": 1, "epochs": 5, "batch": 12, "batches_per_epoch": 157,
//              "total_batches": 169, "running_loss": 0.03, "batch_loss": 0.03, "evaluating": false,
//              "epoch_finished": false, "rate": 9100, "curve": [new points], "history": [[1, 0.04, 0.03]],
//              "failure": ""}
// Both parsers reject anything else with a message (a report is only ever read from our own worker, but a
// broken or foreign one must not crash the page).
#pragma once
#include <string>
#include <vector>

#include "core/training_session.h"
#include "serialize.h"

namespace aeplay {

struct WorkerSettings {
  int batch = 64, epochs = 5;
  float lr = 1e-3f;
  uint64_t seed = 1;
  ae::LrSchedule schedule = ae::LrSchedule::Constant;
  float lr_min = 0;
};
std::string to_json(const WorkerSettings& s);
WorkerSettings parse_worker_settings(const std::string& json);  // throws ae::Error

struct TrainingReport {
  TrainState state = TrainState::Running;
  ae::TrainProgress progress;
  double rate = 0;                           // samples per second, smoothed
  std::vector<float> curve;                  // curve points since the previous report
  std::vector<ae::EpochRecord> history;      // every finished epoch, sent when one finishes
  std::string failure;                       // why it stopped (state failed)
};
std::string to_json(const TrainingReport& r);
// The worker's side: the report after a slice of `session`; curve_sent counts the curve points already sent.
TrainingReport report_of(const TrainingSession& session, size_t& curve_sent);
// The worker's side: the settings of a run from the page's model file and settings message.
TrainSettings settings_from(const ae::ModelFile& file, const WorkerSettings& w);
TrainingReport parse_training_report(const std::string& json);  // throws ae::Error

// The worker's side: the layout of a run's images as the page announces them (web/training-worker.js begin):
// `pixels` values per image (784 for digits, 2 for the 2-D lab's points), stored as bytes (bytes_per_pixel 1:
// MNIST and the other sets) or float32 (4: the lab's points, float data sets); train_bytes and test_bytes
// whole images of that size, at least one training image. "" or what is wrong.
std::string check_image_layout(double pixels, double train_bytes, double test_bytes, double bytes_per_pixel);

}  // namespace aeplay
