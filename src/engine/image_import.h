// Image files (PNG or JPEG, any size) as 28x28 inputs: decoded by stb_image, with limits checked from the
// header before any pixel is allocated, then fitted into 28x28 the MNIST way or plainly.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tensor.h"

namespace ae {

struct ImageLimits {
  int max_side = 4096;                   // either dimension, as the file's header declares it
  uint64_t max_file_bytes = 16ull << 20; // one file
};

enum class ImageFit {
  Mnist,  // crop to the ink, longer side to 20 px, centre of mass at the centre (preprocess.h): drawings, digits
  Plain,  // the whole image, longer side to 28 px, centred: photos, clothes
};
enum class ImageInvert {
  Auto,  // invert when the border is light (dark ink on light paper); MNIST is light ink on black
  Yes,
  No,
};

struct GrayImage {
  int width = 0, height = 0;
  std::vector<float> pixels;  // row-major, [0, 1], 1 = white; transparency composited over white
};

// Decodes a PNG or JPEG. Throws ae::Error with a one-line message naming `name` for anything else: not an
// image, truncated or corrupt data, 0x0, more than `limits` allow.
GrayImage decode_image(const uint8_t* bytes, size_t size, const std::string& name, const ImageLimits& limits = {});

struct RgbImage {
  int width = 0, height = 0;
  std::vector<float> pixels;  // row-major, R G B interleaved, [0, 1] as the file's sRGB bytes / 255
};
// The same decoder and checks as decode_image, keeping the colour (transparency composited over white).
RgbImage decode_rgb_image(const uint8_t* bytes, size_t size, const std::string& name, const ImageLimits& limits = {});
// Box-filtered resize (every source pixel counts: a large photo scaled down does not alias).
RgbImage resize_rgb(const RgbImage& image, int width, int height);

// 784 values in [0, 1], row-major 28x28, 1 = ink (MNIST's convention). A blank image gives all zeros.
Vec fit_to_input(const GrayImage& image, ImageFit fit, ImageInvert invert);

// Both steps; the CLI's image folders and the page's uploads go through here.
Vec image_file_to_input(const uint8_t* bytes, size_t size, const std::string& name, ImageFit fit,
                        ImageInvert invert, const ImageLimits& limits = {});

// The largest block the decoder asked for since the last reset (tests check nothing big was allocated for
// a file rejected by its header).
size_t largest_decoder_request();
void reset_largest_decoder_request();

ImageFit parse_image_fit(const std::string& text);        // "mnist" | "plain"
ImageInvert parse_image_invert(const std::string& text);  // "auto" | "yes" | "no"

}  // namespace ae
