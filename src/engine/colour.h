// Colour for the colorization models: sRGB <-> CIE L*a*b* (D65), the split of an RGB image into what a model
// sees (lightness) and what it predicts (chroma), and the two measures of a colorization: PSNR in RGB and
// colourfulness (Hasler & Suesstrunk 2003).
//
// Why Lab: L* is the lightness a grey photograph keeps, so the model's input is exactly the grey image and it
// predicts only a* b*, the two channels a grey image lost; the colour of a pixel is then (its own L*, the
// predicted a* b*), so a colorization never changes the lightness it was given. Lab is close to perceptually
// uniform, so a squared error on a* b* weighs colour differences roughly as people see them (Zhang et al. 2016,
// Iizuka et al. 2016 colorize in Lab for the same reasons); YCbCr's chroma is a linear mix of gamma-encoded RGB
// and is not.
//
// Images are columns, channel-major (planar, PyTorch's CHW): an RGB image of P pixels is 3P values, R plane
// then G then B, each row-major. Values in [0, 1] (sRGB-encoded, as image files hold them).
#pragma once
#include "tensor.h"

namespace ae {

struct Lab {
  double L, a, b;  // L* in [0, 100]; a*, b* roughly in [-128, 127]
};

// One pixel, sRGB in [0, 1] (IEC 61966-2-1 transfer curve), D65 white (Xn 0.95047, Yn 1, Zn 1.08883).
Lab srgb_to_lab(double r, double g, double b);
// Back to sRGB, clamped to [0, 1] (a Lab colour outside the sRGB gamut is clipped).
void lab_to_srgb(const Lab& lab, double& r, double& g, double& b);

// What a colorization model sees and predicts, scaled for a network with a sigmoid output:
//   lightness: L*/100 in [0, 1]              (pixels x N)
//   chroma:    a*/256 + 0.5, b*/256 + 0.5    (2 pixels x N: the a* plane, then the b* plane)
struct LabPlanes {
  Mat lightness, chroma;
};
constexpr double kChromaScale = 256.0;
// `rgb` is (3 pixels) x N; throws ae::Error when its rows are not a multiple of 3.
LabPlanes rgb_to_lab_planes(const Mat& rgb);
// The inverse: lightness (pixels x N) and chroma (2 pixels x N) to RGB (3 pixels x N), clamped to [0, 1].
Mat lab_planes_to_rgb(const Mat& lightness, const Mat& chroma);

// Per-pixel mean of the chroma over a set of images (the "mean chroma" baseline): chroma is (2 pixels) x N.
Vec mean_chroma(const Mat& chroma);
// The chroma of grey (a* = b* = 0) for N images of `pixels` pixels: the "grey image" baseline.
Mat grey_chroma(Index pixels, Index n);

// Colourfulness M = sigma_rgyb + 0.3 mu_rgyb of Hasler & Suesstrunk (2003), rg = R - G, yb = (R + G)/2 - B,
// with R, G, B in 0..255 as in the paper, computed per image and averaged over the images (3 pixels x N).
// 0 for a grey image; the paper's "moderately colourful" is about 33, "extremely colourful" above 82.
double colourfulness(const Mat& rgb);

}  // namespace ae
