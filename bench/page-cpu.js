// What the page costs while nothing happens, and how fast it answers a pointer, in the headless Chromium of the
// browser tests (software WebGL: SwiftShader rasterises on the CPU). Per-thread CPU time of Chromium's
// processes, read from /proc, for
//   1. a blank page (the floor any page pays), 2. the playground alone at 1280x800, idle after load,
//   3. a course page with three cross-origin playgrounds (900x480 each, all in view), idle,
//   4. the playground while the worker trains AE-ref (784-256-32, batch 256),
// then the time from a pointer event on the canvas to the app's drawn frame (p50, p95), idle and training.
// The page draws on demand (src/app/platform/frame_pacer.h); targets from issue 27: idle <= 0.05 cores above
// the blank page, three embeds <= 0.1, pointer to frame p95 <= one frame interval + 16 ms.
// Prints numbers; asserts nothing. Linux only (/proc).
//   node bench/page-cpu.js [--seconds 10]
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const { serveSite, launchChromium, openPlayground } = require('./chromium');

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) =>
  (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const SECONDS = Number(args.seconds || 10);
const TICKS = 100;  // USER_HZ: /proc's CPU times are in 1/100 s on Linux

const BLANK_PAGE = '<!doctype html><title>blank</title><link rel="icon" href="data:,"><body></body>';
// Three playgrounds on another origin (localhost vs 127.0.0.1: same server, two origins).
const coursePage = (appUrl) => `<!doctype html><title>course page</title><link rel="icon" href="data:,">
<body style="margin:0;background:#fff">${[1, 2, 3].map((i) =>
  `<h2>Part ${i}</h2><iframe src="${appUrl}?embed=1" width="900" height="480" style="border:0;display:block"></iframe>`).join('')}
</body>`;
const read = (f) => { try { return fs.readFileSync(f, 'utf8'); } catch { return null; } };
// Fields after the ")" that closes the command name (which may hold spaces): state is [0], ppid [1], utime [11], stime [12].
const statFields = (text) => text.slice(text.lastIndexOf(')') + 2).split(' ');

// Every process below this Node process (Chromium's browser, zygotes, renderers, GPU process), by pid.
function chromiumProcesses() {
  const parent = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = read(`/proc/${d}/stat`);
    if (s) parent.set(Number(d), Number(statFields(s)[1]));
  }
  const below = (pid) => { for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true; return false; };
  return [...parent.keys()].filter(below);
}

// CPU seconds so far per group: the page's thread (a renderer's main thread), training workers, the rest of
// the renderers, the GPU process, everything else (the browser process, utilities).
function cpuByGroup() {
  const groups = { page: 0, worker: 0, renderer: 0, gpu: 0, other: 0 };
  for (const pid of chromiumProcesses()) {
    // Chromium rewrites its children's command lines into one space-separated string (setproctitle).
    const type = ((read(`/proc/${pid}/cmdline`) || '').match(/--type=([^\s\0]+)/) || [])[1] || '';
    let tids = [];
    try { tids = fs.readdirSync(`/proc/${pid}/task`).map(Number); } catch { continue; }
    for (const tid of tids) {
      const s = read(`/proc/${pid}/task/${tid}/stat`);
      if (!s) continue;
      const f = statFields(s), seconds = (Number(f[11]) + Number(f[12])) / TICKS;
      const name = (read(`/proc/${pid}/task/${tid}/comm`) || '').trim();
      const group = type === 'renderer' ? (tid === pid ? 'page' : name.startsWith('DedicatedWorker') ? 'worker' : 'renderer')
        : type === 'gpu-process' ? 'gpu' : 'other';
      groups[group] += seconds;
    }
  }
  return groups;
}

async function measure(page, scenario, frameCount) {
  const a = { cpu: cpuByGroup(), frames: await frameCount(), t: Date.now() };
  await page.waitForTimeout(SECONDS * 1000);
  const b = { cpu: cpuByGroup(), frames: await frameCount(), t: Date.now() };
  const s = (b.t - a.t) / 1000;
  const cores = Object.fromEntries(Object.keys(a.cpu).map((k) => [k, (b.cpu[k] - a.cpu[k]) / s]));
  const total = Object.values(cores).reduce((x, y) => x + y, 0);
  return { kind: 'page_cpu', scenario, fps: (b.frames - a.frames) / s, cores, total };
}

// Waits until the app in `frame` has drawn nothing for a second (loading done).
async function settle(frame) {
  let last = -1;
  for (let i = 0; i < 60; ++i) {
    const n = await frame.evaluate(() => window.aeplay.frameCount());
    if (n === last) return;
    last = n;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// Pointer moves over the canvas (CDP input, as a real mouse): milliseconds from the event (its timeStamp) to
// the end of the app's next drawn frame (Module.aeplayFrameDrawnAt, set by platform_web.cpp after each frame).
async function pointerLatency(page, moves = 25) {
  await page.evaluate(() => {
    window.__lat = { events: [], frames: [] };
    document.getElementById('canvas').addEventListener('pointermove', (e) => window.__lat.events.push(e.timeStamp));
    let last = window.aeplay.module.aeplayFrameDrawnAt;
    (function watch() {
      if (!window.__lat) return;
      const at = window.aeplay.module.aeplayFrameDrawnAt;
      if (at !== last) { last = at; window.__lat.frames.push(at); }
      requestAnimationFrame(watch);
    })();
  });
  for (let i = 0; i < moves; ++i) {
    await page.mouse.move(300 + (i % 2) * 40, 300 + (i % 3) * 20);
    await page.waitForTimeout(800);  // past the 600 ms of settling frames after the move before: from idle
  }
  await page.waitForTimeout(100);
  const { events, frames } = await page.evaluate(() => { const l = window.__lat; window.__lat = null; return l; });
  const lat = events.map((t) => { const f = frames.find((x) => x >= t); return f === undefined ? NaN : f - t; })
    .filter(Number.isFinite).sort((x, y) => x - y);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { n: lat.length, p50: q(0.5), p95: q(0.95) };
}

async function idleRows(browser, url, rows) {
  let page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url + 'bench/blank.html');
  await page.waitForTimeout(1000);
  const blank = await measure(page, 'blank page', async () => 0);
  rows.push(blank);
  await page.close();

  page = await openPlayground(browser, url);
  await page.evaluate(() => window.aeplay.modelsLoaded);
  await settle(page);
  rows.push(await measure(page, 'playground 1280x800, idle', () => page.evaluate(() => window.aeplay.frameCount())));
  const latency = { idle: await pointerLatency(page) };
  await page.close();

  // Tall enough that all three are on screen (Chromium stops the animation frames of cross-origin frames out of
  // view, which would hide what the playgrounds cost).
  page = await browser.newPage({ viewport: { width: 1280, height: 1700 } });
  await page.goto(url.replace('127.0.0.1', 'localhost') + 'bench/course.html');
  const apps = () => page.frames().filter((f) => f !== page.mainFrame());
  for (let i = 0; i < 600 && apps().length < 3; ++i) await page.waitForTimeout(100);
  for (const f of apps()) {
    await f.waitForFunction(() => window.aeplay && window.aeplay.ready, null, { timeout: 120000 });
    await f.evaluate(() => window.aeplay.ready.then(() => window.aeplay.modelsLoaded));
    await settle(f);
  }
  const frames = async () => (await Promise.all(apps().map((f) => f.evaluate(() => window.aeplay.frameCount())))).reduce((a, b) => a + b, 0);
  rows.push(await measure(page, 'course page, three embeds 900x480, idle', frames));
  await page.close();
  return { blank, latency };
}

async function trainingRows(browser, url, rows, latency) {
  const page = await openPlayground(browser, url);
  await page.evaluate(() => window.aeplay.loadTrainingSet());
  await page.evaluate(() => window.aeplay.train({ layers: '784,256,32', noise: 'none', images: 10000, epochs: 1000, batch: 256 }));
  await page.waitForTimeout(2000);
  rows.push(await measure(page, 'playground, the worker training AE-ref at batch 256',
                          () => page.evaluate(() => window.aeplay.frameCount())));
  latency.training = await pointerLatency(page);
  await page.evaluate(() => window.aeplay.discardTraining());
  await page.close();
}

function print(rows, blank, latency) {
  for (const r of rows) console.log(JSON.stringify(r));
  console.log(JSON.stringify({ kind: 'pointer_latency', ...latency }));
  console.log(`\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${os.cpus()[0].model}), headless ` +
              `Chromium, software WebGL; cores busy = CPU seconds per second of Chromium's whole process tree (/proc), ${SECONDS} s\n`);
  console.log('| page | frames/s | whole tree | above blank | target | page thread | training worker | rest of renderer | GPU process | browser, other |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const targets = { 'playground 1280x800, idle': '<= 0.05', 'course page, three embeds 900x480, idle': '<= 0.1' };
  for (const r of rows) {
    const c = r.cores;
    console.log(`| ${r.scenario} | ${r.fps.toFixed(1)} | ${r.total.toFixed(3)} | ${(r.total - blank.total).toFixed(3)} | ` +
                `${targets[r.scenario] || ''} | ${c.page.toFixed(3)} | ${c.worker.toFixed(2)} | ${c.renderer.toFixed(3)} | ` +
                `${c.gpu.toFixed(3)} | ${c.other.toFixed(3)} |`);
  }
  const ms = (x) => (x === undefined ? '-' : x.toFixed(1));
  console.log('\n| pointer event to drawn frame | moves | p50 | p95 | target p95 |');
  console.log('|---|---|---|---|---|');
  for (const [k, l] of Object.entries(latency)) console.log(`| ${k} | ${l.n} | ${ms(l.p50)} ms | ${ms(l.p95)} ms | <= 32.7 ms |`);
}

(async () => {
  const { server, url } = await serveSite((u) => (u === '/bench/blank.html' ? { body: BLANK_PAGE, type: 'text/html' }
    : u === '/bench/course.html' ? { body: coursePage(SITE_URL), type: 'text/html' } : null));
  const SITE_URL = url;
  const browser = await launchChromium();
  const rows = [];
  let blank, latency;
  try {
    ({ blank, latency } = await idleRows(browser, url, rows));
    await trainingRows(browser, url, rows, latency);
  } finally {
    await browser.close();
    server.close();
  }
  print(rows, blank, latency);
})().catch((e) => { console.error(e); process.exit(1); });
