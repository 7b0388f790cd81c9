// Reading and writing the trained-model records of web/storage.js straight from IndexedDB, as a test sees
// them: {key, epochs, historyEpochs, bytes, magic, savedAt} per record (model bytes summarised, not copied).
'use strict';

function records(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('aeplay', 1);
    req.onerror = () => reject(req.error);
    req.onupgradeneeded = () => req.result.createObjectStore('trained');
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction('trained', 'readonly');
      const s = tx.objectStore('trained');
      const keys = s.getAllKeys(), values = s.getAll();
      tx.oncomplete = () => {
        db.close();
        resolve(keys.result.map((key, i) => {
          const v = values.result[i] || {};
          let historyEpochs = -1;
          try { historyEpochs = JSON.parse(v.history).epochs.length; } catch (e) { /* reported as -1 */ }
          const m = v.model instanceof Uint8Array ? v.model : new Uint8Array(0);
          return { key, epochs: v.epochs, historyEpochs, bytes: m.length, magic: String.fromCharCode(...m.slice(0, 4)),
                   savedAt: v.savedAt };
        }));
      };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

// Writes `value` (model given as base64) under `key`.
function writeRecord(page, key, value) {
  return page.evaluate(({ key, value }) => new Promise((resolve, reject) => {
    const req = indexedDB.open('aeplay', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('trained');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const v = { ...value };
      if (typeof v.model === 'string') v.model = Uint8Array.from(atob(v.model), (c) => c.charCodeAt(0));
      const tx = db.transaction('trained', 'readwrite');
      tx.objectStore('trained').put(v, key);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), { key, value });
}

module.exports = { records, writeRecord };
