// A line plot written as a PNG with stb_image_write: log2 x axis, linear y axis, one coloured polyline
// per series with its label in a legend (text by stb_easy_font). Made for rate-distortion curves.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace cli {

struct PlotSeries {
  std::string label;
  unsigned char rgb[3];
  std::vector<std::pair<double, double>> points;  // (x > 0, y), drawn in the order given
};

void write_line_plot(const std::string& path, const std::vector<PlotSeries>& series, const std::string& x_label,
                     const std::string& y_label);

}  // namespace cli
