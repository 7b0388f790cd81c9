// Starts the wasm module on the page's canvas and reports problems on the page instead of leaving it blank.
// window.aeplay (the one global, made here) is the hook point for the page's JS API: `await aeplay.ready`
// resolves once the first frame has been drawn and the MNIST test set and the chosen model are loaded, i.e.
// the first reconstruction is on screen; aeplay.module is the Emscripten module. web/api.js adds the rest of
// the API (main.js calls it). The module gets the page's services as Module.aeplayHost (web/host.js) and
// Module.aeplayTraining (web/training-client.js), and tells the page what changed through Module.aeplayEvents
// (web/changes.js): the EM_JS functions call them there.
import * as wasmVariant from './wasm-variant.js';
import { host } from './host.js';
import { training } from './training-client.js';
import { storage } from './storage.js';
import { attach } from './loader.js';
import { checkServices } from './bridge.js';
import { events } from './changes.js';

const canvas = document.getElementById('canvas');
const statusEl = document.getElementById('status');
const errorEl = document.getElementById('error');

// The page's own chrome (status and error boxes) follows the theme the app will choose (ui/frame.cpp):
// theme=light|dark|auto, else light inside an iframe and dark on its own.
const theme = new URLSearchParams(location.search).get('theme');
const inFrame = (() => { try { return window.self !== window.top; } catch (e) { return true; } })();
const prefersDark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
const light = theme === 'light' || (theme === 'auto' && !prefersDark) || (theme !== 'dark' && theme !== 'auto' && inFrame);
document.documentElement.classList.toggle('light', light);

let resolveReady, rejectReady;
export const api = (window.aeplay = {
  ready: new Promise((res, rej) => { resolveReady = res; rejectReady = rej; }),
  module: null,
  // Frames drawn so far. The page draws on demand (src/app/platform/frame_pacer.h): only when something
  // it shows may have changed; requestFrames(n) draws the next n frames whatever happens.
  frameCount: () => (api.module ? api.module._aeplay_frame_count() : 0),
  requestFrames: (n = 1) => { if (api.module) api.module._aeplay_request_frames(n); },
  // For tests and tools: the page's services, its storage of trained models and the training worker's client.
  host, storage, worker: training,
});
api.ready.catch(() => {});  // failures are shown on the page; callers may still await and see them

function setStatus(text) { statusEl.textContent = text || ''; }
function fail(message) {
  errorEl.textContent = 'aeplay could not start.\n' + message;
  errorEl.hidden = false;
  setStatus('');
  console.error('aeplay: ' + message);
  rejectReady(new Error(message));
}

// What this browser lacks to run aeplay, or '' when it has everything.
function missing() {
  if (typeof WebAssembly !== 'object') return 'This browser does not support WebAssembly.';
  // Probe on a scratch canvas: a context taken on #canvas would be the one SDL later gets.
  if (!document.createElement('canvas').getContext('webgl2')) {
    return 'This browser or device does not provide WebGL 2 (check that hardware acceleration is on).';
  }
  return '';
}

canvas.addEventListener('pointerdown', () => canvas.focus());
// No keyboard trap (WCAG 2.1.2): Tab and Shift+Tab leave the canvas for the page's other controls. SDL would
// take them (it listens on the canvas); inside the canvas ImGui moves with the arrows and acts with Space/Enter.
window.addEventListener('keydown', (e) => {
  if (e.key === 'Tab' && document.activeElement === canvas) e.stopPropagation();
}, true);
// A lost WebGL context is survivable: preventDefault lets the browser restore it, the app trains on without
// drawing (platform_web.cpp) and re-creates its GL objects once it is back. Meanwhile the canvas would show a
// frozen frame, so a notice covers it.
const gpuLost = document.getElementById('gpu-lost');
canvas.addEventListener('webglcontextlost', (e) => {
  e.preventDefault();
  gpuLost.hidden = false;
  console.warn('aeplay: the WebGL context was lost; waiting for the browser to restore it');
});
canvas.addEventListener('webglcontextrestored', () => {
  gpuLost.hidden = true;
  const gl = canvas.getContext('webgl2');  // the same context object, its state reset to the defaults:
  if (gl) delete gl.aeplayShadow;          // src/app/bridge/gl_state_cache.js asks WebGL again
});
window.addEventListener('error', (e) => fail(String(e.message || e)));

// The build this browser runs (web/wasm-variant.js): relaxed, simd128 or scalar; wasm= forces one.
const choice = (api.wasmChoice = wasmVariant.choose(new URLSearchParams(location.search).get('wasm')));
training.useVariant(choice);
api.wasm = () => ({ variant: choice.variant, backend: choice.backend || null, notice: choice.notice,
                    supported: wasmVariant.supported(), worker: training.stats.backend });
if (choice.notice) console.warn('aeplay: ' + choice.notice);
// With relaxed, the kernel goes into the engine's function table before any model is loaded, so every
// product the page computes uses it (unless chosen, not forced, and slower on this CPU: a ~10 ms
// measurement); if it cannot load, the page stays on simd128 and says so in the console.
async function attachKernel(module) {
  if (!choice.kernel) { choice.backend = module.UTF8ToString(module._aeplay_use_gemm_block(0, 0)); return; }
  try {
    choice.backend = await wasmVariant.attachKernel(module, new URL(choice.kernel, import.meta.url).href,
      (i) => module.UTF8ToString(module._aeplay_use_gemm_block(i, choice.forced ? 0 : 1)));
  } catch (e) {
    choice.backend = module.UTF8ToString(module._aeplay_use_gemm_block(0, 0));
    console.warn('aeplay: the Relaxed SIMD kernel did not load (' + (e && e.message || e) + '); using simd128');
  }
}

// Out of view (an embed scrolled away, a collapsed section): the app draws nothing (platform_web.cpp reads
// Module.aeplayOnScreen each animation frame); training and the API go on.
const moduleConfig = {};
function setOnScreen(onScreen) {
  moduleConfig.aeplayOnScreen = onScreen;
  if (api.module) api.module.aeplayOnScreen = onScreen;
}
if (typeof IntersectionObserver === 'function') {
  new IntersectionObserver((entries) => {
    setOnScreen(entries[entries.length - 1].isIntersecting);
    api.requestFrames(1);
  }).observe(canvas);
}
// An idle page's loop dozes on a 10 Hz timer (frame_pacer.h): input wakes it at once, so the frame that
// shows it comes with the next animation frame. SDL reads the input itself; these listeners only wake.
const wake = () => api.requestFrames(1);
for (const type of ['pointerdown', 'pointermove', 'wheel', 'touchstart', 'keydown']) {
  canvas.addEventListener(type, wake, { passive: true });
}
window.addEventListener('resize', wake);
document.addEventListener('visibilitychange', wake);

// The Emscripten module (MODULARIZE: aeplay.js is a classic script that defines createAeplayModule).
function startModule() {
  const script = document.createElement('script');
  script.src = new URL(choice.page, import.meta.url).href;  // beside this script (a release: v/BUILD/)
  script.onerror = () => fail(`Could not load ${choice.page}: was the web build run (scripts/build-web.sh)?`);
  script.onload = () => createModule(window.createAeplayModule);
  setStatus('Loading aeplay…');
  document.body.appendChild(script);
}
function createModule(create) {
  create(Object.assign(moduleConfig, {
    canvas,
    // aeplay.wasm and aeplay.data beside this script (a release keeps them under v/BUILD/ with it).
    locateFile: (file) => new URL(file, import.meta.url).href,
    ...checkServices({ aeplayHost: host, aeplayTraining: training, aeplayEvents: events }),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus: (text) => setStatus(text ? 'Loading aeplay… ' + text : ''),
    onAbort: (what) => fail('The app stopped: ' + what),
    // First frame drawn: now fetch MNIST and the chosen model (web/api.js); ready = first reconstruction.
    onAeplayReady: function () {
      api.module = this;
      setStatus('Loading MNIST and the model…');
      if (choice.notice && !choice.badName) this.ccall('aeplay_notify', null, ['string'], [choice.notice]);
      attachKernel(this).then(() => attach(this, api)).then(() => { setStatus(''); resolveReady(api); },
                                     (err) => fail(String(err && err.message || err)));
    },
  })).then((module) => { api.module = module; module.aeplayOnScreen = moduleConfig.aeplayOnScreen; },
           (err) => fail(String(err && err.message || err)));
}

const lacking = missing();
if (lacking) fail(lacking);
else startModule();
