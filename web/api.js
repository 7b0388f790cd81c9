// aeplay's page-side half: the host services the wasm app calls (window.aeplayHost: file picker,
// downloads, browser storage, data fetching) and the JS API for tests and course authors (window.aeplay).
// page.js starts the module and calls aeplayAttach(module) once it runs.
(function () {
  'use strict';
  let M = null;  // the Emscripten module
  // The module's entry points, wrapped once from the list the module itself publishes (aeplay_entry_points,
  // src/app/web/entry_points.h): fn.set_noise(spec) calls aeplay_set_noise. Filled by aeplayAttach.
  const fn = {};
  function wrapEntryPoints() {
    const list = JSON.parse(M.UTF8ToString(M._aeplay_entry_points()));
    for (const { name, returns, args } of list) {
      if (typeof M['_' + name] !== 'function') throw new Error(`aeplay.wasm lacks the entry point ${name}`);
      const call = M.cwrap(name, returns === 'null' ? null : returns, args);
      // The page draws on demand: a call that may change what is shown asks for a frame. Readers do not (a
      // course page that polls the state would keep the page drawing), nor the worker's messages: the app
      // draws those when its state changes, at most 10 times a second (src/app/platform/frame_pacer.h).
      fn[name.replace(/^aeplay_/, '')] = NO_FRAME.test(name) ? call : (...a) => {
        try { return call(...a); } finally { M._aeplay_request_frames(1); }
      };
    }
  }
  const NO_FRAME = new RegExp('^aeplay_(alloc|free|array|array_names|latent_array|latent_array_names|frame_count|' +
    'request_frames|entry_points|export_model|user_set_export|vae_samples|[a-z_]*_json|' +
    'training_report|training_snapshot|training_failed|pca_decomposed)$');
  // The named data sets' IDX files (gzipped), by data set id (ae::named_datasets()) and split.
  const DATA_DIRS = { mnist: 'data/', fashion: 'data/fashion/' };
  const DATA_TITLES = { mnist: 'MNIST', fashion: 'Fashion-MNIST' };
  // part: 'train', 't10k' (the test set) or 't10k-head': the test set's first TEST_HEAD digits, what the first
  // visit fetches (made by the web build: scripts/idx_head.py; src/app/CMakeLists.txt, AEPLAY_TEST_HEAD).
  const TEST_HEAD = 1000;
  const dataFiles = (id, part) => ['images-idx3', 'labels-idx1'].map((kind) => `${DATA_DIRS[id]}${part}-${kind}-ubyte.gz`);

  // --- calling into wasm -------------------------------------------------------------------------
  function withBytes(bytes, use) {
    const ptr = fn.alloc(bytes.length);
    M.HEAPU8.set(bytes, ptr);  // HEAPU8 read after alloc: memory may have grown
    try { return use(ptr, bytes.length); } finally { fn.free(ptr); }
  }

  async function fetchBytes(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    if (!url.endsWith('.gz')) return new Uint8Array(await res.arrayBuffer());
    if (typeof DecompressionStream !== 'function') throw new Error('this browser cannot decompress gzip data');
    const stream = res.body.pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // What the first visit shows by default, fetched while the module downloads and compiles (page.js starts it
  // after this script): the default model (catalog.cpp's first) and the head of MNIST's test set, unless the URL
  // chooses something else (model=, lesson=, dataset=, a digit beyond the head).
  // The URL as it came (the app rewrites it from its first frame on): does it name a digit beyond the head?
  const startQuery = new URLSearchParams(location.search);
  const digitBeyondHead = Number(startQuery.get('digit') || 0) >= TEST_HEAD;
  const early = {};
  (() => {
    if (['model', 'lesson', 'dataset'].some((k) => startQuery.has(k)) || digitBeyondHead) return;
    for (const url of ['assets/models/dae-gaussian.aep', ...dataFiles('mnist', 't10k-head')]) {
      early[url] = fetchBytes(url);
      early[url].catch(() => {});  // a failure shows when the bytes are used
    }
  })();
  function fetchOnce(url) {
    const p = early[url];
    delete early[url];
    return p || fetchBytes(url);
  }

  async function loadSplit(id, train, head = false) {
    if (!DATA_DIRS[id]) throw new Error(`no data set '${id}'`);
    const [images, labels] = await Promise.all(dataFiles(id, train ? 'train' : head ? 't10k-head' : 't10k').map(fetchOnce));
    const err = withBytes(images, (pi, ni) => withBytes(labels, (pl, nl) => fn.set_dataset_split(id, train ? 1 : 0, pi, ni, pl, nl)));
    if (err) throw new Error(err);
  }

  function addModel(id, label, bytes, origin, select) {
    return withBytes(bytes, (p, n) => fn.add_model(id, label, p, n, origin, select ? 1 : 0));
  }

  // Models of the manifest: the chosen one loads first, the core set follows, the rest when chosen.
  let manifest = [];
  const loading = {};
  function loadListedModel(id, select) {
    const m = manifest.find((e) => e.id === id);
    if (!m) return Promise.reject(new Error('no such model: ' + id));
    if (!loading[id]) {
      loading[id] = fetchOnce('assets/models/' + m.file).then((bytes) => {
        const err = addModel(m.id, m.label, bytes, 0, false);
        if (err) throw new Error(err);
      }).catch((e) => {
        delete loading[id];
        notify(`Could not load model ${m.label}: ${e.message}`);
        throw e;
      });
    }
    return loading[id].then(() => { if (select) api.selectModel(id); });
  }

  // --- services the app calls (host_web.cpp) ------------------------------------------------------
  const trainSetLoading = {};  // per data set: one fetch at a time
  let pendingSave = null;      // {bytes, history} of the trained model, written by the next flushSave
  function flushSave() {
    const save = pendingSave;
    pendingSave = null;
    if (!save) return;
    window.aeplayStorage.save(save.bytes, save.history).then((reason) => {
      if (reason) notify(`Could not save your model in this browser: ${reason}.`);
    });
  }
  // A tab closed between an epoch's end and the deferred write starts the write before the page goes.
  window.addEventListener('pagehide', flushSave);
  window.aeplayHost = {
    requestModelFile() {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.aep,.safetensors,.npz,application/octet-stream';
      input.id = 'aeplay-model-file';
      input.style.display = 'none';
      input.onchange = async () => {
        const file = input.files[0];
        input.remove();
        if (!file) return;
        // Refused before it is read into memory (the app checks again: core/playground.h, kModelFileBudget).
        const budget = api.state().modelFileBudget;
        if (file.size > budget) {
          notify(`${file.name} is ${Math.ceil(file.size / 2 ** 20)} MB: the page loads model files up to ` +
                 `${budget / 2 ** 20} MB (${budget / 2 ** 22} Mi parameters), its memory budget for one model`);
          return;
        }
        const bytes = new Uint8Array(await file.arrayBuffer());
        addModel('file:' + file.name, file.name, bytes, 1, true);
      };
      document.body.appendChild(input);
      input.click();
    },
    download(name, bytes) {
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
    requestModel(id) { return loadListedModel(id, true); },
    requestDatasetSplit(id, train) {
      if (!train) return loadTestSet(id, false);
      if (!trainSetLoading[id]) {  // after the full test set: a run's test loss is over all of it
        trainSetLoading[id] = Promise.resolve(api.testSetLoaded).then(() => loadSplit(id, true)).catch((e) => {
          delete trainSetLoading[id];
          notify(`Could not load the ${DATA_TITLES[id] || id} training set: ${e.message}`);
          throw e;
        });
      }
      return trainSetLoading[id];
    },
    requestTrainSet() {  // the current data set's (my set is in the module already)
      const id = api.state().dataset;
      return DATA_DIRS[id] ? window.aeplayHost.requestDatasetSplit(id, true) : Promise.resolve();
    },
    // Browser storage (web/storage.js): a failed save shows its own notice, with the model as a download.
    // The write runs in a task of its own: IndexedDB's copy of a ~2 MB record took 10-25 ms, which made the
    // worker's epoch-end report a long task (> 50 ms) while training. Saves still waiting are merged (the
    // newest wins) and a forget drops them, so a discarded model is never written back.
    saveTrained(bytes, history) {
      const first = !pendingSave;
      pendingSave = { bytes, history };
      if (first) setTimeout(flushSave, 0);
    },
    forgetTrained() { pendingSave = null; window.aeplayStorage.forget(); },
    setQuery(q) {
      try { history.replaceState(history.state, '', q + location.hash); } catch (e) { /* sandboxed frames */ }
    },
  };

  function notify(text) {
    console.warn('aeplay: ' + text);
    if (fn.notify) fn.notify(text);
  }

  // --- the public API -----------------------------------------------------------------------------
  const api = window.aeplay;  // created by page.js with .ready
  // The pointer first: the call may grow the wasm memory, which replaces HEAPF32's buffer.
  const readArray = (name) => { const ptr = fn.array(name); return new Float32Array(M.HEAPF32.buffer, ptr, 784).slice(); };
  Object.assign(api, {
    state: () => JSON.parse(fn.state_json()),
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
    models: () => api.state().models,
    catalog: () => JSON.parse(fn.catalog_json()),  // the shipped models: [{id, label, file, lazy}, ...]
    presets: () => JSON.parse(fn.page_presets_json()),  // the families trainFamily() and the Train panel offer
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
    lessons: () => JSON.parse(fn.lessons_json()),  // [{name, title, caption, query, model, layout, panels}]
    selectModel: (id) => fn.select_model(id) === 1,
    loadModelBytes(bytes, name = 'model.aep') {
      const err = addModel('file:' + name, name, bytes, 1, true);
      if (err) throw new Error(err);
    },
    // The current model as 'aep', 'safetensors', 'npz' or 'onnx' (a Uint8Array; null when there is none).
    exportModel(format = 'aep') {
      const sizePtr = fn.alloc(4);
      try {
        const ptr = fn.export_model(String(format), sizePtr);
        const n = M.HEAP32[sizePtr >> 2];
        if (n < 0) throw new Error(`exportModel: no format '${format}' (choose aep, safetensors, npz, onnx)`);
        return n === 0 ? null : M.HEAPU8.slice(ptr, ptr + n);
      } finally { fn.free(sizePtr); }
    },
    loadTrainingSet: () => window.aeplayHost.requestTrainSet(),
    async train({ layers = '784,64,16', noise = 'gaussian:0.5', lr = 1e-3, batch = 64, images = 5000, epochs = 2 } = {}) {
      await api.loadTrainingSet();
      const err = fn.train_start(layers, noise, lr, batch, images, epochs);
      if (err) throw new Error(err);
    },
    // Resolves once paused: with the training worker, when its paused weights have arrived (one slice, ~50 ms).
    pauseTraining() {
      fn.train_pause();
      return new Promise((resolve) => {
        const settled = () => (api.training().state !== 'running' ? resolve() : setTimeout(settled, 10));
        settled();
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
      const all = new Float32Array(M.HEAPF32.buffer, ptr, n * 784);
      return Array.from({ length: n }, (_, i) => all.slice(i * 784, (i + 1) * 784));
    },
  });

  // The "Latent space" panel: map, decode anywhere, traversal, interpolation, neighbours, classifier probe.
  const latentArray = (name) => {
    const countPtr = fn.alloc(4);
    try {
      const ptr = fn.latent_array(name, countPtr);
      const n = M.HEAP32[countPtr >> 2];
      return new Float32Array(M.HEAPF32.buffer, ptr, n).slice();
    } finally { fn.free(countPtr); }
  };
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

  // Called by page.js when the module runs: restore, fetch data + the chosen model, then the rest.
  window.aeplayAttach = async function (module) {
    M = module;
    wrapEntryPoints();
    const saved = await window.aeplayStorage.restore();  // this tab's record, or one no open tab holds
    if (saved.record && !saved.problem) {
      const r = saved.record;
      const err = withBytes(r.model, (p, n) => fn.restore_trained(p, n, r.history, saved.where));
      if (err) window.aeplayStorage.reportUnreadable(err.replace(/^Could not restore your saved model: /, ''), r);
    }
    if (saved.problem) window.aeplayStorage.reportUnreadable(saved.problem, saved.record);
    if (saved.note) notify(saved.note);
    const wanted = api.state().wantedModel;
    manifest = JSON.parse(fn.catalog_json());  // the shipped models (src/app/core/catalog.cpp)
    const first = manifest.find((m) => m.id === wanted) || manifest[0];
    const quiet = (p) => p.catch(() => {});  // failures are already on the page as notices
    // Extensions (web/myset.js) attach here: they get the module's entry points and helpers.
    for (const hook of window.aeplayAttachHooks || []) await hook({ M, fn, withBytes, notify, api });
    // The first visit fetches what it shows: the chosen model and the head of the test set (all of it when the
    // URL names a digit beyond the head). The full test set and the other core models follow the first
    // reconstruction; aeplay.testSetLoaded resolves once the full test set is in (state().testImages).
    const dataset = api.state().dataset;
    const head = DATA_DIRS[dataset] && !digitBeyondHead;
    let resolveTestSet;
    api.testSetLoaded = new Promise((resolve) => { resolveTestSet = resolve; });
    await Promise.all([
      DATA_DIRS[dataset] ? loadTestSet(dataset, head) : Promise.resolve(),
      quiet(loadListedModel(first.id, wanted !== 'trained')),
    ]);
    if (wanted === 'trained') api.selectModel('trained');
    (head ? quiet(loadTestSet(dataset, false)) : Promise.resolve()).then(resolveTestSet);
    // The core models follow in the background (the first reconstruction does not wait for them), after the
    // test set; the other families' models load when chosen.
    api.modelsLoaded = api.testSetLoaded.then(() => Promise.all(manifest.filter((m) => m !== first && !m.lazy)
      .map((m) => quiet(loadListedModel(m.id, false)))));
  };
  function loadTestSet(id, head) {
    return loadSplit(id, false, head).catch((e) => notify(`Could not load the ${DATA_TITLES[id] || id} test set: ${e.message}`));
  }
})();
