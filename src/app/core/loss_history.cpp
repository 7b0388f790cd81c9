#include "core/loss_history.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "error.h"

namespace aeplay {

using nlohmann::json;

std::string to_json(const LossHistory& h) {
  json epochs = json::array(), curve = json::array();
  for (const auto& e : h.epochs)
    epochs.push_back({e.epoch, e.train_loss, std::isfinite(e.test_loss) ? json(e.test_loss) : json(nullptr)});
  for (float v : h.curve) curve.push_back(std::isfinite(v) ? json(v) : json(nullptr));
  return json{{"epochs", epochs}, {"curve", curve}}.dump();
}

namespace {
double number_or_nan(const json& v) {
  if (v.is_null()) return NAN;
  if (!v.is_number()) throw ae::Error("loss history: a loss is not a number");
  return v.get<double>();
}
}  // namespace

LossHistory parse_loss_history(const std::string& text) {
  if (text.size() > kMaxHistoryJsonBytes) throw ae::Error("loss history: larger than 16 MB");
  LossHistory h;
  if (text.empty()) return h;
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) throw ae::Error("loss history: not a JSON object");
  if (doc.contains("epochs")) {
    if (!doc["epochs"].is_array()) throw ae::Error("loss history: \"epochs\" is not an array");
    for (const json& row : doc["epochs"]) {
      if (!row.is_array() || row.size() != 3 || !row[0].is_number_integer())
        throw ae::Error("loss history: an epoch is not [epoch, train loss, test loss]");
      const double test = number_or_nan(row[2]);
      h.epochs.push_back({row[0].get<int>(), number_or_nan(row[1]), test < 0 ? NAN : test});
    }
  }
  if (doc.contains("curve")) {
    if (!doc["curve"].is_array()) throw ae::Error("loss history: \"curve\" is not an array");
    for (const json& v : doc["curve"]) h.curve.push_back(static_cast<float>(number_or_nan(v)));
  }
  return h;
}

}  // namespace aeplay
