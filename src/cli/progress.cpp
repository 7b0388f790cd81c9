#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace cli {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled && isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()), last_(start_) {}

void ProgressBar::update(double fraction, double rate, const std::string& label) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && std::chrono::duration<double>(now - last_).count() < 0.1 && fraction < 1) return;
  last_ = now;
  drawn_ = true;
  const int width = 30;
  int filled = static_cast<int>(fraction * width + 0.5);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(width, '.');
  double elapsed = seconds_since(start_);
  double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  std::fprintf(stderr, "\r[%s] %3.0f%% %8.0f samples/s  ETA %4.0fs  %s\033[K", bar.c_str(), fraction * 100, rate, eta,
               label.c_str());
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (enabled_ && drawn_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace cli
