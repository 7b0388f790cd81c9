// Memory of the playground in the headless Chromium of the browser tests (issue 27): the page's wasm memory at
// its first reconstruction, then, after starting a run of 784-256-32 on all 60,000 MNIST training images through
// the training worker, the page's wasm memory, the worker's (from its reports) and the resident memory (VmRSS,
// from /proc) of Chromium's renderer processes, next to the targets. wasm memory never shrinks, so each figure
// is also the peak so far. Prints numbers; asserts nothing. Linux only (/proc).
//   node bench/memory.js [--seconds 5]      (how long the run trains before the second reading)
// The web build (scripts/build-web.sh) must exist; AEPLAY_SITE picks another site folder (e.g. main's build).
'use strict';
const fs = require('node:fs');
const { serveSite, launchChromium, openPlayground } = require('./chromium');

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) =>
  (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const SECONDS = Number(args.seconds || 5);
const MB = 1 << 20;
const TARGET_FIRST_MB = 64, TARGET_TRAINING_MB = 256;  // issue 27

const read = (f) => { try { return fs.readFileSync(f, 'utf8'); } catch { return null; } };

// Chromium's renderer processes below this Node process: pid and VmRSS in bytes.
function renderers() {
  const parent = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = read(`/proc/${d}/stat`);
    if (s) parent.set(Number(d), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const below = (pid) => { for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true; return false; };
  const out = [];
  for (const pid of parent.keys()) {
    if (!below(pid) || !/--type=renderer/.test(read(`/proc/${pid}/cmdline`) || '')) continue;
    const rss = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) || '');
    if (rss) out.push({ pid, rss: Number(rss[1]) * 1024 });
  }
  return out.sort((a, b) => b.rss - a.rss);
}

const pageMemory = (page) => page.evaluate(() => window.aeplay.module.HEAPU8.buffer.byteLength);
const mb = (bytes) => (bytes / MB).toFixed(1);

// Trains until the worker has reported batches of this run (its images received, its first slices done).
async function startRun(page) {
  await page.evaluate(() => window.aeplay.train({ layers: '784,256,32', noise: 'none', images: 60000, epochs: 1000, batch: 64 }));
  await page.waitForFunction(() => {  // (a site built before the reports carried it: no workerMemory to wait for)
    const s = window.aeplay.worker.stats;
    return window.aeplay.training().batches > 0 && (!('workerMemory' in s) || s.workerMemory > 0);
  }, null, { timeout: 120000 });
  await page.waitForTimeout(SECONDS * 1000);
  return page.evaluate(() => ({ state: window.aeplay.training().state, batches: window.aeplay.training().batches,
                                worker: window.aeplay.worker.stats.workerMemory || NaN }));
}

(async () => {
  const { server, url } = await serveSite();
  const browser = await launchChromium();
  try {
    const page = await openPlayground(browser, url);
    const first = await pageMemory(page);
    const firstRss = renderers();
    const run = await startRun(page);
    const training = await pageMemory(page);
    const rss = renderers();
    await page.evaluate(() => window.aeplay.discardTraining());
    const row = { kind: 'memory', first_reconstruction_wasm: first, training_page_wasm: training,
                  training_worker_wasm: run.worker, renderer_rss: rss.map((r) => r.rss),
                  first_reconstruction_renderer_rss: firstRss.map((r) => r.rss), run };
    console.log(JSON.stringify(row));
    const both = training + run.worker;
    console.log('\n| memory (MB; wasm memory is also the peak so far) | measured | target |');
    console.log('|---|---|---|');
    console.log(`| page's wasm memory at the first reconstruction | ${mb(first)} | <= ${TARGET_FIRST_MB} |`);
    console.log(`| renderer RSS at the first reconstruction | ${mb(firstRss.length ? firstRss[0].rss : NaN)} | (printed) |`);
    console.log(`| training 784-256-32 on 60,000 MNIST (worker, ${run.batches} batches): page's wasm memory | ${mb(training)} | |`);
    console.log(`| the same: the worker's wasm memory | ${mb(run.worker)} | |`);
    console.log(`| the same: page + worker wasm memory | ${mb(both)} | <= ${TARGET_TRAINING_MB} |`);
    console.log(`| the same: renderer process RSS (page and worker) | ${mb(rss.length ? rss[0].rss : NaN)} | (printed) |`);
    if (rss.length > 1) console.log(`| other renderer processes' RSS | ${rss.slice(1).map((r) => mb(r.rss)).join(', ')} | |`);
  } finally {
    await browser.close();
    server.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
