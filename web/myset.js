// "My set" on the page's side: the file pickers for images and set files, the set kept in IndexedDB across
// reloads (its own database, apart from the trained model's), and the JS API for it (aeplay.setDataset,
// aeplay.userSet, ...). The module decodes and fits every image itself (src/engine/image_import.h), so the
// limits and messages are the same as the CLI's.
import { fn, withBytes, withSize, bytesAt, notify } from './bridge.js';
import { objectStore } from './idb.js';
import { pickFiles } from './files.js';

const kMaxUploadBytes = 64 << 20;  // one upload: all its files together

// --- IndexedDB: one record, the set as the .npz the module exports -----------------------------------
const store = objectStore('aeplay-myset', 'set');
// Saves are chained, so the last change is the one stored.
let saving = Promise.resolve();
let savedVersion = 0;
function saveSet(bytes) {
  const copy = bytes.slice();
  saving = saving.then(() => store.run('readwrite', (s) => s.put(copy, 'current'))).then(() => { savedVersion += 1; })
    .catch((e) => notify('Could not keep my set in this browser (download it to keep it): ' + e));
  return saving;
}
const exportSet = () => withSize((sizePtr) => fn.user_set_export(sizePtr), bytesAt);

// Adds the files with the Data panel's class, fit and invert; one notice sums it up.
async function addImageFiles(files, options = {}) {
  const upload = Object.assign(JSON.parse(fn.user_set_json()).upload, options);
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > kMaxUploadBytes) {
    notify(`Not uploaded: ${(total / 2 ** 20).toFixed(0)} MiB of files, more than the ${kMaxUploadBytes >> 20} MiB one upload may hold`);
    return { added: 0, refused: files.map((f) => f.name) };
  }
  let added = 0;
  const refused = [];
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const err = withBytes(bytes, (p, n) => fn.user_set_add_file(p, n, file.name, upload.className, upload.fit, upload.invert));
    if (err) refused.push(err); else added += 1;
  }
  const size = JSON.parse(fn.user_set_json()).size;
  let text = `Added ${added} image${added === 1 ? '' : 's'} to my set (class ${upload.className}; ${size} in all).`;
  if (refused.length) text += ` Refused ${refused.length}: ${refused.slice(0, 3).join('; ')}${refused.length > 3 ? '; ...' : ''}`;
  notify(text);
  return { added, refused };
}

function importSetBytes(bytes, name) {
  const err = withBytes(bytes, (p, n) => fn.user_set_import(p, n, name));
  if (err) throw new Error(err);
}

// The host services of my set (src/app/platform/host.h; web/host.js lists them with the others).
export const mySetServices = {
  // The Data panel's "Upload images..."; `options` ({className, fit, invert}) override the panel's choices.
  requestImageFiles(options = {}) {
    pickFiles({ accept: 'image/png,image/jpeg,.png,.jpg,.jpeg', multiple: true, id: 'aeplay-image-files' },
              (files) => addImageFiles(files, options));
  },
  requestUserSetFile() {
    pickFiles({ accept: '.npz,application/octet-stream', id: 'aeplay-set-file' }, async ([file]) => {
      try {
        importSetBytes(new Uint8Array(await file.arrayBuffer()), file.name);
        notify(`Loaded ${file.name} as my set.`);
      } catch (e) { notify('My set not loaded: ' + e.message); }
    });
  },
  saveUserSet(bytes) { saveSet(bytes); },
};

// The JS API of my set (docs/javascript-api.md).
export const mySetApi = {
  // 'mnist', 'fashion' or 'mine'; throws with the reason for anything else.
  setDataset(id) { const err = fn.set_dataset(String(id)); if (err) throw new Error(err); },
  // {size, classes, labels, version, limits, upload: {className, fit, invert}, gridRect, selected}
  userSet: () => JSON.parse(fn.user_set_json()),
  // Files (File objects) into my set; options override the Data panel's {className, fit, invert}.
  addImageFiles: (files, options) => addImageFiles(Array.from(files), options),
  addInputToUserSet(className) { const err = fn.user_set_add_input(String(className)); if (err) throw new Error(err); },
  removeFromUserSet: (index) => fn.user_set_remove(index) === 1,
  exportUserSet: () => exportSet(),  // the .npz bytes
  importUserSet: (bytes, name = 'set.npz') => importSetBytes(bytes, name),
  userSetSaved: () => saving.then(() => savedVersion),  // resolves when every save so far is stored
};

// The set kept from an earlier visit (a broken record is reported, and the stored one kept as it is).
export async function restoreMySet() {
  const stored = await store.run('readonly', (s) => s.get('current')).catch(() => null);
  if (stored && stored.length) {
    const err = withBytes(stored, (p, n) => fn.user_set_import(p, n, 'my set (kept in this browser)'));
    if (err) notify('Could not restore my set: ' + err);
  }
}
