// Screen-reader and keyboard access (issue 13). The app draws its UI as pixels on one canvas, which assistive
// technology cannot read, so this adds, beside it:
// - a polite live region (#a11y-live) that says in words what changed: the input, the noise and its level,
//   the model, the reconstruction's error next to the corrupted input's, and training progress; at each of
//   the module's change events (web/changes.js) it reads aeplay.state() and announces what differs from what
//   it said last (debounced, training throttled);
// - the HTML control strip (#a11y in index.html): digit, random digit, noise type and level, model and
//   train/pause as real form controls that call window.aeplay and follow state() when the canvas changes things;
// - keyboard shortcuts on the document (only seen while this page or frame has focus: host pages keep theirs).
import { api } from './page.js';
import { noiseKind, pixelNoises } from './facts.js';
import { onChange } from './changes.js';

const $ = (id) => document.getElementById(id);
const strip = $('a11y'), live = $('a11y-live');
const el = {
  digit: $('a11y-digit'), random: $('a11y-random'), noise: $('a11y-noise'), level: $('a11y-level'),
  levelLabel: $('a11y-level-label'), levelValue: $('a11y-level-value'), model: $('a11y-model'), dataset: $('a11y-dataset'),
  train: $('a11y-train'), trainStatus: $('a11y-train-status'), keys: $('a11y-keys'),
};

const reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const DEBOUNCE_MS = reducedMotion ? 1000 : 400;        // quiet time before a change is announced
const TRAIN_EVERY_MS = reducedMotion ? 10000 : 3000;   // training progress at most this often
const TRAIN_RUN = { preset: 'undercomplete', images: 5000, epochs: 2 };  // what Train / 't' starts

// --- words for the state ---------------------------------------------------------------------------
// The noise kinds, their ranges, slider ends and steps are the engine's (web/facts.js: ae::kNoiseKinds); the
// strip keeps only its words and its first level per type (the level each type starts at when switched to).
const NOISE_NAMES = { none: 'none', gaussian: 'Gaussian', mask: 'masking', saltpepper: 'salt-and-pepper', dropout: 'dropout' };
const noiseName = (type) => NOISE_NAMES[type] || noiseKind(type).label;
const maxLevel = (type) => noiseKind(type).sliderMax;  // as the canvas' slider (ui/input_panels.cpp)
const lastLevel = { gaussian: 0.5, mask: 0.5, saltpepper: 0.2, dropout: 0.3 };  // per type, for switching
const capitalised = (word) => word.charAt(0).toUpperCase() + word.slice(1);
const round2 = (x) => Math.round(x * 100) / 100;
const fmtLevel = (x) => round2(x).toFixed(2);

function parseNoise(spec) {
  const [type, level] = String(spec || 'none').split(':');
  return { type: pixelNoises().includes(type) ? type : 'none', level: Number(level) || 0 };
}
// The degradations (a hole, a hidden half, low resolution) are set on the canvas or through the API; the
// strip's own controls stay with the pixel noises, but what is shown is always said.
const DEGRADATIONS = {
  block: (v) => `A ${v} by ${v} pixel square hidden`,
  half: (v) => `The ${v} half hidden`,
  down: (v, how) => `Low resolution, ${28 / Number(v)} by ${28 / Number(v)} pixels, ${how === 'nearest' ? 'nearest' : 'bilinear'} upsampling`,
};
function noiseText(spec) {
  const [kind, value, how] = String(spec || 'none').split(':');
  if (DEGRADATIONS[kind]) return DEGRADATIONS[kind](value, how);
  const n = parseNoise(spec);
  if (n.type === 'none') return 'No noise';
  return `${noiseName(n.type)} noise, ${noiseKind(n.type).levelName} ${fmtLevel(n.level)}`;
}
function inputText(s, prediction) {
  if (s.source === 'test' && (s.dataset || 'mnist') === 'mnist') return `Test digit ${s.digit} of ${s.testImages || 10000}, label ${s.label}`;
  if (s.source === 'test') return `${s.datasetTitle} test image ${s.digit} of ${s.testImages}, ${s.className}`;
  if (s.source === 'image') return 'An image set by the page';
  return prediction >= 0 ? `Your drawing, which the latent probe takes for a ${prediction}` : 'Your drawing';
}
const num = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const psnr = (x) => (x === null || x === undefined || x === Infinity || (Number.isFinite(x) && x > 99) ? 'infinite' : `${num(x, 1)} dB`);
function resultText(m) {
  if (!m) return '';
  return `Reconstruction: squared error ${num(m.reconstructionMse, 4)} per pixel, PSNR ${psnr(m.reconstructionPsnr)}; ` +
         `corrupted input: ${num(m.corruptedMse, 4)}, PSNR ${psnr(m.corruptedPsnr)}`;
}
function trainingText(t) {
  const ep = `epoch ${Math.min(t.epoch + 1, Math.max(t.epochs, 1))} of ${t.epochs}`;
  switch (t.state) {
    case 'running': return `Training, ${ep}, loss ${num(t.runningLoss, 4)}`;
    case 'paused': return `Training paused at ${ep}, loss ${num(t.runningLoss, 4)}`;
    case 'done': {
      const h = (t.history && t.history.epochs) || [];
      const last = h[h.length - 1];
      return `Training done after ${t.epochs} epochs` + (last ? `, test loss ${num(last[2], 4)}` : '');
    }
    case 'failed': return `Training failed${t.failure ? ': ' + t.failure : ''}`;
    default: return '';
  }
}

// --- the live region ---------------------------------------------------------------------------------
const said = {};            // part -> text last announced
let lastSnapshot = '', quietSince = 0, lastTrainAt = 0, trainPending = false;
let starting = false;       // Train pressed, the training set is loading
function announce(text) {
  if (!text) return;
  // The same words twice would not be read again: make the second one differ invisibly.
  live.textContent = text === live.textContent ? text + '\u00a0' : text;
}

function describe(s) {
  let prediction = -1;
  if (s.source !== 'test') {
    try { prediction = api.latent().prediction; } catch (e) { prediction = -1; }
  }
  return {
    input: inputText(s, prediction), noise: noiseText(s.noise), seed: `noise seed ${s.seed}`,
    model: `Model: ${s.modelLabel || s.model || 'none'}`, result: resultText(s.metrics),
  };
}

function update() {
  let s;
  try { s = api.state(); } catch (e) { return; }
  syncControls(s);
  const now = performance.now();
  const cur = describe(s);
  const t = s.training || { state: 'idle' };
  const running = t.state === 'running';
  // While a model trains its reconstruction changes all the time: that is training progress, not a change.
  const keys = ['input', 'noise', 'seed', 'model'].concat(running ? [] : ['result']);
  const changed = keys.filter((k) => cur[k] !== said[k]);
  const snap = keys.map((k) => cur[k]).join('|');
  if (snap !== lastSnapshot) { lastSnapshot = snap; quietSince = now; }
  const parts = [];
  if (changed.length && now - quietSince >= DEBOUNCE_MS) {
    for (const k of ['input', 'noise', 'seed', 'model']) if (changed.includes(k)) parts.push(cur[k]);
    if (!running) parts.push(cur.result);  // the result follows any change of what it depends on
    for (const k of keys) said[k] = cur[k];
  }
  // Training: a new state (running, paused, done, failed) at once, progress at most every TRAIN_EVERY_MS.
  const tText = trainingText(t);
  if (t.state !== said.trainState) {
    if (t.state !== 'idle' || said.trainState) parts.push(tText || 'Training stopped');
    said.trainState = t.state; said.train = tText; lastTrainAt = now; trainPending = false;
  } else if (running && tText !== said.train) {
    trainPending = true;
    if (now - lastTrainAt >= TRAIN_EVERY_MS) { parts.push(tText); said.train = tText; lastTrainAt = now; trainPending = false; }
  }
  if (parts.length) announce(parts.filter(Boolean).join('. ') + '.');
}

// The changes the strip reads the state for: not every batch of a model that trains (its weights change each
// time), only its epochs, at most every TRAIN_EVERY_MS its progress, and everything else it says or shows.
let progressAt = 0;
function followed(c, b) {
  if (!b || c.input !== b.input || c.corruption !== b.corruption || c.modelEpoch !== b.modelEpoch ||
      c.testSet !== b.testSet || c.dataset !== b.dataset || c.models !== b.models || c.loaded !== b.loaded ||
      c.training !== b.training || c.prediction !== b.prediction || (c.training !== 'running' && c.model !== b.model)) {
    return true;
  }
  if (c.batches === b.batches || performance.now() - progressAt < TRAIN_EVERY_MS) return false;
  progressAt = performance.now();
  return true;
}

// --- the control strip: mirrored with the canvas -------------------------------------------------------
// The noise select offers the engine's pixel noises, in its order.
function fillNoises() {
  const types = pixelNoises();
  if (Array.from(el.noise.options).map((o) => o.value).join('|') === types.join('|')) return;
  el.noise.textContent = '';
  for (const type of types) {
    const o = document.createElement('option');
    o.value = type;
    o.textContent = noiseName(type);
    el.noise.appendChild(o);
  }
}
let catalogIds = [];
function fillModels(s) {
  const ids = [];
  const add = (id) => { if (id && !ids.includes(id)) ids.push(id); };
  catalogIds.forEach(add);
  (s.models || []).forEach(add);
  add(s.model);
  const have = Array.from(el.model.options).map((o) => o.value);
  if (have.join('|') === ids.join('|')) return;
  const labels = {};
  try { for (const m of api.catalog()) labels[m.id] = m.label; } catch (e) { /* labels fall back to ids */ }
  el.model.textContent = '';
  for (const id of ids) {
    const o = document.createElement('option');
    o.value = id;
    o.textContent = id === 'trained' ? 'your trained model' : (labels[id] || (id === s.model && s.modelLabel) || id);
    el.model.appendChild(o);
  }
}

let synced = {};  // what the controls last showed from state(): only changes from elsewhere overwrite them
function syncControls(s) {
  fillModels(s);
  // A new digit (from here, the canvas or the API) is shown at once; otherwise a half-typed value is left alone.
  if (s.digit !== synced.digit || (document.activeElement !== el.digit && el.digit.value !== String(s.digit))) {
    el.digit.value = String(s.digit);
  }
  const n = parseNoise(s.noise);
  if (n.type !== 'none') lastLevel[n.type] = n.level;
  if (s.noise !== synced.noise) {
    el.noise.value = n.type;
    showLevel(n.type, n.type === 'none' ? lastLevel.gaussian : n.level);
  }
  if (s.model !== synced.model) el.model.value = s.model;
  if (el.dataset && s.dataset !== synced.dataset) el.dataset.value = s.dataset;
  const t = s.training || { state: 'idle' };
  setText(el.train, starting ? 'Starting…' : t.state === 'running' ? 'Pause training'
    : t.state === 'paused' ? 'Resume training' : 'Train a small model');
  el.train.setAttribute('aria-disabled', starting ? 'true' : 'false');
  setText(el.trainStatus, starting ? 'loading the training set' : trainingText(t));
  synced = { digit: s.digit, noise: s.noise, model: s.model, dataset: s.dataset };
}
function setText(node, text) { if (node.textContent !== text) node.textContent = text; }
function showLevel(type, level) {
  const none = type === 'none';
  const k = noiseKind(none ? 'gaussian' : type);
  el.level.min = String(k.min);
  el.level.max = String(k.sliderMax);
  el.level.step = String(k.step);
  el.level.value = String(level);
  el.level.disabled = none;
  el.levelLabel.textContent = none ? 'Level' : capitalised(k.levelName);
  el.levelValue.textContent = none ? 'off' : fmtLevel(level);
}

function setNoise(type, level) {
  if (type === 'none') { api.setNoise('none', 0); return; }
  const l = Math.min(maxLevel(type), Math.max(noiseKind(type).min, round2(level)));
  lastLevel[type] = l;
  api.setNoise(type, l);
}
const current = () => parseNoise(api.state().noise);
function loadDigit(i) {
  const n = ((Math.round(i) % 10000) + 10000) % 10000;
  api.loadDigit(n);
}
async function toggleTraining() {
  const t = api.training();
  if (starting) return;
  if (t.state === 'running') return api.pauseTraining();
  if (t.state === 'paused') return api.resumeTraining();
  starting = true;
  announce('Loading the training set, then training a small undercomplete autoencoder for ' + TRAIN_RUN.epochs + ' epochs.');
  try {
    await api.trainFamily(TRAIN_RUN);
  } catch (e) {
    announce('Could not start training: ' + (e && e.message || e));
  } finally {
    starting = false;
  }
}
function setPinned(on) {
  strip.classList.toggle('pinned', on);
  if (on) { el.keys.open = true; if (!strip.contains(document.activeElement)) el.digit.focus(); }
}

function wireControls() {
  el.digit.addEventListener('input', () => {
    const v = el.digit.value.trim();
    if (/^\d{1,4}$/.test(v)) api.loadDigit(Number(v));
  });
  el.digit.addEventListener('change', () => {  // out of range or empty: back to the shown digit
    if (!/^\d{1,4}$/.test(el.digit.value.trim())) el.digit.value = String(api.state().digit);
  });
  el.random.addEventListener('click', () => api.randomDigit());
  el.noise.addEventListener('change', () => {
    const type = el.noise.value;
    setNoise(type, type === 'none' ? 0 : lastLevel[type]);
  });
  el.level.addEventListener('input', () => {
    const type = el.noise.value;
    if (type !== 'none') setNoise(type, Number(el.level.value));
    el.levelValue.textContent = fmtLevel(Number(el.level.value));
  });
  el.model.addEventListener('change', () => {
    const id = el.model.value;
    if (id === 'trained' || !catalogIds.includes(id)) api.selectModel(id);
    else api.loadModel(id).catch(() => {});  // a failure is shown (and announced) as a notice
  });
  el.train.addEventListener('click', () => { toggleTraining(); });
  if (el.dataset) el.dataset.addEventListener('change', () => { try { api.setDataset(el.dataset.value); } catch (e) { /* a notice says why */ } });
}

// --- keyboard shortcuts --------------------------------------------------------------------------------
const ACTIONS = {
  c: () => api.clearDrawing(),
  z: () => api.undo(),
  r: () => api.randomDigit(),
  ']': () => loadDigit(api.state().digit + 1),
  '[': () => loadDigit(api.state().digit - 1),
  n: () => cycleNoise(1),
  N: () => cycleNoise(-1),
  '+': () => stepLevel(1), '=': () => stepLevel(1), '-': () => stepLevel(-1), _: () => stepLevel(-1),
  s: () => api.setSeed(api.state().seed + 1),
  t: () => { toggleTraining(); },
  '?': () => setPinned(!strip.classList.contains('pinned')),
};
function cycleNoise(dir) {
  const types = pixelNoises();
  const i = types.indexOf(current().type);
  const type = types[(i + dir + types.length) % types.length];
  setNoise(type, type === 'none' ? 0 : lastLevel[type]);
}
function stepLevel(dir) {
  const n = current();
  if (n.type === 'none') return;
  setNoise(n.type, n.level + dir * noiseKind(n.type).step);
}
// Keys typed into a field keep their meaning: nothing in text-like inputs, selects (type-ahead) and the
// digit field, except '[' / ']' there; on our buttons, range and summary a letter means nothing, so it is ours.
function ignoredTarget(target, key) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA') return true;
  if (tag === 'SELECT') return key.length === 1 && key !== '?' ;
  if (tag === 'INPUT') {
    if (target === el.digit) return !(key === '[' || key === ']' || key === '?');
    if (target === el.level) return false;
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset'].includes(target.type);
  }
  return false;
}
function onKey(e) {
  if (e.isComposing || e.altKey) return;
  if (e.key === 'Escape' && strip.classList.contains('pinned')) {
    setPinned(false);
    if (strip.contains(document.activeElement)) document.getElementById('canvas').focus();
    return;
  }
  let key = e.key;
  if (e.ctrlKey || e.metaKey) {
    if (key.toLowerCase() !== 'z' || e.shiftKey) return;  // Ctrl+Z / Cmd+Z is undo; nothing else with them
    key = 'z';
  } else if (key.length === 1 && key !== 'N' && /[A-Z]/.test(key)) {
    return;  // Shift+letter (other than N) is not a shortcut
  }
  const action = ACTIONS[key];
  if (!action || ignoredTarget(e.target, key)) return;
  if (!api.module) return;
  e.preventDefault();
  try { action(); } catch (err) { announce(String(err && err.message || err)); }
  setTimeout(update, 0);  // the controls follow at once (the announcement stays debounced)
}

// The strip, the live region and the shortcuts (main.js calls it).
export function startA11y() {
  if (!strip || !live) return;
  wireControls();
  document.addEventListener('keydown', onKey);
  api.ready.then(() => {
    fillNoises();
    try { catalogIds = api.catalog().map((m) => m.id); } catch (e) { catalogIds = []; }
    update();
    // At each change the controls follow; once it has been quiet for DEBOUNCE_MS, the words.
    let quiet = null;
    onChange((c, before) => {
      if (!followed(c, before)) return;
      update();
      clearTimeout(quiet);
      quiet = setTimeout(update, DEBOUNCE_MS + 10);
    });
  }, () => { strip.hidden = true; });
}
