// The JS API for tests and course authors (window.aeplay, docs/javascript-api.md): addApi(api) fills in the
// object page.js made. Every call goes through the module's entry points (web/bridge.js).
import { fn, withBytes, withSize, floats, bytesAt, readState } from './bridge.js';
import { addModel, loadListedModel, loadTrainSet } from './loader.js';
import { mySetApi } from './myset.js';
import { getFacts } from './facts.js';
import { onChange } from './changes.js';

export function addApi(api) {
  addInput(api);
  addModels(api);
  addTraining(api);
  addLatent(api);
  addLab(api);
  addSearch(api);
  addFewLabels(api);
  Object.assign(api, mySetApi);
}

// The input, its noise and the outputs.
function addInput(api) {
  // The pointer first: the call may grow the wasm memory, which replaces HEAPF32's buffer.
  const readArray = (name) => floats(fn.array(name), 784);
  Object.assign(api, {
    state: readState,
    getMetrics: () => api.state().metrics,
    // {clean, corrupted, reconstruction, error}: the names come from the module (kOutputArrayNames).
    getArrays: () => Object.fromEntries(JSON.parse(fn.array_names()).map((name) => [name, readArray(name)])),
    setNoise(type, level) {
      const spec = type === 'none' ? 'none' : `${type}:${level}`;
      const err = fn.set_noise(spec);
      if (err) throw new Error(err);
    },
    setSeed: (seed) => fn.set_seed(seed),
    loadDigit: (index) => fn.load_test_digit(index) === 1,
    randomDigit: () => fn.random_test_digit(),
    // strokes: [[[x, y], ...], ...] in canvas units 0..1 (origin top-left), like mouse strokes.
    draw(strokes) {
      for (const s of strokes) {
        s.forEach(([x, y], i) => (i === 0 ? fn.stroke_begin(x, y) : fn.stroke_move(x, y)));
        fn.stroke_end();
      }
    },
    // One stroke as it happens (web/pointer.js draws this way): canvas units 0..1, origin top-left.
    strokeBegin: (x, y) => fn.stroke_begin(x, y),
    strokeMove: (x, y) => fn.stroke_move(x, y),
    strokeEnd: () => fn.stroke_end(),
    clearDrawing: () => fn.clear_drawing(),
    // 'pen': strokes draw the input; 'eraser': strokes paint the mask hidden from the model (getArrays().mask).
    setTool(tool) {
      const err = fn.set_tool(String(tool));
      if (err) throw new Error(err);
    },
    clearEraser: () => fn.clear_eraser(),
    // Any 28x28 image as the input: 784 numbers in [0, 1], row-major (stored at 8 bits, like MNIST).
    setInput(pixels) {
      if (!pixels || pixels.length !== 784) throw new Error('setInput needs 784 pixels (28x28)');
      const bytes = Uint8Array.from(pixels, (v) => Math.round(Math.min(1, Math.max(0, Number(v) || 0)) * 255));
      const err = withBytes(bytes, (p, n) => fn.set_input(p, n));
      if (err) throw new Error(err);
    },
    undo: () => fn.undo(),
  });
}

// Models, the view (layout, theme) and the lessons.
function addModels(api) {
  Object.assign(api, {
    models: () => api.state().models,
    catalog: () => JSON.parse(fn.catalog_json()),  // the shipped models: [{id, label, file, lazy}, ...]
    presets: () => JSON.parse(fn.page_presets_json()),  // the families trainFamily() and the Train panel offer
    // The engine's noise kinds {name, label, levelName, min, max, maxExclusive, sliderMax, default, step,
    // pixelNoise} and the batch size's range: what the strip and the message API check against.
    facts: () => getFacts(),
    // Where the last frame put things (CSS px): {layout, panels, theme, lesson, width, height, contentHeight,
    // views: {canvas, corrupted, reconstruction, error, noise, metrics, ...}, panelRects, texts: [...]}.
    layout: () => JSON.parse(fn.layout_json()),
    theme: () => JSON.parse(fn.theme_json()),      // {name, text, muted, error, background, frame, button}
    // As the URL's layout= and panels= (panels '' = the layout's own choice); throws on a bad value.
    setLayout(layout, panels = '') {
      const err = fn.set_layout(String(layout), String(panels));
      if (err) throw new Error(err);
    },
    setTheme(theme) { const err = fn.set_theme(String(theme)); if (err) throw new Error(err); },
    version: () => fn.version(),  // the project's version (CMake's project VERSION), e.g. '0.1.0'
    lessons: () => JSON.parse(fn.lessons_json()),  // [{name, title, caption, query, model, layout, panels}]
    selectModel: (id) => fn.select_model(id) === 1,
    loadModelBytes(bytes, name = 'model.aep') {
      const err = addModel('file:' + name, name, bytes, 1, true);
      if (err) throw new Error(err);
    },
    // The current model as 'aep', 'safetensors', 'npz' or 'onnx' (a Uint8Array; null when there is none).
    exportModel(format = 'aep') {
      return withSize((sizePtr) => fn.export_model(String(format), sizePtr), (ptr, n) => {
        if (n < 0) throw new Error(`exportModel: no format '${format}' (choose aep, safetensors, npz, onnx)`);
        return n === 0 ? null : bytesAt(ptr, n);
      });
    },
  });
}

// Training, the families, "Inside the model".
function addTraining(api) {
  Object.assign(api, {
    loadTrainingSet: () => loadTrainSet(),
    async train({ layers = '784,64,16', noise = 'gaussian:0.5', lr = 1e-3, batch = 64, images = 5000, epochs = 2 } = {}) {
      await api.loadTrainingSet();
      const err = fn.train_start(layers, noise, lr, batch, images, epochs);
      if (err) throw new Error(err);
    },
    // Resolves once paused: with the training worker, when its paused weights have arrived (one slice, ~50 ms).
    pauseTraining() {
      fn.train_pause();
      return new Promise((resolve) => {
        if (api.training().state !== 'running') return resolve();
        const off = onChange((c) => { if (c.training !== 'running') { off(); resolve(); } });
      });
    },
    resumeTraining: () => fn.train_resume(),
    discardTraining: () => fn.train_discard(),  // the trained model is dropped (and the worker's run stopped)
    training: () => api.state().training,
    // Families: load any model of the manifest (shipped models of every family), train a family preset.
    loadModel: (id) => loadListedModel(id, true),
    async trainFamily({ preset = 'undercomplete', code = 32, noise = '', lr = 0, batch = 64, images = 5000, epochs = 2 } = {}) {
      await api.loadTrainingSet();
      const err = fn.train_preset(preset, code, noise, lr, batch, images, epochs);
      if (err) throw new Error(err);
    },
    // What "Inside the model" shows: {family, penalty, latentSize, filters, code, codeMeanActivation, ...}
    inside: () => JSON.parse(fn.inside_json()),
    showInside: (open = true) => fn.inside_show(open ? 1 : 0),
    // n digits decoded from z ~ N(0, I) by the current VAE (an array of Float32Array(784)); [] otherwise.
    sample(n = 16, seed = 1) {
      const ptr = fn.vae_samples(n, seed);
      if (!ptr) return [];
      const all = floats(ptr, n * 784);
      return Array.from({ length: n }, (_, i) => all.slice(i * 784, (i + 1) * 784));
    },
  });
}

// The "Latent space" panel: map, decode anywhere, traversal, interpolation, neighbours, classifier probe.
const latentArray = (name) => withSize((countPtr) => fn.latent_array(name, countPtr), floats);
function addLatent(api) {
  Object.assign(api, {
    showLatent: (open = true) => fn.latent_show(open ? 1 : 0),
    // {active, points, latentSize, projection, mapReady, ready, probeAccuracy: {knn, linear}, pcaProbeAccuracy,
    //  prediction, input: [x, y], decodePoint, traversal: {axis, code, lo, hi}, neighbours, rects: {map, ...}}
    latent: () => JSON.parse(fn.latent_json()),
    decodeAt(x, y) { if (!fn.latent_decode_at(x, y)) throw new Error('decodeAt: x and y must be numbers'); },
    setTraversal(dim, value) {
      if (!fn.latent_set_traversal(dim, value)) throw new Error(`setTraversal: no code dimension ${dim} (or a bad value)`);
    },
    interpolate(from, to) {
      if (!fn.latent_interpolate(from, to)) throw new Error('interpolate: test indices 0..9999, or -1 for the input');
    },
    // {decoded, traversal: Float32Array(784); traversalStrip, linear, spherical, pixelBlend, neighbours: 28 x (28 n)
    //  strips; grid: the 9 x 9 decoded digits over the map's view, 252 x 252}
    // (the names come from the module: kLatentArrayNames)
    latentArrays: () => Object.fromEntries(JSON.parse(fn.latent_array_names()).map((name) => [name, latentArray(name)])),
  });
}

// The 2-D lab (view=lab, docs/playground.md): points in the plane, a small autoencoder trained live, its views.
function addLab(api) {
  const check = (err) => { if (err) throw new Error(err); };
  Object.assign(api, {
    // {open, settings, drawn, training: {state, epoch, epochs, samplesSeen, rate, remote, loss, failure},
    //  snapshots, modelVersion, points, bounds: {x0, y0, x1, y1}, plot: {x, y, w, h} (CSS px, y up inside),
    //  views: {curves, segments, arrows, jacobians, prior}, computeMs, drawMs, probe: {active, x, y, rx, ry, code}}
    lab: () => JSON.parse(fn.lab_json()),
    showLab: (open = true) => fn.lab_show(open ? 1 : 0),
    // As the URL spells them: setLab('lab=moons&family=dae&sigma=0.2&views=points,field'); throws on a bad value.
    setLab: (query) => check(fn.lab_set(String(query))),
    trainLab: () => check(fn.lab_train()),
    stopLab: () => fn.lab_stop(),
    // Picks the point (x, y) in plot coordinates, as a press on the plot does.
    probeLab(x, y) { if (!fn.lab_probe(x, y)) throw new Error('probeLab: x and y must be numbers'); },
  });
}

// Search by code (the Search tab of "Inside the model"): the images nearest to the current input.
function addSearch(api) {
  Object.assign(api, {
    // {valid, why, method, database: 'training'|'test', databaseSize, dimensions, indices, labels, distances,
    //  queryMs, buildMs, rect: where the tab last drew its grid}; method: pixels, pca, codes, binary or hyperplanes
    //  (default: the tab's choice); the tab then shows that method and bits.
    search: ({ method = '', bits = 0, k = 16 } = {}) => JSON.parse(fn.search(String(method), bits, k)),
    // Opens "Inside the model" on its Search tab.
    showSearch: () => fn.search_show(),
  });
}

// The few-labels lesson (lesson=few-labels, docs/playground.md): the current model's encoder fine-tuned into a
// classifier beside the same network from scratch, both trained on N labelled digits (in the training worker).
function addFewLabels(api) {
  Object.assign(api, {
    // {state, labels, step, steps, scoring, remote, failure, finetuned: {loss, accuracy, confusion}, scratch: {...}}
    fewLabels: () => JSON.parse(fn.few_labels_json()),
    // N in 10..5000, a multiple of 10; steps of each classifier (0: the default, 400). Throws why it did not start.
    trainFewLabels(labels, steps = 0) {
      const err = fn.few_labels_train(labels, steps);
      if (err) throw new Error(err);
    },
  });
}
