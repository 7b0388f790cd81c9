#include "image_import.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "error.h"
#include "preprocess.h"

namespace {
// Every block stb_image asks for goes through here: the largest request is kept (tests read it), and a
// request over the decode budget (set per call from the limits) fails, which stb reports as out of memory.
size_t g_decode_budget = 0, g_largest_request = 0;
void* decoder_malloc(size_t n) {
  g_largest_request = std::max(g_largest_request, n);
  return n > g_decode_budget ? nullptr : std::malloc(n);
}
void* decoder_realloc(void* p, size_t n) {
  g_largest_request = std::max(g_largest_request, n);
  return n > g_decode_budget ? nullptr : std::realloc(p, n);
}
}  // namespace

// stb_image and stb_image_resize (Debian libstb-dev), compiled here with static linkage: the same decoder in
// the native build and in the wasm build (which has no libstb), and no clash with libstb's own symbols.
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_MAX_DIMENSIONS 65536
#define STBI_MALLOC(n) decoder_malloc(n)
#define STBI_REALLOC(p, n) decoder_realloc(p, n)
#define STBI_FREE(p) std::free(p)
#define STB_IMAGE_RESIZE_STATIC
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif
#include <stb_image.h>
#include <stb_image_resize.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace ae {

namespace {

// Box-filtered resize (stb_image_resize): every source pixel counts, so a 4000-px photo does not alias.
std::vector<float> resize(const std::vector<float>& src, int w, int h, int dw, int dh) {
  std::vector<float> out(static_cast<size_t>(dw) * dh);
  if (!stbir_resize_float_generic(src.data(), w, h, 0, out.data(), dw, dh, 0, 1, STBIR_ALPHA_CHANNEL_NONE, 0,
                                  STBIR_EDGE_CLAMP, STBIR_FILTER_BOX, STBIR_COLORSPACE_LINEAR, nullptr))
    throw Error("image resize failed");
  for (float& v : out) v = std::clamp(v, 0.0f, 1.0f);
  return out;
}

bool border_is_light(const GrayImage& img) {
  double sum = 0;
  long n = 0;
  for (int x = 0; x < img.width; ++x) sum += img.pixels[size_t(x)] + img.pixels[size_t(img.height - 1) * img.width + x], n += 2;
  for (int y = 0; y < img.height; ++y) sum += img.pixels[size_t(y) * img.width] + img.pixels[size_t(y) * img.width + img.width - 1], n += 2;
  return sum / n > 0.5;
}

// The longer side to `side` pixels (aspect kept), centred on a `side` x `side` black field.
Vec plain_fit(const std::vector<float>& ink, int w, int h, int side) {
  const double scale = double(side) / std::max(w, h);
  const int dw = std::max(1, int(w * scale + 0.5)), dh = std::max(1, int(h * scale + 0.5));
  const std::vector<float> small = resize(ink, w, h, dw, dh);
  Vec out = Vec::Zero(side * side);
  const int x0 = (side - dw) / 2, y0 = (side - dh) / 2;
  for (int y = 0; y < dh; ++y)
    for (int x = 0; x < dw; ++x) out((y0 + y) * side + x0 + x) = small[size_t(y) * dw + x];
  return out;
}

}  // namespace

namespace {

// The checks both decoders make before any pixel is allocated: size, signature, the header's dimensions.
// Sets w, h, channels (the file's own) and the decode budget; returns "PNG" or "JPEG".
const char* check_image_header(const uint8_t* bytes, size_t size, const std::string& name, const ImageLimits& limits,
                               int& w, int& h, int& channels) {
  if (size > limits.max_file_bytes)
    throw Error(name + ": " + std::to_string(size >> 20) + " MiB is over the limit of " +
                std::to_string(limits.max_file_bytes >> 20) + " MiB per image");
  if (size == 0 || size > size_t(INT32_MAX)) throw Error(name + ": empty file, not an image");
  const int n = static_cast<int>(size);
  // The format from its signature (stb_image tries every format and keeps only the last one's complaint).
  static const uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  const bool png = size >= 8 && std::memcmp(bytes, kPng, 8) == 0;
  const bool jpeg = size >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
  if (!png && !jpeg) throw Error(name + ": not a PNG or JPEG image");
  const char* format = png ? "PNG" : "JPEG";
  if (png) {  // the size as the IHDR chunk declares it, before stb_image reads on
    if (size < 24 || std::memcmp(bytes + 12, "IHDR", 4) != 0) throw Error(name + ": truncated or corrupt PNG (no header)");
    auto be32 = [&](size_t at) { return uint32_t(bytes[at]) << 24 | uint32_t(bytes[at + 1]) << 16 | uint32_t(bytes[at + 2]) << 8 | bytes[at + 3]; };
    const uint32_t pw = be32(16), ph = be32(20);
    if (pw == 0 || ph == 0) throw Error(name + ": the image has no pixels (" + std::to_string(pw) + "x" + std::to_string(ph) + ")");
    if (pw > uint32_t(limits.max_side) || ph > uint32_t(limits.max_side))
      throw Error(name + ": " + std::to_string(pw) + "x" + std::to_string(ph) + " pixels is over the limit of " +
                  std::to_string(limits.max_side) + "x" + std::to_string(limits.max_side));
  }
  // The header alone: sizes are checked before stb_image allocates the pixels (its JPEG reader needs a
  // few kilobytes of state for the header).
  g_decode_budget = 1u << 20;
  if (!stbi_info_from_memory(bytes, n, &w, &h, &channels))
    throw Error(name + ": corrupt or truncated " + format + " (" + (stbi_failure_reason() ? stbi_failure_reason() : "?") + ")");
  if (w < 1 || h < 1) throw Error(name + ": the image has no pixels (0x0)");
  if (w > limits.max_side || h > limits.max_side)
    throw Error(name + ": " + std::to_string(w) + "x" + std::to_string(h) + " pixels is over the limit of " +
                std::to_string(limits.max_side) + "x" + std::to_string(limits.max_side));
  // stb's largest blocks: the decoded image at its own channel count (16-bit PNGs twice that) and the
  // inflated PNG rows, each at most 2 x 4 bytes per pixel.
  g_decode_budget = size_t(8) * size_t(w) * size_t(h) + (1u << 20);
  return format;
}

}  // namespace

GrayImage decode_image(const uint8_t* bytes, size_t size, const std::string& name, const ImageLimits& limits) {
  int w = 0, h = 0, channels = 0;
  const char* format = check_image_header(bytes, size, name, limits, w, h, channels);
  const int n = static_cast<int>(size);
  const bool alpha = channels == 2 || channels == 4;
  const int want = alpha ? 2 : 1;  // grey (+ alpha): stb_image converts colour to grey itself
  int got = 0;
  stbi_uc* pixels = stbi_load_from_memory(bytes, n, &w, &h, &got, want);
  if (!pixels)
    throw Error(name + ": corrupt or truncated " + format + " (" + (stbi_failure_reason() ? stbi_failure_reason() : "?") + ")");
  GrayImage img;
  img.width = w, img.height = h;
  img.pixels.resize(size_t(w) * h);
  for (size_t i = 0; i < img.pixels.size(); ++i) {
    const float grey = pixels[i * want] / 255.0f;
    const float a = alpha ? pixels[i * want + 1] / 255.0f : 1.0f;
    img.pixels[i] = grey * a + (1.0f - a);  // over white paper
  }
  stbi_image_free(pixels);
  return img;
}

RgbImage decode_rgb_image(const uint8_t* bytes, size_t size, const std::string& name, const ImageLimits& limits) {
  int w = 0, h = 0, channels = 0;
  const char* format = check_image_header(bytes, size, name, limits, w, h, channels);
  int got = 0;
  stbi_uc* pixels = stbi_load_from_memory(bytes, static_cast<int>(size), &w, &h, &got, 4);
  if (!pixels)
    throw Error(name + ": corrupt or truncated " + format + " (" + (stbi_failure_reason() ? stbi_failure_reason() : "?") + ")");
  RgbImage img;
  img.width = w, img.height = h;
  img.pixels.resize(size_t(w) * h * 3);
  for (size_t i = 0; i < size_t(w) * h; ++i) {
    const float a = pixels[4 * i + 3] / 255.0f;
    for (size_t c = 0; c < 3; ++c) img.pixels[3 * i + c] = pixels[4 * i + c] / 255.0f * a + (1.0f - a);  // over white
  }
  stbi_image_free(pixels);
  return img;
}

RgbImage resize_rgb(const RgbImage& image, int width, int height) {
  if (image.width < 1 || image.height < 1 || width < 1 || height < 1) throw Error("resize: an image with no pixels");
  RgbImage out;
  out.width = width, out.height = height;
  out.pixels.resize(size_t(width) * height * 3);
  if (!stbir_resize_float_generic(image.pixels.data(), image.width, image.height, 0, out.pixels.data(), width, height,
                                  0, 3, STBIR_ALPHA_CHANNEL_NONE, 0, STBIR_EDGE_CLAMP, STBIR_FILTER_BOX,
                                  STBIR_COLORSPACE_LINEAR, nullptr))
    throw Error("image resize failed");
  for (float& v : out.pixels) v = std::clamp(v, 0.0f, 1.0f);
  return out;
}

Vec fit_to_input(const GrayImage& image, ImageFit fit, ImageInvert invert) {
  if (image.width < 1 || image.height < 1) throw Error("the image has no pixels (0x0)");
  const bool flip = invert == ImageInvert::Yes || (invert == ImageInvert::Auto && border_is_light(image));
  std::vector<float> ink(image.pixels);
  if (flip)
    for (float& v : ink) v = 1.0f - v;
  if (fit == ImageFit::Plain) return plain_fit(ink, image.width, image.height, 28);
  // MNIST's way works on the ink; a big photo is first reduced (box filter) so the crop sees no aliasing.
  int w = image.width, h = image.height;
  if (std::max(w, h) > 256) {
    const double s = 256.0 / std::max(w, h);
    const int dw = std::max(1, int(w * s + 0.5)), dh = std::max(1, int(h * s + 0.5));
    ink = resize(ink, w, h, dw, dh);
    w = dw, h = dh;
  }
  return mnist_from_drawing(ink.data(), w, h).pixels;
}

Vec image_file_to_input(const uint8_t* bytes, size_t size, const std::string& name, ImageFit fit, ImageInvert invert,
                        const ImageLimits& limits) {
  return fit_to_input(decode_image(bytes, size, name, limits), fit, invert);
}

size_t largest_decoder_request() { return g_largest_request; }
void reset_largest_decoder_request() { g_largest_request = 0; }

ImageFit parse_image_fit(const std::string& text) {
  if (text == "mnist") return ImageFit::Mnist;
  if (text == "plain") return ImageFit::Plain;
  throw Error("image fit '" + text + "' is not one of: mnist, plain");
}

ImageInvert parse_image_invert(const std::string& text) {
  if (text == "auto") return ImageInvert::Auto;
  if (text == "yes") return ImageInvert::Yes;
  if (text == "no") return ImageInvert::No;
  throw Error("invert '" + text + "' is not one of: auto, yes, no");
}

}  // namespace ae
