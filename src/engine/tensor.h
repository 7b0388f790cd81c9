// Matrix aliases for the engine. Convention everywhere: float32, column-major,
// one sample per column (a batch of 64 MNIST digits is a 784 x 64 matrix).
#pragma once
#include <Eigen/Core>
#include <cstdint>

namespace ae {
using Mat = Eigen::MatrixXf;
using Vec = Eigen::VectorXf;
using Index = Eigen::Index;

// out += the sum of M's columns (a bias gradient: one row sum per unit), adding column after column so every
// element is summed in the same order wherever `out` sits in memory. Eigen's `out += M.rowwise().sum()` splits
// an unaligned destination into a scalar head and packets, and the two paths associate the sums differently:
// the same seed then trained to different last bits depending on the heap (Trainer.StepSizesDoNotChangeTheResult).
template <typename In, typename Out>
void add_column_sums(const Eigen::MatrixBase<In>& M, Out&& out) {
  for (Index c = 0; c < M.cols(); ++c) out += M.col(c);
}
}  // namespace ae
