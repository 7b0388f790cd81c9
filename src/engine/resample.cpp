#include "resample.h"

#include <algorithm>
#include <cmath>

#include "error.h"

namespace ae {

const char* to_string(Upsample u) {
  switch (u) {
    case Upsample::Bilinear: return "bilinear";
    case Upsample::Nearest: return "nearest";
    case Upsample::Bicubic: return "bicubic";
  }
  return "?";
}

void box_downsample(const float* in, int side, int factor, float* out) {
  const int small = side / factor;
  const float scale = 1.0f / static_cast<float>(factor * factor);
  for (int r = 0; r < small; ++r)
    for (int c = 0; c < small; ++c) {
      float sum = 0;
      for (int dr = 0; dr < factor; ++dr)
        for (int dc = 0; dc < factor; ++dc) sum += in[(r * factor + dr) * side + c * factor + dc];
      out[r * small + c] = sum * scale;
    }
}

namespace {

// Keys' cubic convolution kernel with a = -0.5 (the "bicubic" of most image libraries).
float keys(float t) {
  t = std::abs(t);
  if (t < 1) return (1.5f * t - 2.5f) * t * t + 1;
  if (t < 2) return ((-0.5f * t + 2.5f) * t - 4) * t + 2;
  return 0;
}

// Weights and clamped source indices of output coordinate x along one axis (4 taps; unused taps weigh 0).
struct Taps {
  int index[4];
  float weight[4];
};

Taps taps(int x, int factor, int small, Upsample how) {
  Taps t{{0, 0, 0, 0}, {0, 0, 0, 0}};
  const float u = (static_cast<float>(x) + 0.5f) / static_cast<float>(factor) - 0.5f;
  auto clamp = [small](int i) { return std::min(small - 1, std::max(0, i)); };
  if (how == Upsample::Nearest) {
    t.index[0] = x / factor, t.weight[0] = 1;
  } else if (how == Upsample::Bilinear) {
    const float fl = std::floor(u), w = u - fl;
    t.index[0] = clamp(static_cast<int>(fl)), t.weight[0] = 1 - w;
    t.index[1] = clamp(static_cast<int>(fl) + 1), t.weight[1] = w;
  } else {
    const float fl = std::floor(u);
    for (int k = 0; k < 4; ++k) {
      const int i = static_cast<int>(fl) - 1 + k;
      t.index[k] = clamp(i), t.weight[k] = keys(u - static_cast<float>(i));
    }
  }
  return t;
}

}  // namespace

void upsample(const float* in, int side, int factor, Upsample how, float* out) {
  const int small = side / factor;
  for (int y = 0; y < side; ++y) {
    const Taps ty = taps(y, factor, small, how);
    for (int x = 0; x < side; ++x) {
      const Taps tx = taps(x, factor, small, how);
      float v = 0;
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) v += ty.weight[i] * tx.weight[j] * in[ty.index[i] * small + tx.index[j]];
      out[y * side + x] = how == Upsample::Bicubic ? std::min(1.0f, std::max(0.0f, v)) : v;
    }
  }
}

Mat low_resolution(const Mat& images, int factor, Upsample how) {
  constexpr int kSide = 28;
  if (images.rows() != kSide * kSide) throw Error("low resolution needs 28x28 images");
  if (factor < 1 || kSide % factor) throw Error("the low-resolution factor must divide 28");
  Mat out(images.rows(), images.cols());
  float small[kSide * kSide];
  for (Index j = 0; j < images.cols(); ++j) {
    box_downsample(images.col(j).data(), kSide, factor, small);
    upsample(small, kSide, factor, how, out.col(j).data());
  }
  return out;
}

}  // namespace ae
