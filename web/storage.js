// The user's trained model in the browser's IndexedDB (models are megabytes), made to survive faults:
// - every tab saves to its own record (its key lives in sessionStorage, so a reload of the tab finds it again)
//   and holds a Web Lock on it, so two tabs that train never overwrite each other's model; a new tab takes the
//   newest record no open tab holds;
// - a record is one value {model, history, epochs, savedAt} written in one transaction, so a tab killed while
//   it saves leaves the previous complete record, never half of one;
// - storage that is missing (private windows), full (quota) or holds a damaged record is reported in a notice
//   that offers the model as a download; nothing here throws into the page.
// web/loader.js calls restore() once at start, web/host.js save() and forget().
import { objectStore } from './idb.js';
import { download } from './files.js';

const DB_NAME = 'aeplay', STORE = 'trained', KEEP = 4;  // records kept for tabs that are closed
const LOCK = 'aeplay-trained:';                        // + record key: held by the tab that owns the record
const SESSION_KEY = 'aeplay-trained-record';
let key = null;         // this tab's record
let restoredAt = null;  // when the record this tab restored was saved

// --- the notice (index.html #storage-notice): what happened, and the model as a download --------------
const noticeEl = document.getElementById('storage-notice');
const noticeText = document.getElementById('storage-notice-text');
const downloadButton = document.getElementById('storage-download');
let offered = null;  // {name, bytes} the download button gives
downloadButton.addEventListener('click', () => { if (offered) download(offered.name, offered.bytes); });
document.getElementById('storage-dismiss').addEventListener('click', () => { noticeEl.hidden = true; });
function showNotice(text, offer = null) {
  noticeText.textContent = text;
  offered = offer;
  downloadButton.hidden = !offer;
  noticeEl.hidden = false;
  console.warn('aeplay: ' + text);
}

const store = objectStore(DB_NAME, STORE);
const transaction = (mode, use) => store.run(mode, use);
async function readAll() {
  const keys = await transaction('readonly', (s) => s.getAllKeys());
  const values = await transaction('readonly', (s) => s.getAll());
  return keys.map((k, i) => ({ key: k, value: values[i] }));
}

// --- which record is this tab's ---------------------------------------------------------------------
function sessionGet() { try { return sessionStorage.getItem(SESSION_KEY); } catch (e) { return null; } }
function sessionSet(k) { try { sessionStorage.setItem(SESSION_KEY, k); } catch (e) { /* kept for this page only */ } }
// Takes the lock on record `k` for the rest of this page's life; resolves false if another tab holds it.
function tryLock(k) {
  if (!navigator.locks) return Promise.resolve(true);  // no Web Locks: records are still per tab
  return new Promise((resolve) => {
    navigator.locks.request(LOCK + k, { ifAvailable: true }, (lock) => {
      resolve(!!lock);
      return lock ? new Promise(() => {}) : null;  // held until the page goes away
    }).catch(() => resolve(true));  // locks refused here (some sandboxed frames): as without Web Locks
  });
}
async function lockedElsewhere() {
  if (!navigator.locks || !navigator.locks.query) return new Set();
  try {
    const { held = [] } = await navigator.locks.query();
    return new Set(held.map((l) => l.name));
  } catch (e) {
    return new Set();
  }
}
function newKey() { return 'tab-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8); }
const savedAtText = (t) => (t ? new Date(t).toLocaleTimeString() : 'an unknown time');

// The record to restore: this tab's own (a reload), else the newest one no open tab holds.
// Returns {record, where} (where: which record, for the notice), {problem, record} (a damaged one), {note}
// (all records in use by other tabs) or {} (none); never throws.
async function restore() {
  let records;
  try {
    records = await readAll();
  } catch (e) {  // no storage (some private windows): said when a save fails, with the model to download
    console.warn('aeplay: no browser storage for trained models: ' + describe(e));
    key = sessionGet() || newKey();
    sessionSet(key);
    return {};
  }
  const own = sessionGet();
  const mine = own && records.find((r) => r.key === own);
  // A reload may start before the unloading page released its lock: try a few times.
  for (let i = 0; mine && i < 10; ++i) {
    if (await tryLock(own)) return found(mine, 'saved in this tab');
    await new Promise((r) => setTimeout(r, 100));
  }
  const held = await lockedElsewhere();
  const free = records.filter((r) => !held.has(LOCK + r.key))
    .sort((a, b) => ((b.value && b.value.savedAt) || 0) - ((a.value && a.value.savedAt) || 0));
  for (const r of free) if (await tryLock(r.key)) return found(r, 'saved in a tab since closed');
  key = newKey();
  sessionSet(key);
  await tryLock(key);
  if (records.length) {
    return { note: 'Another tab is using the model saved in this browser: this tab keeps its own ' +
                   '(both are kept; close that tab and reload to continue with its model here).' };
  }
  return {};
}
function found(r, where) {
  key = r.key;
  sessionSet(key);
  const v = r.value || {};
  restoredAt = v.savedAt || null;
  if (!(v.model instanceof Uint8Array) || typeof v.history !== 'string') {
    return { problem: 'the stored record holds no model bytes', record: v };
  }
  return { record: v, where: `${where}, at ${savedAtText(v.savedAt)}` };
}
// The record could not be read by the app (a bad file, a broken history): say so, offer its bytes.
function reportUnreadable(reason, record) {
  const bytes = record && record.model instanceof Uint8Array ? record.model : null;
  showNotice(`The model saved in this browser (at ${savedAtText(restoredAt)}) could not be read: ${reason}. ` +
             (bytes ? 'Download the stored file to keep it; ' : '') + 'training here replaces it.',
             bytes ? { name: 'aeplay-saved-model.aep', bytes } : null);
}

function describe(e) {
  if (e && e.name === 'QuotaExceededError') return 'the browser storage is full (QuotaExceededError)';
  return (e && e.name && e.message) ? `${e.name}: ${e.message.replace(/\.$/, '')}` : String(e);
}
// Saves the model and its loss history as one record in one transaction. On failure the notice says why
// and offers this model as a download (the page and training go on); resolves with the reason, or null.
// Saves run one after another (a tiny model can end epochs faster than a transaction commits): the newest
// epoch is written last, and a tab killed meanwhile leaves the last committed one.
let saving = Promise.resolve();
function save(bytes, history) {
  const run = saving.then(() => saveNow(bytes, history));
  saving = run.catch(() => {});
  return run;
}
async function saveNow(bytes, history) {
  if (!key) { key = sessionGet() || newKey(); sessionSet(key); }
  let epochs = 0;
  try { epochs = JSON.parse(history).epochs.length; } catch (e) { /* the app's own JSON: always parses */ }
  try {
    await transaction('readwrite', (s) => s.put({ model: bytes, history, epochs, savedAt: Date.now() }, key));
  } catch (e) {
    showNotice(`Could not save your model in this browser: ${describe(e)}. Download it to keep it.`,
               { name: 'aeplay-trained.aep', bytes });
    return describe(e);
  }
  if (!noticeEl.hidden && offered && offered.name === 'aeplay-trained.aep') noticeEl.hidden = true;  // saved now
  prune().catch(() => {});
  return null;
}
// Keeps the newest KEEP records of tabs that are gone (records of open tabs always stay).
async function prune() {
  const keys = await transaction('readonly', (s) => s.getAllKeys());
  if (keys.length <= KEEP) return;
  const held = await lockedElsewhere();
  const records = (await readAll()).filter((r) => r.key !== key && !held.has(LOCK + r.key))
    .sort((a, b) => ((a.value && a.value.savedAt) || 0) - ((b.value && b.value.savedAt) || 0));
  const drop = records.slice(0, keys.length - KEEP).map((r) => r.key);
  if (drop.length) await transaction('readwrite', (s) => { drop.forEach((k) => s.delete(k)); return null; });
}
function forget() {
  if (key) transaction('readwrite', (s) => s.delete(key)).catch(() => {});
}

export const storage = { restore, save, forget, reportUnreadable, showNotice, key: () => key };
