// The release the page runs (its version and build, the "about" line) and, in a release, the service worker
// (web/sw.js) that keeps the page working offline after one visit and takes updates whole. A release keeps
// this script under v/BUILD/ (scripts/stamp-site.js); the development site (no v/ in the path) registers no
// service worker. A browser without service workers, or one that refuses them (a private window), runs the
// page online as before, silently.
//   aeplay.build()     the release's build (the hash of its files), null in the development site
//   aeplay.offline     {state: 'none' | 'starting' | 'ready' | 'failed', error (why it failed), update: null | {version, build},
//                       settled: a promise resolved once the state is no longer 'starting'}
const build = (import.meta.url.match(/\/v\/([0-9a-f]{6,})\/[^/]*$/) || [])[1] || null;

function showAbout(api) {
  const about = document.getElementById('about');
  if (about) about.textContent = `aeplay ${api.version()}` + (build ? ` (build ${build})` : '');
  return about;
}

// "A new version is ready": shown once its files are all in the cache; it starts with the next load.
function showUpdate(update) {
  const el = document.getElementById('update-notice');
  if (!el) return;
  el.textContent = `A new version of aeplay${update.version ? ' (' + update.version + ')' : ''} is ready: ` +
    'it starts the next time you open or reload this page.';
  el.hidden = false;
}

function ask(worker, message) {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => (e.data.ok ? resolve(e.data) : reject(new Error(e.data.error)));
    worker.postMessage(message, [channel.port2]);
  });
}

async function startWorker(api, offline) {
  const root = new URL('../../', import.meta.url);
  const registration = await navigator.serviceWorker.register(new URL('sw.js', root), { scope: root.href });
  await navigator.serviceWorker.ready;
  const worker = registration.active;
  // What this page fetched before the worker controlled it (the first visit): into the cache too.
  const urls = performance.getEntriesByType('resource').map((r) => r.name).filter((u) => u.startsWith(root.href));
  await ask(worker, { type: 'remember', urls });
  // ... and what was on its way then (the core models load after the first reconstruction).
  const later = () => ask(worker, { type: 'remember', urls: performance.getEntriesByType('resource').map((r) => r.name)
    .filter((u) => u.startsWith(root.href)) });
  if (api.modelsLoaded) await api.modelsLoaded.then(later, later);
  const answer = await ask(worker, { type: 'check' });
  offline.state = 'ready';
  if (answer.pending && answer.pending !== build) {
    offline.update = { version: answer.version, build: answer.pending };
    showUpdate(offline.update);
  }
}

export function startOffline(api) {
  let settle;
  const offline = (api.offline = { state: 'none', update: null, settled: new Promise((r) => { settle = r; }) });
  api.build = () => build;
  api.ready.then(() => showAbout(api), () => {});
  const scorm = new URLSearchParams(location.search).has('scorm');  // a learning platform hosts the files
  if (!build || scorm || !('serviceWorker' in navigator)) return settle(offline);
  offline.state = 'starting';
  // After the first reconstruction: the worker's downloads must not slow what the first visit shows.
  api.ready.then(() => startWorker(api, offline)).catch((e) => {
    offline.state = 'failed';
    offline.error = String(e && e.message || e);
    console.info('aeplay: no offline copy (' + (e && e.message || e) + ')');  // e.g. a private window
  }).then(() => settle(offline));
}
