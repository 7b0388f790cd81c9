// aeplay's service worker: the page works offline after one visit, and an update is taken whole. Only a release
// (scripts/stamp-site.js: the page's files under v/BUILD/, version.json at the root) registers it
// (web/offline.js); the development site (build-web/site) runs without it.
//   aeplay-v-BUILD   one release: its index.html, lessons.html, v/BUILD/ files and version.json, fetched whole
//                    (precached) before the release is used; files of v/BUILD/ fetched later (the scalar
//                    build) join it.
//   aeplay-files     the data sets and models (stable paths) as the page fetches them, any size (the Cache API
//                    has no size limit of its own; a full disk only means the file is not kept).
//   aeplay-state     {current, pending, previous}: the release navigations get, the one ready to follow.
// Updates: the page asks (message 'check') once it runs; a new release is precached whole into its own cache
// and becomes `pending`, and the page says so. The next navigation (a reload, a new tab) switches to it; a page
// already open keeps its own release's files (the previous release stays cached), so no page mixes two.
'use strict';
const STATE = 'aeplay-state', FILES = 'aeplay-files', RELEASE = 'aeplay-v-';
const scope = self.registration.scope;
const at = (p) => new URL(p, scope).href;
const rel = (href) => href.startsWith(scope) ? href.slice(scope.length).split(/[?#]/)[0] : null;

async function readState() {
  const hit = await (await caches.open(STATE)).match(at('sw-state'));
  return hit ? hit.json() : {};
}
async function writeState(s) {
  await (await caches.open(STATE)).put(at('sw-state'), new Response(JSON.stringify(s)));
}
async function manifestOf(build) {
  if (!build) return null;
  const hit = await (await caches.open(RELEASE + build)).match(at('version.json'));
  return hit ? hit.json() : null;
}
async function latestManifest() {
  const res = await fetch(at('version.json'), { cache: 'no-store' });
  if (!res.ok) throw new Error('version.json: HTTP ' + res.status);
  return res.json();
}

// Fetches a release whole (its version.json last: a release without one is incomplete and never used).
async function precache(m) {
  if (await manifestOf(m.build)) return;
  const cache = await caches.open(RELEASE + m.build), files = await caches.open(FILES);
  await Promise.all(m.precache.map(async (p) => {
    const stable = !p.startsWith('v/') && !p.endsWith('.html');
    if (stable && await files.match(at(p))) return;
    const res = await fetch(at(p), { cache: 'no-store' });
    if (!res.ok) throw new Error(p + ': HTTP ' + res.status);
    if (p === 'index.html' && !(await res.clone().text()).includes(`v/${m.build}/`)) throw new Error('index.html of another release');
    await (stable ? files : cache).put(at(p), res);
  }));
  await cache.put(at('version.json'), new Response(JSON.stringify(m)));
}

// The pending release becomes the current one: the data sets and models whose content differs are dropped,
// releases older than the previous one deleted.
async function promote(s) {
  const [was, next] = await Promise.all([manifestOf(s.current), manifestOf(s.pending)]);
  if (!next) return s;
  const files = await caches.open(FILES);
  for (const req of await files.keys()) {
    const p = rel(req.url);
    if (!was || !p || was.files[p] !== next.files[p]) await files.delete(req);
  }
  const now = { current: next.build, previous: s.current };
  await writeState(now);
  const keep = [RELEASE + now.current, RELEASE + now.previous];
  for (const k of await caches.keys()) if (k.startsWith(RELEASE) && !keep.includes(k)) await caches.delete(k);
  return now;
}

async function check() {
  let m;
  try {
    m = await latestManifest();
  } catch (err) {  // offline: nothing new to know
    const s = await readState();
    return { current: s.current, pending: s.pending || null, version: (await manifestOf(s.pending))?.version || null };
  }
  const s = await readState();
  if (m.build !== s.current && m.build !== s.pending) {
    await precache(m);
    await writeState({ ...(await readState()), pending: m.build });
  }
  const now = await readState();
  return { current: now.current, pending: now.pending || null, version: (await manifestOf(now.pending))?.version || null };
}

self.addEventListener('install', (e) => {
  e.waitUntil((async () => {
    const s = await readState();
    if (!s.current) {  // the first visit: this release, whole
      const m = await latestManifest();
      await precache(m);
      await writeState({ current: m.build });
    }
    await self.skipWaiting();
  })());
});
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

async function page(req, p) {
  let s = await readState();
  if (req.mode === 'navigate' && s.pending && s.pending !== s.current) s = await promote(s);
  const hit = s.current && await (await caches.open(RELEASE + s.current)).match(at(p || 'index.html'));
  return hit || fetch(req);
}
async function cached(e, cacheName) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(e.request.url, { ignoreSearch: true });
  if (hit) return hit;
  const res = await fetch(e.request);
  if (res.status === 200) {  // kept as it streams to the page; a file too big for the disk is not kept
    e.waitUntil(cache.put(e.request.url.split(/[?#]/)[0], res.clone())
      .catch((err) => console.warn(`aeplay: ${e.request.url} not kept for offline use (${err.message})`)));
  }
  return res;
}
async function networkFirst(req) {
  try {
    return await fetch(req, { cache: 'no-store' });
  } catch (err) {
    const s = await readState();
    return (s.current && await (await caches.open(RELEASE + s.current)).match(at('version.json'))) || Response.error();
  }
}

self.addEventListener('fetch', (e) => {
  const p = e.request.method === 'GET' ? rel(e.request.url) : null;
  if (p === null) return;
  if (e.request.mode === 'navigate' || p === '' || p.endsWith('.html')) e.respondWith(page(e.request, p));
  else if (p === 'version.json') e.respondWith(networkFirst(e.request));
  else if (p.startsWith('v/')) e.respondWith(cached(e, RELEASE + p.split('/')[1]));
  else if (p.startsWith('assets/') || p.startsWith('data/')) e.respondWith(cached(e, FILES));
});

// From the page (web/offline.js), answered on the message's port: 'check' (is a newer release ready?),
// 'remember' (data sets and models the page fetched before this worker controlled it).
self.addEventListener('message', (e) => {
  const port = e.ports[0], m = e.data || {};
  const reply = (p) => e.waitUntil(p.then((r) => port && port.postMessage({ ok: true, ...r }),
    (err) => port && port.postMessage({ ok: false, error: String(err && err.message || err) })));
  if (m.type === 'check') reply(check());
  else if (m.type === 'remember') {
    reply(caches.open(FILES).then((files) => Promise.all((m.urls || []).filter((u) => /^(assets|data)\//.test(rel(u) || ''))
      .map(async (u) => { if (!(await files.match(u))) await files.add(u); }))).then(() => ({})));
  }
});
