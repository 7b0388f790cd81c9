// Lessons: one per topic of the autoencoder curriculum. lesson=NAME in the URL sets the model, the noise, the
// layout and the panels (later URL parameters still override them), and the page shows the caption: what to
// look at, and which loss the model minimised. web/lessons.html lists them for course authors.
#pragma once
#include <string>
#include <vector>

#include "core/url_params.h"

namespace aeplay {

struct Lesson {
  const char* name;     // lesson=NAME
  const char* title;
  const char* model;    // a shipped model id
  const char* noise;    // as parse_noise reads it: "none", "gaussian:0.5", ...
  Layout layout;
  Panels panels;
  const char* train_preset;  // the Train panel's family when the lesson is about training one ("" = keep)
  const char* caption;  // plain text: what to look at; the loss as a plain-text formula
  const char* lab = "";  // a 2-D lab lesson: the lab's URL parameters ("lab=spiral&family=plain&..."); "" = digits
};

const std::vector<Lesson>& lessons();
const Lesson* find_lesson(const std::string& name);  // nullptr if there is none of that name
// Applies the lesson's settings (model, noise, layout, panels) to `s`.
void apply_lesson(const Lesson& lesson, PageSettings& s);
// [{"name", "title", "caption", "query"}, ...]: what web/lessons.html shows (query: the iframe's URL query).
std::string lessons_json();

}  // namespace aeplay
