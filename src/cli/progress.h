// A one-line progress bar on stderr with rate and ETA; silent when stderr is not a terminal
// unless forced, so logs and --json output stay clean.
#pragma once
#include <chrono>
#include <string>

namespace cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  // fraction in [0,1]; rate in samples/s; `label` e.g. "epoch 2/5 loss 21.3".
  void update(double fraction, double rate, const std::string& label);
  void finish();

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

double seconds_since(std::chrono::steady_clock::time_point t);

}  // namespace cli
