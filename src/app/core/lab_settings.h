// The 2-D lab's settings (core/lab.h): the data, the model, its training and the plot's views, as the URL
// (view=lab, lab=SHAPE, family=, code=, sigma=, lambda=, points=, datanoise=, views=), a lesson and the lab's
// panel choose them.
#pragma once
#include <string>
#include <vector>

#include "lab_models.h"
#include "toy_data.h"

namespace aeplay {

// Which views the plot shows (views= in the URL: a comma-separated list of these names).
struct LabViewToggles {
  bool points = true, pca = false, projections = false, curve = true, segments = true, field = false, jacobian = false,
       spread = false;
  bool operator==(const LabViewToggles& o) const;
};
std::string to_string(const LabViewToggles& v);                      // "points,curve,segments" or "none"
bool parse_lab_views(const std::string& text, LabViewToggles& out);  // false: an unknown name

// What the URL, a lesson and the lab's panel choose.
struct LabSettings {
  ae::ToyDataSpec data{ae::ToyShape::Spiral, 600, 0.03f, 1, 0.3f};
  bool drawn = false;         // the points follow the user's stroke instead of data.shape
  std::vector<float> stroke;  // the stroke's vertices x0,y0,x1,y1,... (plot coordinates)
  ae::LabModelSpec model;
  ae::LabTrainSpec train{10000, 32, 0.01f, 1};  // long enough to watch (~20 s for 600 points)
  LabViewToggles views;
};

// One URL parameter of the lab: returns "" when it applied, the reason when its value is bad; `known` tells
// whether `key` is one of the lab's at all.
std::string apply_lab_param(const std::string& key, const std::string& value, LabSettings& s, bool& known);
// The lab's URL parameters for `s` ("&lab=spiral&family=dae&..."), as apply_lab_param reads them back.
std::string lab_query(const LabSettings& s);

}  // namespace aeplay
