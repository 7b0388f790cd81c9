// What the page fetches for the module: the named data sets' IDX files and the shipped models of the
// manifest (the module's catalog), and the start-up sequence once the module runs (attach).
import { fn, attachModule, withBytes, readState, notify } from './bridge.js';
import { storage } from './storage.js';
import { loadFacts } from './facts.js';
import { restoreMySet } from './myset.js';

// The named data sets' IDX files (gzipped), by data set id (ae::named_datasets()) and split.
const DATA_DIRS = { mnist: 'data/', fashion: 'data/fashion/' };
const DATA_TITLES = { mnist: 'MNIST', fashion: 'Fashion-MNIST' };
// part: 'train', 't10k' (the test set) or 't10k-head': the test set's first TEST_HEAD digits, what the first
// visit fetches (made by the web build: scripts/idx_head.py; src/app/CMakeLists.txt, AEPLAY_TEST_HEAD).
const TEST_HEAD = 1000;
const dataFiles = (id, part) => ['images-idx3', 'labels-idx1'].map((kind) => `${DATA_DIRS[id]}${part}-${kind}-ubyte.gz`);
export const hasDataFiles = (id) => !!DATA_DIRS[id];

export async function fetchBytes(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  if (!url.endsWith('.gz')) return new Uint8Array(await res.arrayBuffer());
  if (typeof DecompressionStream !== 'function') throw new Error('this browser cannot decompress gzip data');
  const stream = res.body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// What the first visit shows by default, fetched while the module downloads and compiles (this module is
// evaluated before page.js starts it): the default model (catalog.cpp's first) and the head of MNIST's test
// set, unless the URL chooses something else (model=, lesson=, dataset=, a digit beyond the head).
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
function loadTestSet(id, head) {
  return loadSplit(id, false, head).catch((e) => notify(`Could not load the ${DATA_TITLES[id] || id} test set: ${e.message}`));
}
// A data set's test or training split into the module (a training set is fetched once at a time, after the
// full test set: a run's test loss is over all of it).
const trainSetLoading = {};
let testSetLoaded = Promise.resolve();
export function loadDatasetSplit(id, train) {
  if (!train) return loadTestSet(id, false);
  if (!trainSetLoading[id]) {
    trainSetLoading[id] = testSetLoaded.then(() => loadSplit(id, true)).catch((e) => {
      delete trainSetLoading[id];
      notify(`Could not load the ${DATA_TITLES[id] || id} training set: ${e.message}`);
      throw e;
    });
  }
  return trainSetLoading[id];
}
// The current data set's training split (my set is in the module already).
export function loadTrainSet() {
  const id = readState().dataset;
  return DATA_DIRS[id] ? loadDatasetSplit(id, true) : Promise.resolve();
}

export function addModel(id, label, bytes, origin, select) {
  return withBytes(bytes, (p, n) => fn.add_model(id, label, p, n, origin, select ? 1 : 0));
}

// Models of the manifest: the chosen one loads first, the core set follows, the rest when chosen.
let manifest = [];
const loading = {};
export function loadListedModel(id, select) {
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
  return loading[id].then(() => { if (select) fn.select_model(id); });
}

// The trained model this tab (or a closed one) saved, back into the module.
async function restoreTrained() {
  const saved = await storage.restore();  // this tab's record, or one no open tab holds
  if (saved.record && !saved.problem) {
    const r = saved.record;
    const err = withBytes(r.model, (p, n) => fn.restore_trained(p, n, r.history, saved.where));
    if (err) storage.reportUnreadable(err.replace(/^Could not restore your saved model: /, ''), r);
  }
  if (saved.problem) storage.reportUnreadable(saved.problem, saved.record);
  if (saved.note) notify(saved.note);
}

// Called by page.js when the module runs: restore, fetch data + the chosen model, then the rest. Sets
// api.testSetLoaded (resolves once the full test set is in: state().testImages) and api.modelsLoaded (once
// the core models are in).
export async function attach(module, api) {
  attachModule(module);
  loadFacts();
  await restoreTrained();
  const wanted = readState().wantedModel;
  manifest = JSON.parse(fn.catalog_json());  // the shipped models (src/app/core/catalog.cpp)
  const first = manifest.find((m) => m.id === wanted) || manifest[0];
  const quiet = (p) => p.catch(() => {});  // failures are already on the page as notices
  await restoreMySet();
  // The first visit fetches what it shows: the chosen model and the head of the test set (all of it when the
  // URL names a digit beyond the head). The full test set and the other core models follow the first
  // reconstruction.
  const dataset = readState().dataset;
  const head = DATA_DIRS[dataset] && !digitBeyondHead;
  let resolveTestSet;
  api.testSetLoaded = testSetLoaded = new Promise((resolve) => { resolveTestSet = resolve; });
  await Promise.all([
    DATA_DIRS[dataset] ? loadTestSet(dataset, head) : Promise.resolve(),
    quiet(loadListedModel(first.id, wanted !== 'trained')),
  ]);
  if (wanted === 'trained') fn.select_model('trained');
  (head ? quiet(loadTestSet(dataset, false)) : Promise.resolve()).then(resolveTestSet);
  // The core models follow in the background, after the test set; the other families' models load when chosen.
  // A SCORM package (scorm in the URL) holds only its lesson's model: the others load when chosen.
  const others = startQuery.has('scorm') ? [] : manifest;
  api.modelsLoaded = testSetLoaded.then(() => Promise.all(others.filter((m) => m !== first && !m.lazy)
    .map((m) => quiet(loadListedModel(m.id, false)))));
}
