// What each lesson (src/app/core/lessons.cpp) counts as done: the task its caption sets, as a condition the page
// checks (a SCORM package reports "completed" once it holds: web/scorm.js; docs/teachers-and-embedding.md lists
// them). One row per lesson name; a lesson without a row counts as done once the student has looked at five
// test digits or changed the noise (DEFAULT). Each condition gets the page's API (window.aeplay) and what the
// page has seen this session: seen.digits (test digits shown), seen.levels (noise levels set, 'kind:level').
const noiseOf = (api) => {
  const m = /^(\w+):([0-9.]+)/.exec(api.state().noise || '');
  return m ? { kind: m[1], level: Number(m[2]) } : { kind: 'none', level: 0 };
};
const levelAtLeast = (kind, level) => (api) => {
  const n = noiseOf(api);
  return n.kind === kind && n.level >= level - 1e-6 && api.state().metrics.reconstructionMse !== null;
};
const panelOpen = (api, panel) => String(api.layout().panels).split(',').includes(panel);
const digits = (n) => (api, seen) => seen.digits.size >= n;
const insideAndDigits = (n) => (api, seen) => panelOpen(api, 'inside') && seen.digits.size >= n;
const trained = (api) => api.training().state === 'done';
// The 2-D lab: a model trained long enough for its views to settle (a few weight snapshots drawn).
const labTrained = (api) => { const l = api.lab(); return l.open && l.snapshots >= 5; };
const labTrainedAndProbed = (api, seen) => {
  const l = api.lab();
  if (l.open && l.probe && l.probe.active) seen.probed = true;
  return labTrained(api) && seen.probed === true;
};
const tangentsOfDigits = (n) => (api, seen) => {
  const t = api.inside().tangents;
  seen.tangentDigits = seen.tangentDigits || new Set();
  if (t && t.drawn && t.valid) seen.tangentDigits.add(api.state().digit);
  return seen.tangentDigits.size >= n;
};
// Search by code: results shown (the tab computes them only while drawn) for n different digits.
const searchedDigits = (n) => (api, seen) => {
  seen.searchDigits = seen.searchDigits || new Set();
  if (panelOpen(api, 'inside') && api.search().valid) seen.searchDigits.add(api.state().digit);
  return seen.searchDigits.size >= n;
};

export const TASKS = {
  bottleneck: { task: 'compare the input and the reconstruction of 5 different digits', done: digits(5) },
  pca: { task: 'compare the reconstructions of 5 different digits', done: digits(5) },
  overcomplete: { task: 'train a model to the end', done: trained },
  'sparse-l1': { task: "look at the code of 3 digits in 'Inside the model'", done: insideAndDigits(3) },
  'sparse-kl': { task: "look at the code of 3 digits in 'Inside the model'", done: insideAndDigits(3) },
  'denoising-gaussian': { task: 'raise the Gaussian noise level to 0.8 or more', done: levelAtLeast('gaussian', 0.8) },
  'denoising-mask': { task: 'raise the masked fraction to 0.8 or more, until the reconstruction breaks',
                      done: levelAtLeast('mask', 0.8) },
  'denoising-saltpepper': { task: 'raise the salt-and-pepper fraction to 0.4 or more',
                            done: levelAtLeast('saltpepper', 0.4) },
  'denoising-dropout': { task: 'raise the dropout rate to 0.6 or more', done: levelAtLeast('dropout', 0.6) },
  contractive: { task: 'try 3 different Gaussian noise levels',
                 done: (api, seen) => [...seen.levels].filter((l) => l.startsWith('gaussian:')).length >= 3 },
  'vae-sampling': { task: "open 'Inside the model' and look at 3 digits", done: insideAndDigits(3) },
  'vae-plane': { task: 'click on the latent map to decode a point of your choice',
                 done: (api) => { const d = api.latent().decodePoint; return Array.isArray(d) && d.length > 0; } },
  conv: { task: 'compare the reconstructions of 5 different digits', done: digits(5) },
  stacked: { task: "look at the filters and codes of 3 digits in 'Inside the model'", done: insideAndDigits(3) },
  'digit-tangents': { task: "look at the tangent images of 3 different digits in 'Inside the model'",
                      done: tangentsOfDigits(3) },
  'manifold-pca': { task: "train the autoencoder on the spiral and compare its curve with PCA's line",
                    done: labTrained },
  'dae-field': { task: 'train the denoising model, then press a point on the plot to see its arrow',
                 done: labTrainedAndProbed },
  'cae-tangent': { task: "train the contractive model and look at its directions along the circle",
                   done: labTrained },
  'search-by-code': { task: "search from 3 different digits in 'Inside the model', Search",
                      done: searchedDigits(3) },
  likelihood: { task: 'compare how likely 5 different test digits are', done: digits(5) },
  'few-labels': { task: 'train the fine-tuned and the from-scratch classifier and compare their accuracies',
                  done: (api) => api.fewLabels().state === 'done' },
};
export const DEFAULT = { task: 'look at 5 different test digits or change the noise',
                         done: (api, seen) => seen.digits.size >= 5 || seen.levels.size >= 2 };
export const taskOf = (lesson) => TASKS[lesson] || DEFAULT;

// Follows the page (its change events) and calls onDone() once the lesson's condition holds.
export function watchTask(api, lesson, onChange, onDone) {
  const seen = { digits: new Set(), levels: new Set() };
  const task = taskOf(lesson);
  let finished = false;
  const look = () => {
    if (finished) return;
    const s = api.state();
    if (s.source !== 'drawing') seen.digits.add(s.digit);
    seen.levels.add(String(s.noise));
    let done = false;
    try { done = task.done(api, seen); } catch (e) { done = false; }  // e.g. no latent panel in this build
    if (done) {
      finished = true;
      off();
      onDone();
    }
  };
  const off = onChange(look);
  look();
  return task;
}
