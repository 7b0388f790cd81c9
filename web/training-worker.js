// The training worker: a dedicated Web Worker that runs the UI-free engine build (src/worker, aeplay-worker.js)
// so in-page training does not share the page's thread with drawing. web/training-client.js talks to it:
//   page -> worker  init {engine, kernel, pickFaster}  which engine build to load (the page's wasm variant),
//                                            the Relaxed SIMD kernel for it or null (web/wasm-variant.js), and
//                                            whether to keep it only if it measures faster here
//                   begin {run, pixels, train, test, bytesPerPixel}  room for the run's images (train, test:
//                                                     their sizes in bytes; 1 byte a pixel for MNIST and the
//                                                     other sets, 4 for float32: the 2-D lab sends its
//                                                     points as 2 x N float32, pixels = 2)
//                   data {run, which, offset, data}    a chunk of them (a transferred Uint8Array of their bytes)
//                   start {run, model, settings}       the untrained .aep file and the settings JSON
//                   pause / resume / stop {run}
//                   eigen {request, n, matrix}           the latent panel's pixel-PCA decomposition
//                                                     (a transferred Float64Array, n x n column-major)
//   worker -> page  ready {backend}                   the engine is loaded; the GEMM backend it runs
//                   report {run, report, params?, memory}  after each ~50 ms slice; params (transferred) at
//                                                     most every 200 ms, and at epoch ends, pauses and the end;
//                                                     memory: the worker's wasm memory in bytes
//                   failed {run, message}
//                   eigen {request, n, values, vectors} or {request, failed}
// Messages are handled one at a time in arrival order (the engine loads asynchronously first).
'use strict';

const SLICE_MS = 50;     // training per slice: the page hears from the worker at least ~10 times a second
const SNAPSHOT_MS = 200; // weights at most 5 times a second: the reconstruction follows the model

let engine = null;
let chain = Promise.resolve();
let run = 0;
let training = false;
let trainPtr = 0, testPtr = 0;
let lastSnapshot = 0;
const tick = new MessageChannel();  // yields to the message queue between slices without timer clamping
tick.port1.onmessage = slice;

function fail(message, forRun) {
  training = false;
  postMessage({ type: 'failed', run: forRun === undefined ? run : forRun, message });
}

// The engine, then (relaxed variant) the kernel in its function table. A kernel that fails to load leaves
// the engine on its own simd128 loops, and the page hears which backend trains.
async function loadEngine(file, kernel, pickFaster) {
  importScripts(file);
  const m = await createAeplayWorkerEngine({
    print: (t) => console.log('aeplay worker: ' + t),
    printErr: (t) => console.warn('aeplay worker: ' + t),
    onAbort: (what) => fail('the training engine stopped (' + what + ')'),
  });
  let note = '';
  if (kernel) {
    try {
      // wasm-variant.js is an ES module (the page imports it); this worker stays a classic script because
      // the engine build (aeplay-worker.js, not EXPORT_ES6) is loaded with importScripts. Every browser that
      // runs Relaxed SIMD (Chrome 114+, Firefox 145+) has import() in classic workers.
      const { attachKernel } = await import('./wasm-variant.js');
      await attachKernel(m, kernel, (i) => m._worker_use_gemm_block(i, pickFaster ? 1 : 0));
    } catch (e) {
      note = 'the Relaxed SIMD kernel did not load (' + (e && e.message || e) + '); training uses simd128';
    }
  }
  engine = m;
  postMessage({ type: 'ready', backend: m.UTF8ToString(m._worker_gemm_backend()), note });
}

function withString(text, use) {
  const n = engine.lengthBytesUTF8(text) + 1;
  const p = engine._malloc(n);
  engine.stringToUTF8(text, p, n);
  try { return use(p); } finally { engine._free(p); }
}

function report(withParams) {
  const text = engine.UTF8ToString(engine._worker_run(training ? SLICE_MS : 0));
  const state = /"state":"(\w+)"/.exec(text)[1];
  const now = performance.now();
  let params = null;
  if (withParams || state !== 'running' || text.includes('"epoch_finished":true') || now - lastSnapshot >= SNAPSHOT_MS) {
    const p = engine._worker_params() >> 2, n = engine._worker_param_count();
    params = n > 0 ? engine.HEAPF32.slice(p, p + n) : null;  // a few-labels run reports no weights
    lastSnapshot = now;
  }
  const memory = engine.HEAPU8.buffer.byteLength;
  postMessage({ type: 'report', run, report: text, params, memory }, params ? [params.buffer] : []);
  return state;
}

function slice() {
  if (!training) return;
  try {
    if (report(false) !== 'running') { training = false; return; }
  } catch (e) {
    return fail('the training engine failed: ' + (e && e.message || e));
  }
  tick.port2.postMessage(null);
}

// Between training slices (a message like the others): ~0.4 s once per test set, off the page's thread.
function decompose(m) {
  const p = engine._malloc(m.matrix.byteLength);
  new Float64Array(engine.HEAPF64.buffer, p, m.matrix.length).set(m.matrix);
  const r = engine._worker_eigen(p, m.n) >> 3;
  engine._free(p);
  if (!r) return postMessage({ type: 'eigen', request: m.request, failed: true });
  const values = engine.HEAPF64.slice(r, r + m.n), vectors = engine.HEAPF64.slice(r + m.n, r + m.n + m.n * m.n);
  postMessage({ type: 'eigen', request: m.request, n: m.n, values, vectors }, [values.buffer, vectors.buffer]);
}

function handle(m) {
  if (m.type === 'init') return loadEngine(m.engine, m.kernel, m.pickFaster);
  if (!engine) throw new Error('the training engine is not loaded');
  if (m.type === 'eigen') return decompose(m);
  if (m.type === 'begin') {
    training = false;
    run = m.run;
    const bad = engine.UTF8ToString(engine._worker_check_images(m.pixels, m.train, m.test, m.bytesPerPixel));
    if (bad) return fail('the page sent images the worker cannot read: ' + bad);
    const image = m.pixels * m.bytesPerPixel;
    trainPtr = engine._worker_images(m.pixels, m.train / image, m.test / image, m.bytesPerPixel);
    testPtr = engine._worker_test_images();
    if (!trainPtr) return fail('not enough memory in the training worker for ' + m.train / image + ' images');
  } else if (m.run !== run) {
    return;  // a message of a run that was replaced
  } else if (m.type === 'data') {
    engine.HEAPU8.set(m.data, (m.which === 'train' ? trainPtr : testPtr) + m.offset);
  } else if (m.type === 'start') {
    const p = engine._malloc(m.model.length);
    engine.HEAPU8.set(m.model, p);
    const err = withString(m.settings, (s) => engine.UTF8ToString(engine._worker_start(p, m.model.length, s)));
    engine._free(p);
    if (err) return fail(err);
    training = true;
    lastSnapshot = performance.now();
    tick.port2.postMessage(null);
  } else if (m.type === 'pause') {
    training = false;
    engine._worker_pause();
    report(true);  // the paused weights, exactly
  } else if (m.type === 'resume') {
    engine._worker_resume();
    training = true;
    tick.port2.postMessage(null);
  } else if (m.type === 'stop') {
    training = false;
    engine._worker_discard();
  }
}

onmessage = (e) => {
  const m = e.data;
  chain = chain.then(() => handle(m)).catch((err) => {
    if (m.type === 'eigen') return postMessage({ type: 'eigen', request: m.request, failed: true });
    fail('the training worker failed: ' + (err && err.message || err), m.run);
  });
};
