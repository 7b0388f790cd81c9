// tangent_bench: what one tangent computation costs (src/engine/jacobian.h), native. Numbers only.
//   tangent_bench [--reps 31]
// Rows: a digit model's decoder tangents and whole-map tangents (784-256-32-256-784, k = 8, random weights:
// the cost does not depend on their values), its full 784 x 784 reconstruction Jacobian, and the 2-D lab's
// batched 2 x 2 Jacobians (2-16-1-16-2, tanh) at 2,000 points. Median of --reps timed calls after one warm-up.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "jacobian.h"
#include "model.h"
#include "rng.h"

namespace {

double median_ms(int reps, const std::function<void()>& work) {
  work();  // warm-up: first-touch allocations
  std::vector<double> ms;
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    work();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
  return ms[ms.size() / 2];
}

ae::Mat random_matrix(ae::Index rows, ae::Index cols, float lo, float hi) {
  ae::Rng rng(7);
  ae::Mat m(rows, cols);
  for (ae::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(lo, hi);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 31;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::atoi(argv[i + 1]));
  ae::ModelSpec digit;
  digit.sizes = {784, 256, 32};
  const ae::Autoencoder dm(digit, 1);
  const ae::Vec x = random_matrix(784, 1, 0.0f, 1.0f).col(0);
  volatile float sink = 0;
  std::printf("tangent_bench: median of %d calls, ms\n", reps);
  std::printf("decoder tangents, 784-256-32, k = 8        %8.3f\n",
              median_ms(reps, [&] { sink = sink + ae::decoder_tangents(dm, x, 8).singular_values(0); }));
  std::printf("map tangents, 784-256-32, k = 8            %8.3f\n",
              median_ms(reps, [&] { sink = sink + ae::map_tangents(dm, x, 8).singular_values(0); }));
  const ae::Vec code = dm.encode(ae::Mat(x)).col(0);
  ae::Mat D;
  std::printf("decoder Jacobian 784 x 32                  %8.3f\n",
              median_ms(reps, [&] { D = ae::decoder_jacobian(dm, code); }));
  std::printf("its 8 leading singular vectors (QR + SVD)  %8.3f\n",
              median_ms(reps, [&] { sink = sink + ae::leading_singular_vectors(D, 8).singular_values(0); }));
  std::printf("reconstruction Jacobian 784 x 784          %8.3f\n",
              median_ms(reps, [&] { sink = sink + ae::reconstruction_jacobian(dm, x)(0, 0); }));
  ae::ModelSpec lab;
  lab.sizes = {2, 16, 1}, lab.hidden = ae::Activation::Tanh, lab.latent = ae::Activation::Identity;
  lab.output = ae::Activation::Identity;
  const ae::Autoencoder lm(lab, 1);
  const ae::Mat points = random_matrix(2, 2000, -1.0f, 1.0f);
  std::printf("2-D lab: 2 x 2 Jacobians at 2,000 points   %8.3f\n",
              median_ms(reps, [&] { sink = sink + ae::reconstruction_jacobians(lm, points)(0, 0); }));
  return 0;
}
