// The first visit on an emulated school laptop (issue 27): Chromium's CPU throttled 4x, 10 Mbit/s down, 5 Mbit/s
// up, 40 ms latency (CDP Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate), an empty cache (a
// fresh browser context per run, the cache disabled), the site served gzipped as a real host serves it
// (scripts/static-gzip.js). Prints, per run and as the median: the time from navigation to the first
// reconstruction (aeplay.ready), the bytes on the wire before it (the encoded sizes CDP reports, headers
// included) and what they were; then when the full test set was in and the bytes by then. Asserts nothing.
//   node bench/first-visit.js [--runs 3] [--peer REF] [--list]
// --peer REF: the same measurement of the page as commit REF shipped it (its web/ files and assets/models from
// git, beside this build's wasm, which reads every model version): the "before" row. --list: every request.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, SITE, serveSite, launchChromium } = require('./chromium');

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) =>
  (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]] : a), []));
const RUNS = Number(args.runs || 3);
const TARGET_MS = 2500, TARGET_BYTES = 2e6;
const NETWORK = { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 5e6 / 8 };
const CPU_SLOWDOWN = 4;

// When aeplay.ready resolves, by the page's clock (ms from navigation start): a setter catches the API object
// page.js creates, so nothing polls.
function markReady() {
  let api;
  Object.defineProperty(window, 'aeplay', {
    configurable: true,
    get: () => api,
    set: (v) => {
      api = v;
      if (v && v.ready) v.ready.then(() => { window.__firstReconstructionAt = performance.now(); }, () => {});
    },
  });
}

// One visit: returns {readyMs, bytesBefore, requestsBefore, fullMs, bytesFull, requests}.
async function visit(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(markReady);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const requests = new Map();  // CDP requestId -> {url, bytes, end (CDP seconds)}
  let navigationStart = null;  // CDP monotonic seconds of the document request
  cdp.on('Network.requestWillBeSent', (e) => {
    if (navigationStart === null) navigationStart = e.timestamp;
    requests.set(e.requestId, { url: e.request.url, bytes: 0, end: null, start: e.timestamp });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, end: e.timestamp });
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__firstReconstructionAt !== undefined, null, { timeout: 120000, polling: 50 });
  const readyMs = await page.evaluate(() => window.__firstReconstructionAt);
  // The full test set (and the other models) come after the first reconstruction.
  const fullMs = await page.evaluate(() => Promise.resolve(window.aeplay.testSetLoaded).then(() => performance.now()));
  await page.waitForTimeout(200);
  await context.close();
  const done = [...requests.values()].filter((r) => r.end !== null);
  const before = done.filter((r) => (r.end - navigationStart) * 1000 <= readyMs);
  const byFull = done.filter((r) => (r.end - navigationStart) * 1000 <= fullMs);
  const sum = (list) => list.reduce((s, r) => s + r.bytes, 0);
  return { readyMs, bytesBefore: sum(before), requestsBefore: before, fullMs, bytesFull: sum(byFull),
           started: [...requests.values()].filter((r) => (r.start - navigationStart) * 1000 <= readyMs).length };
}

// A site as commit `ref` shipped it: this build's site with web/ and assets/models/ from git.
function peerSite(ref) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-first-visit-'));
  fs.cpSync(SITE, dir, { recursive: true });
  const git = (...a) => execFileSync('git', ['-C', ROOT, ...a], { maxBuffer: 1 << 30 });
  for (const prefix of ['web/', 'assets/models/']) {
    for (const file of git('ls-tree', '--name-only', `${ref}:${prefix}`).toString().split('\n').filter(Boolean)) {
      if (prefix === 'web/' && !/\.(html|css|js)$/.test(file)) continue;
      const out = path.join(dir, prefix === 'web/' ? '' : prefix, file);
      fs.writeFileSync(out, git('show', `${ref}:${prefix}${file}`));
    }
  }
  return dir;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b) => (b / 1e6).toFixed(2);

async function measure(browser, label, site) {
  const { server, url } = await serveSite(() => null, site);
  const runs = [];
  try {
    for (let i = 0; i < RUNS; ++i) {
      const r = await visit(browser, url);
      runs.push(r);
      console.log(JSON.stringify({ kind: 'first_visit', site: label, run: i + 1, ready_ms: Math.round(r.readyMs),
                                   bytes_before: r.bytesBefore, full_test_set_ms: Math.round(r.fullMs),
                                   bytes_by_full_test_set: r.bytesFull }));
      if (args.list && i === 0) {
        for (const q of r.requestsBefore.sort((a, b) => b.bytes - a.bytes))
          console.log(`  ${String(q.bytes).padStart(9)}  ${q.url.replace(url, '/')}`);
      }
    }
  } finally {
    server.close();
  }
  return { label, readyMs: median(runs.map((r) => r.readyMs)), bytesBefore: median(runs.map((r) => r.bytesBefore)),
           fullMs: median(runs.map((r) => r.fullMs)), bytesFull: median(runs.map((r) => r.bytesFull)) };
}

(async () => {
  if (!fs.existsSync(path.join(SITE, 'aeplay.wasm'))) throw new Error(`no web build in ${SITE}: run scripts/build-web.sh`);
  const browser = await launchChromium();
  const rows = [];
  let peerDir = null;
  try {
    rows.push(await measure(browser, 'this build', SITE));
    if (args.peer) {
      peerDir = peerSite(args.peer);
      rows.push(await measure(browser, `as ${args.peer} shipped it`, peerDir));
    }
  } finally {
    await browser.close();
    if (peerDir) fs.rmSync(peerDir, { recursive: true, force: true });
  }
  console.log(`\nfirst visit: CPU ${CPU_SLOWDOWN}x slower, 10 Mbit/s down, 40 ms latency, empty cache, gzip; median of ${RUNS}` +
              ` runs (${os.cpus().length} cores, ${os.cpus()[0].model})\n`);
  console.log('| page | first reconstruction | target | bytes before it | target | full test set in | bytes by then |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.label} | ${(r.readyMs / 1000).toFixed(2)} s | <= ${TARGET_MS / 1000} s | ${mb(r.bytesBefore)} MB | ` +
                `<= ${mb(TARGET_BYTES)} MB | ${(r.fullMs / 1000).toFixed(2)} s | ${mb(r.bytesFull)} MB |`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
