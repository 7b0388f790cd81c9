// The module as the page's JavaScript sees it: the Emscripten module (M) and its entry points wrapped once
// from the list the module itself publishes (aeplay_entry_points, src/app/bridge/entry_points.h):
// fn.set_noise(spec) calls aeplay_set_noise. attachModule(module) fills them when the module runs.

// The page's services the module calls, listed once: Module.<object>.<method> from the EM_JS functions of
// src/app/platform/host_web.cpp, src/app/bridge/js_training.cpp and bridge.cpp. scripts/check_bridge.py (ctest
// bridge_declared) fails when C++ calls one not listed here or one listed here is called by no C++;
// checkServices refuses, at start-up, objects that lack one.
export const HOST_SERVICES = Object.freeze({
  aeplayHost: ['requestModelFile', 'download', 'requestModel', 'requestDatasetSplit', 'requestImageFiles',
               'requestUserSetFile', 'saveUserSet', 'saveTrained', 'forgetTrained', 'setQuery'],
  aeplayTraining: ['available', 'start', 'decompose', 'command'],
  aeplayEvents: ['changed'],
});
export function checkServices(objects) {
  for (const [object, names] of Object.entries(HOST_SERVICES)) {
    for (const name of names) {
      if (!objects[object] || typeof objects[object][name] !== 'function') {
        throw new Error(`the page lacks the service ${object}.${name} the module calls (web/bridge.js HOST_SERVICES)`);
      }
    }
  }
  return objects;
}

export const fn = {};
let M = null;
export const module = () => M;

export function attachModule(m) {
  M = m;
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
  'request_frames|entry_points|export_model|user_set_export|vae_samples|facts|[a-z_]*_json|' +
  'training_report|training_snapshot|training_failed|pca_decomposed)$');

// Copies `bytes` into the module's heap for the duration of `use(ptr, length)`.
export function withBytes(bytes, use) {
  const ptr = fn.alloc(bytes.length);
  M.HEAPU8.set(bytes, ptr);  // HEAPU8 read after alloc: memory may have grown
  try { return use(ptr, bytes.length); } finally { fn.free(ptr); }
}
// Calls `produce(sizePtr)` with room for an int the call fills in; returns `read(ptr, size)`.
export function withSize(produce, read) {
  const sizePtr = fn.alloc(4);
  try {
    const ptr = produce(sizePtr);
    return read(ptr, M.HEAP32[sizePtr >> 2]);
  } finally { fn.free(sizePtr); }
}
// Copies of the module's memory (the pointer first: a call may grow the memory, which replaces the buffers).
export const floats = (ptr, n) => new Float32Array(M.HEAPF32.buffer, ptr, n).slice();
export const bytesAt = (ptr, n) => M.HEAPU8.slice(ptr, ptr + n);

export const readState = () => JSON.parse(fn.state_json());

// A notice on the page (the app shows it) and in the console.
export function notify(text) {
  console.warn('aeplay: ' + text);
  if (fn.notify) fn.notify(text);
}
