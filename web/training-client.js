// The page's side of the training worker (web/training-worker.js): the app (src/app/bridge/js_training.cpp)
// starts, pauses, resumes and stops runs through Module.aeplayTraining (this module's `training`); the worker's reports, weight snapshots
// and failures go back into the app. A worker that crashes, fails to load or falls silent while training
// (killed by the browser, out of memory) becomes a failure message; the app keeps the last snapshot.
// worker=off in the URL trains in the page's own frames instead (for comparison; also without Worker).
const CHUNK_BYTES = 1 << 21;    // 2 MB of images per message: a copy off the heap and a post, ~2-15 ms a task
const SILENT_MS = 5000;         // a training worker reports every ~50 ms; this long without a word: gone
const STARTING_MS = 30000;      // until its first report (loading the engine, receiving the images)
const off = new URLSearchParams(location.search).get('worker') === 'off';
const encoder = new TextEncoder();

let worker = null, module = null;
let current = 0;                // the run the app follows (0: none)
let active = false;             // the worker should be training now (not paused, not ended)
let heard = 0, reported = false;
// backend: the GEMM backend the worker's engine runs (its 'ready' message), e.g. packed-relaxed-simd.
// workerMemory: the worker's wasm memory in bytes, from its latest report.
const stats = { reports: 0, snapshots: 0, started: 0, decompositions: 0, backend: null, workerMemory: 0 };
const decompositions = new Set();  // requests sent and not answered yet

// The engine build (and Relaxed SIMD kernel) of the variant the page chose (web/wasm-variant.js, page.js:
// training.useVariant).
let variant = null;
function engineFiles() {
  const v = variant;
  return v ? { engine: v.worker, kernel: v.kernel, pickFaster: !v.forced } : { engine: 'aeplay-worker.js', kernel: null };
}

function call(name, run, bytes, heap) {
  const p = module._aeplay_alloc(bytes.byteLength);
  (heap === 'f32' ? new Float32Array(module.HEAPF32.buffer, p, bytes.length) : module.HEAPU8.subarray(p, p + bytes.length)).set(bytes);
  try { module['_' + name](run, p, bytes.length); } finally { module._aeplay_free(p); }
}

function failed(run, why) {
  if (run !== current) return;
  active = false;
  module.ccall('aeplay_training_failed', null, ['number', 'string'], [run, why]);
}

function decomposed(request, values, vectors, n) {
  if (!decompositions.delete(request)) return;
  if (!values) return module._aeplay_pca_decomposed(request, 0, 0, 0);  // the page decomposes it itself
  const pv = module._aeplay_alloc(values.byteLength), pw = module._aeplay_alloc(vectors.byteLength);
  new Float64Array(module.HEAPF64.buffer, pv, n).set(values);
  new Float64Array(module.HEAPF64.buffer, pw, n * n).set(vectors);
  try { module._aeplay_pca_decomposed(request, pv, pw, n); } finally { module._aeplay_free(pv); module._aeplay_free(pw); }
  ++stats.decompositions;
}

function drop(why) {
  if (!worker) return;
  worker.terminate();
  worker = null;
  for (const r of [...decompositions]) decomposed(r, null);
  failed(current, why);
}

function spawn() {
  if (worker) return worker;
  worker = new Worker(new URL('training-worker.js', import.meta.url));  // beside this script (a release: v/BUILD/)
  worker.onmessage = (e) => {
    const m = e.data;
    heard = performance.now();
    if (m.type === 'eigen') return decomposed(m.request, m.failed ? null : m.values, m.vectors, m.n);
    if (m.type === 'ready') {
      stats.backend = m.backend;
      if (m.note) console.warn('aeplay: ' + m.note);
      return;
    }
    if (m.run !== current || !module) return;
    if (m.type === 'failed') return failed(m.run, m.message);
    reported = true;
    ++stats.reports;
    if (m.memory) stats.workerMemory = m.memory;
    if (m.params) { ++stats.snapshots; call('aeplay_training_snapshot', m.run, m.params, 'f32'); }
    call('aeplay_training_report', m.run, encoder.encode(m.report));
    if (!/"state":"running"/.test(m.report)) active = false;  // paused or ended: no more reports expected
  };
  worker.onerror = (e) => {
    e.preventDefault();
    drop('the training worker crashed (' + (e.message || 'it could not be loaded') + ')');
  };
  worker.postMessage({ type: 'init', ...engineFiles() });
  return worker;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// The images (their bytes, as the app holds them) stay in the app's heap (the session shares them) until the
// last chunk is posted; a newer run or a stop ends the sending first, before the app frees them.
async function send(run, which, ptr, bytes) {
  for (let at = 0; at < bytes; at += CHUNK_BYTES) {
    if (run !== current || !worker) return false;
    const n = Math.min(CHUNK_BYTES, bytes - at), first = ptr + at;
    const data = module.HEAPU8.slice(first, first + n);
    worker.postMessage({ type: 'data', run, which, offset: at, data }, [data.buffer]);
    await nextTask();
  }
  return run === current && !!worker;
}

setInterval(() => {  // timers are throttled in background tabs: judge silence only while visible
  if (!active || document.hidden || !worker) return;
  if (performance.now() - heard > (reported ? SILENT_MS : STARTING_MS))
    drop('the training worker stopped answering (the browser may have stopped it, or it ran out of memory); ' +
         'the model keeps the weights of its last snapshot');
}, 1000);

export const training = {
  useVariant(choice) { variant = choice; },
  available: () => !off && typeof Worker === 'function',
  start(mod, run, model, settings, trainPtr, trainBytes, testPtr, testBytes, pixels, bytesPerPixel) {
    module = mod;
    current = run;
    active = true;
    reported = false;
    heard = performance.now();
    ++stats.started;
    try {
      spawn().postMessage({ type: 'begin', run, pixels, train: trainBytes, test: testBytes, bytesPerPixel });
    } catch (e) {
      return setTimeout(() => failed(run, 'the training worker could not start (' + (e && e.message || e) + ')'));
    }
    (async () => {
      if (await send(run, 'train', trainPtr, trainBytes) && await send(run, 'test', testPtr, testBytes))
        worker.postMessage({ type: 'start', run, model, settings }, [model.buffer]);
    })();
  },
  // The latent panel's pixel-PCA eigen-decomposition (n x n doubles at `ptr` in the app's heap).
  decompose(mod, request, ptr, n) {
    if (off || typeof Worker !== 'function') return false;
    module = mod;
    try {
      const matrix = module.HEAPF64.slice(ptr >> 3, (ptr >> 3) + n * n);
      spawn().postMessage({ type: 'eigen', request, n, matrix }, [matrix.buffer]);
    } catch (e) {
      console.warn('aeplay: the worker cannot take the PCA (' + (e && e.message || e) + '); computing it here');
      return false;
    }
    decompositions.add(request);
    return true;
  },
  command(what, run) {
    if (run !== current) return;
    if (what === 'stop') { current = 0; active = false; }
    if (what === 'resume') { active = true; heard = performance.now(); }
    if (worker) worker.postMessage({ type: what, run });
  },
  // For tests and benchmarks: how many reports and snapshots arrived; kill() ends the worker the way a
  // crash would (no message, only silence).
  stats,
  kill() { if (worker) { worker.terminate(); } },
};
