// An RGB raster for the CLI's PNG plots (written with stb_image_write): dots, filled boxes, straight lines of a
// given width and text by stb_easy_font. Shared by the rate-distortion plot and the 2-D lab's picture.
#pragma once
#include <string>
#include <vector>

namespace cli {

struct Canvas {
  Canvas(int width, int height);
  int w, h;
  std::vector<unsigned char> px;  // w x h x 3, white to begin with
  void dot(int x, int y, const unsigned char* c);
  // A translucent dot: c blended over what is there with weight alpha in [0, 1].
  void blend(int x, int y, const unsigned char* c, float alpha);
  void box(int x0, int y0, int x1, int y1, const unsigned char* c);
  void line(double x0, double y0, double x1, double y1, const unsigned char* c, int width = 2);
  void text(int x, int y, const std::string& s, const unsigned char* c);  // quads from stb_easy_font, 1:1
  void write_png(const std::string& path) const;                          // throws ae::Error when it cannot
};

}  // namespace cli
