// Convolution as im2col + GEMM. Images are stored one per column, channel-major then row-major:
// element (c, y, x) of a C x H x W image is row (c * H + y) * W + x.
//
// Conv2D, C x H x W -> K x Ho x Wo, kernel k, stride s, zero padding p: Ho = (H + 2p - k) / s + 1.
// im2col lays out the patches of a whole batch as a (C*k*k) x (Ho*Wo*B) matrix (column = b*Ho*Wo + pixel),
// so the layer is one GEMM: W (K x C*k*k) times cols. col2im is its adjoint (sums overlapping patches).
// ConvTranspose2D is the adjoint of Conv2D: its forward pass is a convolution's backward-data pass.
#pragma once
#include "tensor.h"

namespace ae {

struct ConvGeometry {
  int channels, height, width;  // the convolution's input image (for ConvTranspose2D: its output image)
  int kernel, stride, pad;
  int out_height() const { return (height + 2 * pad - kernel) / stride + 1; }
  int out_width() const { return (width + 2 * pad - kernel) / stride + 1; }
};

// images: (C*H*W) x B  ->  cols: (C*k*k) x (Ho*Wo*B)
void im2col(const ConvGeometry& g, const Mat& images, Mat& cols);
// cols: (C*k*k) x (Ho*Wo*B)  ->  images: (C*H*W) x B, overlapping patches summed
void col2im(const ConvGeometry& g, const Mat& cols, Mat& images);

// (channels*pixels) x B  <->  channels x (pixels*B): the GEMM-friendly layout of a batch of feature maps.
void maps_to_rows(const Mat& maps, int channels, Mat& rows);
void rows_to_maps(const Mat& rows, int channels, Index batch, Mat& maps);

}  // namespace ae
