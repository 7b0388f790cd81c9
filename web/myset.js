// "My set" on the page's side: the file pickers for images and set files, the set kept in IndexedDB across
// reloads (its own database, apart from the trained model's), and the JS API for it (aeplay.setDataset,
// aeplay.userSet, ...). The module decodes and fits every image itself (src/engine/image_import.h), so the
// limits and messages are the same as the CLI's. Attaches through api.js's aeplayAttachHooks.
(function () {
  'use strict';
  const kMaxUploadBytes = 64 << 20;  // one upload: all its files together
  let ctx = null;                    // {M, fn, withBytes, notify, api}

  // --- IndexedDB: one record, the set as the .npz the module exports -----------------------------
  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open('aeplay-myset', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('set');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function storeSet(op, bytes) {
    const db = await openDb();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction('set', op === 'get' ? 'readonly' : 'readwrite');
        const req = op === 'get' ? tx.objectStore('set').get('current') : tx.objectStore('set').put(bytes, 'current');
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = tx.onabort = () => reject(tx.error || req.error);
      });
    } finally { db.close(); }
  }
  // Saves are chained, so the last change is the one stored.
  let saving = Promise.resolve();
  let savedVersion = 0;
  function saveSet(bytes) {
    const copy = bytes.slice();
    saving = saving.then(() => storeSet('put', copy)).then(() => { savedVersion += 1; })
      .catch((e) => ctx.notify('Could not keep my set in this browser (download it to keep it): ' + e));
    return saving;
  }

  function exportSet() {
    const { M, fn } = ctx;
    const sizePtr = fn.alloc(4);
    try {
      const ptr = fn.user_set_export(sizePtr);
      return M.HEAPU8.slice(ptr, ptr + M.HEAP32[sizePtr >> 2]);
    } finally { fn.free(sizePtr); }
  }

  function pickFiles(accept, multiple, use) {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.id = multiple ? 'aeplay-image-files' : 'aeplay-set-file';
    input.style.display = 'none';
    input.onchange = async () => {
      const files = Array.from(input.files);
      input.remove();
      if (files.length) await use(files);
    };
    document.body.appendChild(input);
    input.click();
  }

  // Adds the files with the Data panel's class, fit and invert; one notice sums it up.
  async function addImageFiles(files, options = {}) {
    const { fn, withBytes } = ctx;
    const upload = Object.assign(JSON.parse(fn.user_set_json()).upload, options);
    const total = files.reduce((n, f) => n + f.size, 0);
    if (total > kMaxUploadBytes) {
      ctx.notify(`Not uploaded: ${(total / 2 ** 20).toFixed(0)} MiB of files, more than the ${kMaxUploadBytes >> 20} MiB one upload may hold`);
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
    ctx.notify(text);
    return { added, refused };
  }

  function importSetBytes(bytes, name) {
    const err = ctx.withBytes(bytes, (p, n) => ctx.fn.user_set_import(p, n, name));
    if (err) throw new Error(err);
  }

  window.aeplayAttachHooks = window.aeplayAttachHooks || [];
  window.aeplayAttachHooks.push(async (c) => {
    ctx = c;
    Object.assign(window.aeplayHost, {
      // The Data panel's "Upload images..."; `options` ({className, fit, invert}) override the panel's choices.
      requestImageFiles(options = {}) {
        pickFiles('image/png,image/jpeg,.png,.jpg,.jpeg', true, (files) => addImageFiles(files, options));
      },
      requestUserSetFile() {
        pickFiles('.npz,application/octet-stream', false, async ([file]) => {
          try {
            importSetBytes(new Uint8Array(await file.arrayBuffer()), file.name);
            ctx.notify(`Loaded ${file.name} as my set.`);
          } catch (e) { ctx.notify('My set not loaded: ' + e.message); }
        });
      },
      saveUserSet(bytes) { saveSet(bytes); },
    });
    Object.assign(ctx.api, {
      // 'mnist', 'fashion' or 'mine'; throws with the reason for anything else.
      setDataset(id) { const err = ctx.fn.set_dataset(String(id)); if (err) throw new Error(err); },
      // {size, classes, labels, version, limits, upload: {className, fit, invert}, gridRect, selected}
      userSet: () => JSON.parse(ctx.fn.user_set_json()),
      // Files (File objects) into my set; options override the Data panel's {className, fit, invert}.
      addImageFiles: (files, options) => addImageFiles(Array.from(files), options),
      addInputToUserSet(className) { const err = ctx.fn.user_set_add_input(String(className)); if (err) throw new Error(err); },
      removeFromUserSet: (index) => ctx.fn.user_set_remove(index) === 1,
      exportUserSet: () => exportSet(),  // the .npz bytes
      importUserSet: (bytes, name = 'set.npz') => importSetBytes(bytes, name),
      userSetSaved: () => saving.then(() => savedVersion),  // resolves when every save so far is stored
    });
    // The set kept from an earlier visit (a broken record is reported, and the stored one kept as it is).
    const stored = await storeSet('get').catch(() => null);
    if (stored && stored.length) {
      const err = ctx.withBytes(stored, (p, n) => ctx.fn.user_set_import(p, n, 'my set (kept in this browser)'));
      if (err) ctx.notify('Could not restore my set: ' + err);
    }
  });
})();
