// Where the CPU goes while the page draws, in the headless Chromium of the browser tests (software WebGL:
// SwiftShader rasterises on the CPU): per-thread CPU time of Chromium's processes, read from /proc, for
//   1. a blank page that only clears a 1280x800 WebGL2 canvas every frame (the floor any WebGL page pays),
//   2. the playground idle, 3. the playground while the worker trains AE-ref (784-256-32, batch 256).
// Columns: frames/s, then cores busy (CPU seconds per second) on the page's thread, in the training worker,
// in the rest of the renderer (compositor, raster), in the GPU process and in the browser process, and the GPU
// process's CPU milliseconds per frame. It explains the worker's ceiling on a 2-core machine (docs/benchmarks.md).
// Prints numbers; asserts nothing. Linux only (/proc).
//   node bench/page-cpu.js [--seconds 5]
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const { serveSite, launchChromium, openPlayground } = require('./chromium');

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) =>
  (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const SECONDS = Number(args.seconds || 5);
const TICKS = 100;  // USER_HZ: /proc's CPU times are in 1/100 s on Linux

// The floor: a WebGL2 canvas of the playground's size and context attributes (SDL's: no antialiasing, no
// alpha; each adds 1-2 ms a frame here), cleared to a new colour every animation frame.
const CLEAR_PAGE = `<!doctype html><body style="margin:0"><canvas id=c width=1280 height=800></canvas><script>
const gl = document.getElementById('c').getContext('webgl2', { antialias: false, alpha: false });
window.frames_ = 0;
(function frame() { gl.clearColor((++window.frames_ % 60) / 60, 0.2, 0.3, 1); gl.clear(gl.COLOR_BUFFER_BIT);
  requestAnimationFrame(frame); })();
</script>`;

const serve = () => serveSite((u) => (u === '/bench/clear.html' ? { body: CLEAR_PAGE, type: 'text/html' } : null));

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
  const a = { cpu: cpuByGroup(), frames: await page.evaluate(frameCount), t: Date.now() };
  await page.waitForTimeout(SECONDS * 1000);
  const b = { cpu: cpuByGroup(), frames: await page.evaluate(frameCount), t: Date.now() };
  const s = (b.t - a.t) / 1000, fps = (b.frames - a.frames) / s;
  const cores = Object.fromEntries(Object.keys(a.cpu).map((k) => [k, (b.cpu[k] - a.cpu[k]) / s]));
  return { kind: 'page_cpu', scenario, fps, cores, gpu_ms_per_frame: fps > 0 ? 1000 * cores.gpu / fps : NaN };
}

(async () => {
  const { server, url } = await serve();
  const browser = await launchChromium();
  const rows = [];
  try {
    let page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url + 'bench/clear.html');
    await page.waitForTimeout(1000);
    rows.push(await measure(page, 'blank page clearing a 1280x800 WebGL2 canvas', () => window.frames_));
    await page.close();

    page = await openPlayground(browser, url);
    await page.evaluate(() => window.aeplay.loadTrainingSet());
    await page.waitForTimeout(1000);
    const frames = () => window.aeplay.frameCount();
    rows.push(await measure(page, 'playground, idle', frames));
    await page.evaluate(() => window.aeplay.train({ layers: '784,256,32', noise: 'none', images: 10000, epochs: 1000, batch: 256 }));
    await page.waitForTimeout(2000);
    rows.push(await measure(page, 'playground, the worker training AE-ref at batch 256', frames));
    await page.evaluate(() => window.aeplay.discardTraining());
    await page.close();
  } finally {
    await browser.close();
    server.close();
  }
  for (const r of rows) console.log(JSON.stringify(r));
  console.log(`\n${os.cpus().length} cores (${os.cpus()[0].model}); cores busy = CPU seconds per second, from /proc\n`);
  console.log('| page | frames/s | page thread | training worker | rest of renderer | GPU process | browser, other | GPU process per frame |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const c = r.cores;
    console.log(`| ${r.scenario} | ${r.fps.toFixed(1)} | ${c.page.toFixed(2)} | ${c.worker.toFixed(2)} | ${c.renderer.toFixed(2)} | ` +
                `${c.gpu.toFixed(2)} | ${c.other.toFixed(2)} | ${r.gpu_ms_per_frame.toFixed(1)} ms |`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
