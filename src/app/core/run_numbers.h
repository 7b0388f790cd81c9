#pragma once
// The page has one training worker and three kinds of runs on it: the digit model's, the 2-D lab's and the
// few-labels lesson's. Each numbers its runs inside a block of its own, so a report, snapshot or failure goes
// back to the owner that started the run (AppContext::on_training_report) and never to another.

namespace aeplay {

enum class RunOwner { Digits = 0, Lab = 1, FewLabels = 2 };

constexpr int kRunBlock = 1 << 24;  // runs per owner: far more than a page ever starts

// The number before an owner's first run (its runs are first_run_before(o) + 1, + 2, ...).
constexpr int first_run_before(RunOwner o) { return static_cast<int>(o) * kRunBlock; }

constexpr bool run_belongs_to(int run, RunOwner o) {
  return run > first_run_before(o) && run <= first_run_before(o) + kRunBlock;
}

}  // namespace aeplay
