#include "conv.h"

namespace ae {

void im2col(const ConvGeometry& g, const Mat& images, Mat& cols) {
  const int k = g.kernel, Ho = g.out_height(), Wo = g.out_width();
  const Index B = images.cols(), hw = Index(Ho) * Wo;
  cols.resize(Index(g.channels) * k * k, hw * B);
  for (Index b = 0; b < B; ++b) {
    const float* img = images.col(b).data();
    for (int c = 0; c < g.channels; ++c)
      for (int ki = 0; ki < k; ++ki)
        for (int kj = 0; kj < k; ++kj) {
          const Index row = (Index(c) * k + ki) * k + kj;
          for (int oy = 0; oy < Ho; ++oy) {
            const int y = oy * g.stride - g.pad + ki;
            for (int ox = 0; ox < Wo; ++ox) {
              const int x = ox * g.stride - g.pad + kj;
              const bool inside = y >= 0 && y < g.height && x >= 0 && x < g.width;
              cols(row, b * hw + Index(oy) * Wo + ox) = inside ? img[(Index(c) * g.height + y) * g.width + x] : 0.0f;
            }
          }
        }
  }
}

void col2im(const ConvGeometry& g, const Mat& cols, Mat& images) {
  const int k = g.kernel, Ho = g.out_height(), Wo = g.out_width();
  const Index hw = Index(Ho) * Wo, B = cols.cols() / hw;
  images.setZero(Index(g.channels) * g.height * g.width, B);
  for (Index b = 0; b < B; ++b) {
    float* img = images.col(b).data();
    for (int c = 0; c < g.channels; ++c)
      for (int ki = 0; ki < k; ++ki)
        for (int kj = 0; kj < k; ++kj) {
          const Index row = (Index(c) * k + ki) * k + kj;
          for (int oy = 0; oy < Ho; ++oy) {
            const int y = oy * g.stride - g.pad + ki;
            if (y < 0 || y >= g.height) continue;
            for (int ox = 0; ox < Wo; ++ox) {
              const int x = ox * g.stride - g.pad + kj;
              if (x < 0 || x >= g.width) continue;
              img[(Index(c) * g.height + y) * g.width + x] += cols(row, b * hw + Index(oy) * Wo + ox);
            }
          }
        }
  }
}

void maps_to_rows(const Mat& maps, int channels, Mat& rows) {
  const Index pixels = maps.rows() / channels, B = maps.cols();
  rows.resize(channels, pixels * B);
  for (Index b = 0; b < B; ++b)  // the column of sample b, seen as pixels x channels, transposed
    rows.middleCols(b * pixels, pixels) = Eigen::Map<const Mat>(maps.col(b).data(), pixels, channels).transpose();
}

void rows_to_maps(const Mat& rows, int channels, Index batch, Mat& maps) {
  const Index pixels = rows.cols() / batch;
  maps.resize(Index(channels) * pixels, batch);
  for (Index b = 0; b < batch; ++b)
    Eigen::Map<Mat>(maps.col(b).data(), pixels, channels) = rows.middleCols(b * pixels, pixels).transpose();
}

}  // namespace ae
