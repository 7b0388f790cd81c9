// The page's services the module calls (src/app/platform/host.h; the EM_JS functions of host_web.cpp call
// Module.aeplayHost.<name>, listed in web/bridge.js HOST_SERVICES): file pickers, downloads, data and model
// fetching, browser storage.
import { readState, notify } from './bridge.js';
import { pickFiles, download } from './files.js';
import { loadDatasetSplit, loadListedModel, addModel } from './loader.js';
import { storage } from './storage.js';
import { mySetServices } from './myset.js';

let pendingSave = null;  // {bytes, history} of the trained model, written by the next flushSave
function flushSave() {
  const save = pendingSave;
  pendingSave = null;
  if (!save) return;
  storage.save(save.bytes, save.history).then((reason) => {
    if (reason) notify(`Could not save your model in this browser: ${reason}.`);
  });
}
// A tab closed between an epoch's end and the deferred write starts the write before the page goes.
window.addEventListener('pagehide', flushSave);

function requestModelFile() {
  pickFiles({ accept: '.aep,.safetensors,.npz,application/octet-stream', id: 'aeplay-model-file' }, async ([file]) => {
    // Refused before it is read into memory (the app checks again: core/playground.h, kModelFileBudget).
    const budget = readState().modelFileBudget;
    if (file.size > budget) {
      notify(`${file.name} is ${Math.ceil(file.size / 2 ** 20)} MB: the page loads model files up to ` +
             `${budget / 2 ** 20} MB (${budget / 2 ** 22} Mi parameters), its memory budget for one model`);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    addModel('file:' + file.name, file.name, bytes, 1, true);
  });
}

export const host = {
  requestModelFile,
  download,
  requestModel: (id) => loadListedModel(id, true),
  requestDatasetSplit: (id, train) => loadDatasetSplit(id, train),
  // Browser storage (web/storage.js): a failed save shows its own notice, with the model as a download.
  // The write runs in a task of its own: IndexedDB's copy of a ~2 MB record took 10-25 ms, which made the
  // worker's epoch-end report a long task (> 50 ms) while training. Saves still waiting are merged (the
  // newest wins) and a forget drops them, so a discarded model is never written back.
  saveTrained(bytes, history) {
    const first = !pendingSave;
    pendingSave = { bytes, history };
    if (first) setTimeout(flushSave, 0);
  },
  forgetTrained() { pendingSave = null; storage.forget(); },
  setQuery(q) {
    try { history.replaceState(history.state, '', q + location.hash); } catch (e) { /* sandboxed frames */ }
  },
  ...mySetServices,
};
