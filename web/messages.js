// The page side of the message API (docs/javascript-api.md): when aeplay runs in an <iframe>, its parent page,
// whatever its origin, drives it with postMessage:
//   request  {aeplay: 1, id, method, args}   ->   reply {aeplay: 1, id, result} or {aeplay: 1, id, error}
//   events   {aeplay: 1, event: 'ready' | 'failed' | 'change' | 'training' | 'height', data}
// and the page tells the parent the height its layout needs: the 'height' event, the H5P resizer's protocol
// (h5p-resizer.js) and Canvas/Moodle's {subject: 'lti.frameResize', height}.
// Every request is checked like a URL parameter before anything runs: a fixed table of methods (no eval, no
// property paths), each argument's type and range, and a size limit; a bad request gets an error reply and
// changes nothing. web/aeplay-embed.js is the course page's side (promises, events, iframe resizing).
import { LIMITS, refuse, own, describe, isPlainObject, int, finite, bool, str, oneOf, noiseLevel, noiseType, noiseSpec,
  batchSize, layers, options, strokes, panels, checkSize } from './message-checks.js';
import { makeResize } from './embed-resize.js';
import { api } from './page.js';
import { onChange, lastChange } from './changes.js';

const PROTOCOL = 1;

// --- allow=ORIGIN,...: which parent origins are answered (the C++ URL parser reports a bad value) --------
// The same rule as src/app/core/url_params.cpp (valid_origin): "*" or http(s)://host[:port], up to 8.
// A malformed allow= answers no one (fail closed): a typo must not open the page to every origin.
const allowed = (function () {
  const values = new URLSearchParams(location.search).getAll('allow');
  if (!values.length) return null;  // any origin
  const list = new Set();
  for (const value of values) {
    const parts = value.split(',');
    if (parts.length > 8) return new Set();
    for (const o of parts) {
      if (o === '*') { list.add('*'); continue; }
      const m = /^(https?):\/\/([A-Za-z0-9.\-:[\]]{1,200})$/.exec(o);
      let origin = null;
      try { origin = m && new URL(o).origin; } catch (e) { origin = null; }
      if (!origin || origin === 'null') return new Set();
      list.add(origin);  // normalised: lower case, default port dropped, like MessageEvent.origin
    }
  }
  return list.has('*') ? null : list;
})();
const originAllowed = (origin) => allowed === null || allowed.has(origin);

// Where events go. With allow=, only to the parent's origin, and only once it is known to be allowed (the
// browser then refuses to deliver them to any other document); without allow=, to any origin.
let parentOrigin = null;  // learnt from the first accepted request
function eventTarget() {
  if (allowed === null) return '*';
  let o = parentOrigin;
  if (!o && location.ancestorOrigins && location.ancestorOrigins.length) o = location.ancestorOrigins[0];
  if (!o && document.referrer) { try { o = new URL(document.referrer).origin; } catch (e) { o = null; } }
  return o && allowed.has(o) ? o : null;
}
function toParent(message) {
  const target = eventTarget();
  if (!target) return;
  try { window.parent.postMessage(message, target); } catch (e) { /* a result that cannot be cloned: dropped */ }
}
const postEvent = (event, data) => toParent({ aeplay: PROTOCOL, event, data });

// The presets the Train panel offers, as the module lists them (ae::Preset::trains_in_page).
const pagePreset = (v, what) => oneOf(api.presets())(v, what);
const testIndex = (v, what) => int(0, Math.max(0, (api.state().testImages || 10000) - 1))(v, what);
const catalogId = (v, what) => {
  const ids = api.catalog().map((m) => m.id);
  return typeof v === 'string' && ids.includes(v) ? v : refuse(`${what} must be a model of the catalog (${ids.join(', ')}), not ${describe(v)}`);
};

// --- the methods: a fixed table ----------------------------------------------------------------------
// params: [[checker, optional]]; run gets the checked arguments. Only names listed here can be called.
const METHODS = Object.create(null);
const def = (name, params, run, early = false) => { METHODS[name] = Object.freeze({ params, run, early }); };
const none = [];
// hello: answered at once (also before the page has started): who is here, and is it ready.
def('hello', none, () => hello(), true);
def('state', none, () => api.state());
def('getMetrics', none, () => api.getMetrics());
def('getArrays', none, () => api.getArrays());  // Float32Array(784) each, structured-cloned as such
def('setNoise', [[noiseType], [null, true]], (type, level) => api.setNoise(type, type === 'none' ? 0 : level));
def('setSeed', [[int(0, Number.MAX_SAFE_INTEGER)]], (seed) => api.setSeed(seed));
def('loadDigit', [[testIndex]], (i) => api.loadDigit(i));
def('randomDigit', none, () => api.randomDigit());
def('draw', [[strokes]], (s) => api.draw(s));
def('clearDrawing', none, () => api.clearDrawing());
def('undo', none, () => api.undo());
def('models', none, () => api.models());
def('modelsLoaded', none, () => Promise.resolve(api.modelsLoaded).then(() => api.models()));
def('catalog', none, () => api.catalog());
def('selectModel', [[str(200)]], (id) => api.selectModel(id));
def('loadModel', [[catalogId]], (id) => api.loadModel(id));
// Calls of the JS API that newer pages have (a fixed name from this table, never from a message).
const optional = (name) => (...args) => {
  if (typeof api[name] !== 'function') throw new Error(`${name}: not available in this version of aeplay`);
  return api[name](...args);
};
def('layout', none, optional('layout'));  // {width, height, contentHeight, views: {name: {x, y, w, h}}, ...}
def('setLayout', [[oneOf(['auto', 'strip', 'full', 'stack'])], [panels, true]], optional('setLayout'));
def('theme', none, optional('theme'));
def('setTheme', [[oneOf(['auto', 'light', 'dark'])]], optional('setTheme'));
def('setDataset', [[oneOf(['mnist', 'fashion', 'mine'])]], optional('setDataset'));
def('lessons', none, optional('lessons'));
def('exportModel', [[oneOf(['aep', 'safetensors', 'npz', 'onnx']), true]], optional('exportModel'));  // a Uint8Array
def('frameCount', none, () => api.frameCount());
def('loadTrainingSet', none, () => api.loadTrainingSet());
// Ranges as the engine checks them (docs/hardening-and-faults.md); the memory budget is left to the page, which
// refuses a run over it with its usual notice and the same message in the error reply.
const common = { batch: batchSize, images: int(1, 60000), epochs: int(1, 100000) };
const lr = (v, what) => (finite(0, 10)(v, what) > 0 ? v : refuse(`${what} must be in (0, 10], not 0`));
def('train', [[options({ layers, noise: (v, w) => noiseSpec(v, w, false), lr, ...common }), true]],
    (o) => api.train(o || {}));
// trainFamily: lr 0 and noise '' keep the preset's.
def('trainFamily', [[options({ preset: pagePreset, code: int(1, 65536), noise: (v, w) => noiseSpec(v, w, true),
                               lr: finite(0, 10), ...common }), true]], (o) => api.trainFamily(o || {}));
def('training', none, () => api.training());
def('pauseTraining', none, () => api.pauseTraining());
def('resumeTraining', none, () => api.resumeTraining());
def('inside', none, () => api.inside());
def('showInside', [[bool, true]], (open) => api.showInside(open));
def('sample', [[int(1, 1024), true], [int(0, Number.MAX_SAFE_INTEGER), true]], (n, seed) => api.sample(n, seed));
def('latent', none, () => api.latent());
def('showLatent', [[bool, true]], (open) => api.showLatent(open));
def('decodeAt', [[finite(-1e6, 1e6)], [finite(-1e6, 1e6)]], (x, y) => api.decodeAt(x, y));
def('setTraversal', [[int(0, 65535)], [finite(-1e6, 1e6)]], (dim, value) => api.setTraversal(dim, value));
def('interpolate', [[int(-1, 9999)], [int(-1, 9999)]], (a, b) => api.interpolate(a, b));
def('latentArrays', none, () => api.latentArrays());
Object.freeze(METHODS);
const METHOD_NAMES = Object.freeze(Object.keys(METHODS));

function checkArgs(name, args) {
  const { params } = METHODS[name];
  if (args.length > params.length) {
    refuse(`${name} takes ${params.length ? 'at most ' + params.length : 'no'} argument${params.length === 1 ? '' : 's'}, not ${args.length}`);
  }
  if (name === 'setNoise') {  // the level's range depends on the type
    const type = noiseType(args[0], 'setNoise: type');
    if (type !== 'none') noiseLevel(type, args[1], 'setNoise: level');
    else if (args[1] !== undefined) finite(-Infinity, Infinity)(args[1], 'setNoise: level');
    return [type, args[1]];
  }
  return params.map(([check, optional], i) => {
    if (args[i] === undefined) return optional ? undefined : refuse(`${name}: argument ${i + 1} is missing`);
    return check ? check(args[i], `${name}: argument ${i + 1}`) : args[i];
  });
}

// --- requests ----------------------------------------------------------------------------------------
let state = 'starting';  // 'ready' once aeplay.ready resolved, 'failed' if it rejected
let failure = '';
let inFlight = 0;

function reply(source, origin, message) {
  const target = origin === 'null' ? '*' : origin;  // a sandboxed or file: parent has the origin "null"
  try {
    source.postMessage(message, target);
  } catch (e) {
    try {
      source.postMessage({ aeplay: PROTOCOL, id: message.id, error: 'the result could not be sent: ' + e.message }, target);
    } catch (e2) { /* nothing more to do */ }
  }
}
const errorText = (e) => String(e && e.message !== undefined ? e.message : e).slice(0, 500);

function request(d, source, origin) {
  const id = own(d, 'id') ? d.id : undefined;
  const idOk = (typeof id === 'string' && id.length >= 1 && id.length <= LIMITS.idChars) || Number.isSafeInteger(id);
  const fail = (message) => reply(source, origin, { aeplay: PROTOCOL, id: idOk ? id : null, error: message });
  try {
    if (!idOk) refuse(`a request needs an id: a string of 1..${LIMITS.idChars} characters or a whole number`);
    if (d.aeplay !== PROTOCOL) refuse(`unsupported protocol ${describe(d.aeplay)}: this page speaks {aeplay: ${PROTOCOL}}`);
    checkSize(d);
    const name = own(d, 'method') ? d.method : undefined;
    if (typeof name !== 'string' || !own(METHODS, name)) {
      refuse(`unknown method ${describe(name)} (methods: ${METHOD_NAMES.join(', ')})`);
    }
    const rawArgs = own(d, 'args') ? d.args : [];
    if (rawArgs !== undefined && !Array.isArray(rawArgs)) refuse(`${name}: args must be an array, not ${describe(rawArgs)}`);
    if (inFlight >= LIMITS.inFlight) refuse(`too many requests at once (at most ${LIMITS.inFlight} in progress)`);
    const method = METHODS[name];
    const run = (args) => method.run(...args);
    if (method.early) return reply(source, origin, { aeplay: PROTOCOL, id, result: run(checkArgs(name, rawArgs || [])) });
    ++inFlight;
    api.ready
      .then(() => api.testSetLoaded, (e) => { throw new Error('aeplay could not start: ' + errorText(e)); })
      .then(() => run(checkArgs(name, rawArgs || [])))  // checked once the full test set is in (ranges need it)
      .then((result) => reply(source, origin, { aeplay: PROTOCOL, id, result }),
            (e) => fail(errorText(e)))
      .finally(() => { --inFlight; });
  } catch (e) {
    fail(errorText(e));
  }
}

function onMessage(e) {
  try {
    // Only the window that embeds this page: other windows (a popup opener, sibling or child frames, the
    // page itself: Emscripten posts to its own window) must not drive it, and without allow= their origin
    // would not stop them. Replies go back to e.source, i.e. the parent.
    if (e.source !== window.parent || e.source === window) return;
    if (!originAllowed(e.origin)) return;  // allow=: requests from other origins are ignored, not answered
    const d = e.data;
    if (!isPlainObject(d)) return;  // strings, numbers, arrays, ...: other protocols' messages, not ours
    if (d.context === 'h5p') return resize.h5p(d.action);
    if (!own(d, 'aeplay')) return;  // other protocols (LTI, ...)
    if (own(d, 'event') || own(d, 'result') || own(d, 'error')) return;  // replies and events: never answered (no echo loops)
    parentOrigin = parentOrigin || (e.origin !== 'null' ? e.origin : null);
    request(d, e.source, e.origin);
  } catch (err) { /* a message never breaks the page */ }
}

// --- what the page reports ---------------------------------------------------------------------------
function hello() {
  return { protocol: PROTOCOL, ready: state === 'ready', failed: state === 'failed' ? failure : null,
           methods: METHOD_NAMES.slice(), events: ['ready', 'failed', 'change', 'training', 'height'],
           limits: LIMITS, height: resize.height(), state: state === 'ready' ? changeData(api.state()) : null };
}
const resize = makeResize(api, toParent, postEvent);
const checkHeight = () => resize.check();

// change: what a course page shows about the playground; training: progress. Both follow the module's change
// events (web/changes.js), with the throttling they always had: change once the input, the noise, the model or
// its weights have been quiet for 200 ms (at most one a second while they keep changing, e.g. while the shown
// model trains); training at most twice a second, and at once when its state changes.
function changeData(s) {
  return { source: s.source, digit: s.digit, label: s.label, noise: s.noise, seed: s.seed, model: s.model,
           modelLabel: s.modelLabel, metrics: s.metrics };
}
// What a change event says, as text (sent again only when it differs): the input's version counter stands
// for a drawing, which changes the input even where the metrics would not show it.
function signature(s, c) {
  const m = s.metrics || {};
  return JSON.stringify([s.source, s.digit, s.noise, s.seed, s.model, m.corruptedMse, m.reconstructionMse, c && c.input]);
}
function trainingData(t) {
  return { state: t.state, epoch: t.epoch, epochs: t.epochs, batches: t.batches, samplesPerSecond: t.samplesPerSecond,
           runningLoss: t.runningLoss, failure: t.failure, history: { epochs: t.history ? t.history.epochs : [] } };
}
let posted = '', pendingSince = 0, quietTimer = null;
let trainingState = '', trainingBatches = -1, trainingPostedAt = 0;
function postChange() {
  clearTimeout(quietTimer);
  quietTimer = null;
  pendingSince = 0;
  const s = api.state();
  const sig = signature(s, lastChange());
  if (sig !== posted) { posted = sig; postEvent('change', changeData(s)); }
}
const shown = (c, b) => c.input !== b.input || c.corruption !== b.corruption || c.model !== b.model ||
  c.testSet !== b.testSet;
function onModuleChange(c, before) {
  const now = performance.now();
  if (!before || c.contentHeight !== before.contentHeight) checkHeight();
  if (state !== 'ready') return;
  if (!before || shown(c, before)) {
    pendingSince = pendingSince || now;
    clearTimeout(quietTimer);
    if (now - pendingSince >= 1000) postChange();
    else quietTimer = setTimeout(() => { try { postChange(); } catch (e) { /* the next change tries again */ } }, 200);
  }
  if (c.training !== trainingState ||
      (c.training === 'running' && c.batches !== trainingBatches && now - trainingPostedAt >= 500)) {
    trainingState = c.training;
    trainingBatches = c.batches;
    trainingPostedAt = now;
    postEvent('training', trainingData(api.training()));
  }
}

// The height comes from aeplay.layout(): a page (or a test) that replaces that function changes the height
// reported, so a replacement is measured at once too, like a change of the module's layout.
function watchLayoutFunction() {
  let layout = api.layout;
  Object.defineProperty(api, 'layout', {
    configurable: true, enumerable: true, get: () => layout,
    set: (f) => { layout = f; queueMicrotask(() => { try { checkHeight(); } catch (e) { /* ignored */ } }); },
  });
}

function start() {
  watchLayoutFunction();
  onChange((c, before) => { try { onModuleChange(c, before); } catch (e) { /* the next change tries again */ } });
  window.addEventListener('resize', () => { try { checkHeight(); } catch (e) { /* ignored */ } });
  checkHeight();
  resize.hello();
}
// Serves the parent page (main.js calls it; nothing to do when the page is not in a frame).
export function startMessages() {
  if (window.parent === window) return;
  window.addEventListener('message', onMessage);
  api.ready.then(() => {
    state = 'ready';
    const s = api.state();
    posted = signature(s, lastChange());
    trainingState = s.training.state;
    trainingBatches = s.training.batches;
    start();
    postEvent('ready', hello());
  }, (e) => {
    state = 'failed';
    failure = errorText(e);
    start();
    postEvent('failed', { message: failure });
  });
}
