// The page's one IndexedDB helper: a database holding one object store, opened once (again after a failure),
// and transactions as promises. web/storage.js keeps the trained model in ('aeplay', 'trained'), web/myset.js
// my set in ('aeplay-myset', 'set').

export function objectStore(dbName, storeName) {
  let dbPromise = null;
  function open() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const req = indexedDB.open(dbName, 1);  // may throw (SecurityError in some private modes)
        req.onupgradeneeded = () => req.result.createObjectStore(storeName);
        req.onsuccess = () => {
          const db = req.result;
          db.onversionchange = () => { db.close(); dbPromise = null; };  // another page deletes or upgrades it
          resolve(db);
        };
        req.onerror = () => reject(req.error);
        req.onblocked = () => reject(new Error('the browser storage is blocked by another tab'));
      });
      dbPromise.catch(() => { dbPromise = null; });  // try again at the next call
    }
    return dbPromise;
  }
  // Runs `use(store)` in one transaction; resolves with the last request's result once it committed.
  async function run(mode, use) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      let result;
      const req = use(tx.objectStore(storeName));
      if (req) req.onsuccess = () => { result = req.result; };
      tx.oncomplete = () => resolve(result);
      tx.onabort = tx.onerror = () => reject(tx.error || (req && req.error) || new Error('the transaction was aborted'));
    });
  }
  return { run };
}
