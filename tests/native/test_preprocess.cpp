// Drawing -> MNIST-style 28x28 input: shapes drawn off-centre into a 280x280 canvas must come out with
// their longer side scaled to 20 px, aspect ratio kept, and their centre of mass at the image centre.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "error.h"
#include "preprocess.h"

namespace {

constexpr int kW = 280, kH = 280;

struct Canvas {
  std::vector<float> ink = std::vector<float>(kW * kH, 0.0f);
  void rect(int x0, int y0, int x1, int y1) {  // [x0, x1) x [y0, y1)
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) ink[static_cast<size_t>(y * kW + x)] = 1.0f;
  }
  void ring(double cx, double cy, double r_in, double r_out) {
    for (int y = 0; y < kH; ++y)
      for (int x = 0; x < kW; ++x) {
        const double r = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
        if (r >= r_in && r <= r_out) ink[static_cast<size_t>(y * kW + x)] = 1.0f;
      }
  }
  ae::DigitImage digit() const { return ae::mnist_from_drawing(ink.data(), kW, kH); }
};

// Where the ink of a 28x28 image is. Pixel (x, y) covers [x, x+1) x [y, y+1), so the image centre
// is the point (14, 14) and a pixel's centre is (x + 0.5, y + 0.5).
struct Ink {
  int x0 = 28, y0 = 28, x1 = -1, y1 = -1;  // bounding box of pixels > 0.1, inclusive
  double mass = 0, cx = 0, cy = 0;          // total ink and centre of mass
  int width() const { return x1 - x0 + 1; }
  int height() const { return y1 - y0 + 1; }
};

Ink measure(const ae::DigitImage& d) {
  Ink ink;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const double v = d.pixels[y * 28 + x];
      if (v > 0.1) ink.x0 = std::min(ink.x0, x), ink.x1 = std::max(ink.x1, x), ink.y0 = std::min(ink.y0, y),
                   ink.y1 = std::max(ink.y1, y);
      ink.mass += v, ink.cx += v * (x + 0.5), ink.cy += v * (y + 0.5);
    }
  ink.cx /= ink.mass, ink.cy /= ink.mass;
  return ink;
}

void expect_valid_pixels(const ae::DigitImage& d) {
  ASSERT_EQ(d.pixels.size(), 784);
  EXPECT_GE(d.pixels.minCoeff(), 0.0f);
  EXPECT_LE(d.pixels.maxCoeff(), 1.0f);
}

TEST(Preprocess, ThickVerticalBarOffCentreIsScaledTo20PxAndCentred) {
  Canvas c;
  c.rect(40, 30, 64, 190);  // 24 x 160 px, in the upper-left part of the canvas
  const ae::DigitImage d = c.digit();
  ASSERT_FALSE(d.empty);
  expect_valid_pixels(d);
  const Ink ink = measure(d);
  EXPECT_GE(ink.height(), 19);
  EXPECT_LE(ink.height(), 21);
  // Aspect kept: 24/160 of 20 px = 3 px wide (a px of anti-aliasing either way).
  EXPECT_GE(ink.width(), 2);
  EXPECT_LE(ink.width(), 4);
  EXPECT_NEAR(ink.cx, 14.0, 1.0);
  EXPECT_NEAR(ink.cy, 14.0, 1.0);
  EXPECT_NEAR(ink.mass, 3.0 * 20.0, 6.0) << "area of the scaled bar";
  EXPECT_GT(d.pixels.maxCoeff(), 0.9f) << "a solid stroke stays solid";
}

TEST(Preprocess, HorizontalBarKeepsItsAspectRatio) {
  Canvas c;
  c.rect(100, 200, 260, 224);  // 160 x 24 px, lower right
  const Ink ink = measure(c.digit());
  EXPECT_GE(ink.width(), 19);
  EXPECT_LE(ink.width(), 21);
  EXPECT_GE(ink.height(), 2);
  EXPECT_LE(ink.height(), 4);
  EXPECT_NEAR(ink.cx, 14.0, 1.0);
  EXPECT_NEAR(ink.cy, 14.0, 1.0);
}

TEST(Preprocess, RectangleTwoToOneBecomes20By10) {
  Canvas c;
  c.rect(10, 150, 110, 200);  // 100 x 50
  const Ink ink = measure(c.digit());
  EXPECT_NEAR(ink.width(), 20, 1);
  EXPECT_NEAR(ink.height(), 10, 1);
}

TEST(Preprocess, RingIsCentredWithItsHoleInTheMiddle) {
  Canvas c;
  c.ring(190, 90, 45, 60);  // 120 px across, off-centre to the upper right
  const ae::DigitImage d = c.digit();
  expect_valid_pixels(d);
  const Ink ink = measure(d);
  EXPECT_NEAR(ink.width(), 20, 1);
  EXPECT_NEAR(ink.height(), 20, 1);
  EXPECT_NEAR(ink.cx, 14.0, 1.0);
  EXPECT_NEAR(ink.cy, 14.0, 1.0);
  // Inner radius 45/60 of the outer: ~7.5 px of hole around the centre.
  EXPECT_LT(d.pixels[13 * 28 + 13], 0.05f);
  EXPECT_LT(d.pixels[14 * 28 + 14], 0.05f);
}

TEST(Preprocess, CentreOfMassNotBoundingBoxIsCentred) {
  // An L: a long vertical stroke and a short foot. Its centre of mass is left of and below the
  // centre of its bounding box; MNIST centres the mass, so the box is off-centre.
  Canvas c;
  c.rect(50, 20, 80, 220);    // vertical: 30 x 200
  c.rect(80, 190, 170, 220);  // foot: 90 x 30
  const Ink ink = measure(c.digit());
  EXPECT_NEAR(ink.cx, 14.0, 1.0);
  EXPECT_NEAR(ink.cy, 14.0, 1.0);
  const double box_cx = (ink.x0 + ink.x1 + 1) / 2.0;
  EXPECT_GT(box_cx, 14.5) << "bounding box centre should sit right of the mass centre";
}

TEST(Preprocess, BlankCanvasGivesAnEmptyImage) {
  Canvas c;
  const ae::DigitImage d = c.digit();
  EXPECT_TRUE(d.empty);
  ASSERT_EQ(d.pixels.size(), 784);
  EXPECT_EQ(d.pixels.cwiseAbs().maxCoeff(), 0.0f);
  // Ink at or below the threshold counts as paper.
  std::fill(c.ink.begin(), c.ink.end(), 0.04f);
  EXPECT_TRUE(c.digit().empty);
}

TEST(Preprocess, RejectsAbsurdCanvasSizes) {
  const float one = 1.0f;
  EXPECT_THROW(ae::mnist_from_drawing(&one, 0, 1), ae::Error);
  EXPECT_THROW(ae::mnist_from_drawing(&one, 1, -5), ae::Error);
  EXPECT_THROW(ae::mnist_from_drawing(&one, 100000, 1), ae::Error);
  EXPECT_FALSE(ae::mnist_from_drawing(&one, 1, 1).empty);
}

}  // namespace
