// Matrix aliases for the engine. Convention everywhere: float32, column-major,
// one sample per column (a batch of 64 MNIST digits is a 784 x 64 matrix).
#pragma once
#include <Eigen/Core>
#include <cstdint>

namespace ae {
using Mat = Eigen::MatrixXf;
using Vec = Eigen::VectorXf;
using Index = Eigen::Index;
}  // namespace ae
