// Optimizers over a list of parameter tensors: SGD with (Nesterov) momentum and Adam with bias
// correction; both with coupled L2 weight decay (g += λw, weights only) and global gradient-norm clipping.
#pragma once
#include <string>
#include <vector>

#include "model.h"

namespace ae {

enum class OptimizerKind : uint8_t { SGD = 0, Adam = 1 };
// Learning rate over the run: constant, or a half cosine from `lr` down to `lr_min` at the last batch
// (removes the noise floor a constant Adam step leaves at the end of training).
enum class LrSchedule : uint8_t { Constant = 0, Cosine = 1 };

struct OptimConfig {
  OptimizerKind kind = OptimizerKind::Adam;
  float lr = 1e-3f;
  float momentum = 0.9f;  // SGD only; 0 = plain SGD
  bool nesterov = false;
  float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;  // Adam
  float weight_decay = 0.0f;
  float clip_norm = 0.0f;  // 0 = no clipping
  LrSchedule schedule = LrSchedule::Constant;
  float lr_min = 0.0f;     // where the cosine schedule ends
};

const char* to_string(OptimizerKind k);
OptimizerKind parse_optimizer(const std::string& name);  // sgd, adam
void validate(const OptimConfig& c);                     // throws ae::Error for out-of-range values
const char* to_string(LrSchedule s);
LrSchedule parse_lr_schedule(const std::string& name);   // constant, cosine
// The learning rate after `done` of `total` batches under c's schedule.
float scheduled_lr(const OptimConfig& c, long done, long total);

class Optimizer {
 public:
  explicit Optimizer(const OptimConfig& config);
  // One update of every parameter from its gradient. Returns the gradient norm before clipping.
  // State is allocated on the first call and reused after.
  float step(const std::vector<ParamRef>& params);
  const OptimConfig& config() const { return config_; }
  void set_lr(float lr);  // for schedules; must stay in [0, 10]
  long steps() const { return t_; }

 private:
  OptimConfig config_;
  std::vector<std::vector<float>> m_, v_;  // momentum / Adam first and second moments
  // Adam updates every tensor in fixed pieces, all of them one job for the engine's threads.
  struct Piece {
    size_t param;
    long at, len;
  };
  std::vector<Piece> pieces_;
  long t_ = 0;
};

}  // namespace ae
