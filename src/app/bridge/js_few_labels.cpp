// JS API: the few-labels lesson (aeplay.fewLabels(), trainFewLabels(N, steps)): the two classifiers of the
// current model trained on N labelled test digits (core/few_labels.h), for tests and course pages.
#include <string>

#include "bridge/bridge.h"

using aeplay::web::app;
using aeplay::web::give;
using aeplay::web::give_json;
using nlohmann::json;

namespace {
json side_json(const aeplay::FewLabelsSide& s) {
  return {{"loss", aeplay::web::number(s.loss)}, {"accuracy", s.accuracy}, {"confusion", s.confusion}};
}
}  // namespace

// {state (idle, running, done, failed), labels, step, steps, scoring, remote, failure, drawn (the panel showed
//  the results),
//  finetuned {loss, accuracy (-1 until scored), confusion (10 x 10, row: true digit)}, scratch {...}}
const char* aeplay_few_labels_json() {
  const aeplay::FewLabels& f = app().few_labels;
  const aeplay::FewLabelsReport& r = f.report();
  return give_json(json{{"state", aeplay::to_string(r.state)},
                        {"labels", f.settings().labels},
                        {"step", r.step},
                        {"steps", r.steps},
                        {"scoring", r.scoring},
                        {"remote", f.remote()},
                        {"failure", r.failure},
                        {"drawn", f.results_drawn},
                        {"finetuned", side_json(r.finetuned)},
                        {"scratch", side_json(r.scratch)}});
}

// Trains both classifiers on `labels` labelled digits for `steps` steps each (0: the default): "" or why not.
const char* aeplay_few_labels_train(int labels, int steps) {
  aeplay::FewLabelsSettings s = app().few_labels.form;
  s.labels = labels;
  if (steps > 0) s.steps = steps;
  app().few_labels.form = s;
  const std::string err = app().start_few_labels(s);
  app().ui.latent.few_labels_scroll = err.empty();  // the results will be scrolled into view
  return give(err);
}
