#include "colour.h"

#include <algorithm>
#include <cmath>

#include "error.h"

namespace ae {

namespace {

// D65 reference white (CIE 1931 2-degree observer), the white sRGB is defined against.
constexpr double kXn = 0.95047, kYn = 1.0, kZn = 1.08883;
constexpr double kDelta = 6.0 / 29.0;

double srgb_to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double linear_to_srgb(double c) { return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055; }
double lab_f(double t) { return t > kDelta * kDelta * kDelta ? std::cbrt(t) : t / (3 * kDelta * kDelta) + 4.0 / 29.0; }
double lab_f_inverse(double t) { return t > kDelta ? t * t * t : 3 * kDelta * kDelta * (t - 4.0 / 29.0); }

}  // namespace

Lab srgb_to_lab(double r, double g, double b) {
  const double R = srgb_to_linear(r), G = srgb_to_linear(g), B = srgb_to_linear(b);
  // Linear sRGB to XYZ (IEC 61966-2-1 primaries, D65).
  const double X = 0.4124564 * R + 0.3575761 * G + 0.1804375 * B;
  const double Y = 0.2126729 * R + 0.7151522 * G + 0.0721750 * B;
  const double Z = 0.0193339 * R + 0.1191920 * G + 0.9503041 * B;
  const double fx = lab_f(X / kXn), fy = lab_f(Y / kYn), fz = lab_f(Z / kZn);
  return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

void lab_to_srgb(const Lab& lab, double& r, double& g, double& b) {
  const double fy = (lab.L + 16) / 116, fx = fy + lab.a / 500, fz = fy - lab.b / 200;
  const double X = kXn * lab_f_inverse(fx), Y = kYn * lab_f_inverse(fy), Z = kZn * lab_f_inverse(fz);
  const double R = 3.2404542 * X - 1.5371385 * Y - 0.4985314 * Z;
  const double G = -0.9692660 * X + 1.8760108 * Y + 0.0415560 * Z;
  const double B = 0.0556434 * X - 0.2040259 * Y + 1.0572252 * Z;
  // Clip in linear light (out-of-gamut colours), then encode.
  r = linear_to_srgb(std::clamp(R, 0.0, 1.0));
  g = linear_to_srgb(std::clamp(G, 0.0, 1.0));
  b = linear_to_srgb(std::clamp(B, 0.0, 1.0));
}

LabPlanes rgb_to_lab_planes(const Mat& rgb) {
  if (rgb.rows() % 3 != 0 || rgb.rows() == 0)
    throw Error("colour images: " + std::to_string(rgb.rows()) + " values per image is not 3 planes (R, G, B)");
  const Index P = rgb.rows() / 3, N = rgb.cols();
  LabPlanes out{Mat(P, N), Mat(2 * P, N)};
  for (Index j = 0; j < N; ++j)
    for (Index i = 0; i < P; ++i) {
      const Lab lab = srgb_to_lab(rgb(i, j), rgb(P + i, j), rgb(2 * P + i, j));
      out.lightness(i, j) = float(lab.L / 100);
      out.chroma(i, j) = float(lab.a / kChromaScale + 0.5);
      out.chroma(P + i, j) = float(lab.b / kChromaScale + 0.5);
    }
  return out;
}

Mat lab_planes_to_rgb(const Mat& lightness, const Mat& chroma) {
  const Index P = lightness.rows(), N = lightness.cols();
  if (chroma.rows() != 2 * P || chroma.cols() != N)
    throw Error("colour images: chroma is " + std::to_string(chroma.rows()) + " x " + std::to_string(chroma.cols()) +
                ", expected " + std::to_string(2 * P) + " x " + std::to_string(N) + " (a* and b* for each pixel)");
  Mat rgb(3 * P, N);
  for (Index j = 0; j < N; ++j)
    for (Index i = 0; i < P; ++i) {
      const Lab lab{100.0 * lightness(i, j), (chroma(i, j) - 0.5) * kChromaScale, (chroma(P + i, j) - 0.5) * kChromaScale};
      double r, g, b;
      lab_to_srgb(lab, r, g, b);
      rgb(i, j) = float(r), rgb(P + i, j) = float(g), rgb(2 * P + i, j) = float(b);
    }
  return rgb;
}

Vec mean_chroma(const Mat& chroma) {
  if (chroma.cols() == 0) throw Error("mean chroma of no images");
  return chroma.rowwise().mean();
}

Mat grey_chroma(Index pixels, Index n) { return Mat::Constant(2 * pixels, n, 0.5f); }

double colourfulness(const Mat& rgb) {
  if (rgb.rows() % 3 != 0 || rgb.rows() == 0 || rgb.cols() == 0)
    throw Error("colourfulness needs RGB images (3 planes per column)");
  const Index P = rgb.rows() / 3;
  double sum = 0;
  for (Index j = 0; j < rgb.cols(); ++j) {
    double s_rg = 0, s_yb = 0, q_rg = 0, q_yb = 0;
    for (Index i = 0; i < P; ++i) {
      const double R = 255.0 * rgb(i, j), G = 255.0 * rgb(P + i, j), B = 255.0 * rgb(2 * P + i, j);
      const double rg = R - G, yb = 0.5 * (R + G) - B;
      s_rg += rg, s_yb += yb, q_rg += rg * rg, q_yb += yb * yb;
    }
    const double m_rg = s_rg / P, m_yb = s_yb / P;
    const double v_rg = std::max(0.0, q_rg / P - m_rg * m_rg), v_yb = std::max(0.0, q_yb / P - m_yb * m_yb);
    sum += std::sqrt(v_rg + v_yb) + 0.3 * std::sqrt(m_rg * m_rg + m_yb * m_yb);
  }
  return sum / double(rgb.cols());
}

}  // namespace ae
