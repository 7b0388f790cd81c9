// The 2-D lab in one headless Chromium (software WebGL, 1280x800, as the browser tests): each family's training
// rate in the page's training worker in points/s, beside the native rate of the same model (build/bench/lab_bench,
// when built) as a ratio; the views' recomputation per weight snapshot, and the plot's drawing per frame
// (frames asked for in a row while the lab shows every view). Prints numbers; asserts nothing.
//   node bench/lab.js [--seconds 4] [--points 2000] [--native build/bench/lab_bench]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, serveSite, launchChromium, openPlayground } = require('./chromium');

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) =>
  (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const SECONDS = Number(args.seconds || 4);
const POINTS = Number(args.points || 2000);
const NATIVE = path.resolve(args.native || path.join(ROOT, 'build', 'bench', 'lab_bench'));
const FAMILIES = ['plain', 'dae', 'cae', 'sparse', 'vae'];

function nativeRate(family) {
  if (!fs.existsSync(NATIVE)) return NaN;
  const out = execFileSync(NATIVE, ['--shape', 'circle', '--family', family, '--points', String(POINTS), '--seconds', '2']);
  return JSON.parse(String(out)).points_per_s;
}

const labState = (page) => page.evaluate(() => ({ l: window.aeplay.lab(), t: performance.now(), f: window.aeplay.frameCount() }));

async function workerRate(page, family) {
  await page.evaluate((f) => { window.aeplay.setLab(`family=${f}`); window.aeplay.trainLab(); }, family);
  await page.waitForTimeout(1500);
  const a = await labState(page);
  await page.waitForTimeout(SECONDS * 1000);
  const b = await labState(page);
  await page.evaluate(() => window.aeplay.stopLab());
  const s = (b.t - a.t) / 1000;
  return { points_per_s: (b.l.training.samplesSeen - a.l.training.samplesSeen) / s, snapshots_per_s: (b.l.snapshots - a.l.snapshots) / s,
           fps: (b.f - a.f) / s, compute_ms: b.l.computeMs, state: b.l.training.state };
}

// The cost of a drawn frame with every view on: `n` frames asked for in a row, timed.
async function frameCost(page, n = 30) {
  return page.evaluate((n) => new Promise((resolve) => {
    const target = window.aeplay.frameCount() + n, t0 = performance.now();
    window.aeplay.requestFrames(n);
    const tick = () => (window.aeplay.frameCount() >= target ? resolve({ ms: (performance.now() - t0) / n, drawMs: window.aeplay.lab().drawMs })
      : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

(async () => {
  const { server, url } = await serveSite();
  const browser = await launchChromium();
  try {
    const page = await openPlayground(browser, url, `?lab=circle&points=${POINTS}&views=points,pca,projections,curve,segments,field,jacobian,spread`);
    const rows = [];
    for (const family of FAMILIES) {
      const r = { kind: 'lab', family, points: POINTS, ...(await workerRate(page, family)), native_points_per_s: nativeRate(family) };
      console.log(JSON.stringify(r));
      rows.push(r);
    }
    const frame = await frameCost(page);
    console.log(JSON.stringify({ kind: 'lab-frame', frame_ms: frame.ms, plot_cpu_ms: frame.drawMs }));
    console.log(`\n| 2-D lab, ${POINTS} points (circle) | points/s in the worker | native (lab_bench) | ratio | snapshots/s | views per snapshot |`);
    console.log('|---|---|---|---|---|---|');
    for (const r of rows)
      console.log(`| ${r.family} | ${r.points_per_s.toFixed(0)} | ${r.native_points_per_s.toFixed(0)} | ` +
                  `${(r.points_per_s / r.native_points_per_s).toFixed(2)}x | ${r.snapshots_per_s.toFixed(1)} | ${r.compute_ms.toFixed(2)} ms |`);
    console.log(`\nlab frame with every view on: ${frame.ms.toFixed(1)} ms a frame (the plot's draw list: ${frame.drawMs.toFixed(2)} ms CPU)`);
  } finally {
    await browser.close();
    server.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
