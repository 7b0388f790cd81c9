// The soak run behind scripts/soak.sh (not a test file: the test run skips it). Trains in the page with the
// latent panel open for `minutes`, and every `every` seconds samples the wasm memory (the module's heap), the
// JS heap (CDP Runtime.getHeapUsage, after no forced GC) and the frame rate over the last interval; prints a
// table and a summary of the first sample after the first epoch against the last.
'use strict';
const h = require('./harness');

const minutes = Number(process.argv[2] || 30);
const every = Number(process.argv[3] || 30);
const MB = (b) => (b / 2 ** 20).toFixed(1);

(async () => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, { viewport: { width: 1400, height: 1900 } });
  const cdp = await context.newCDPSession(page);
  await page.evaluate(() => { window.aeplay.loadDigit(0); window.aeplay.showLatent(true); });
  await page.evaluate(() => window.aeplay.train({ layers: '784,128,32', noise: 'gaussian:0.3', images: 10000,
                                                  epochs: 1000, batch: 64 }));
  const sample = async () => {
    const s = await page.evaluate(() => ({
      wasm: window.aeplay.module.HEAP8.length, frames: window.aeplay.frameCount(), t: performance.now(),
      tr: window.aeplay.training(), latent: window.aeplay.latent().mapReady,
    }));
    const heap = await cdp.send('Runtime.getHeapUsage');
    return { ...s, js: heap.usedSize, jsTotal: heap.totalSize };
  };
  const rows = [];
  let last = await sample();
  const t0 = Date.now();
  console.log('  min | epoch | wasm MB | JS heap MB (used/total) | frames/s | samples/s | latent map');
  while (Date.now() - t0 < minutes * 60000) {
    await page.waitForTimeout(every * 1000);
    const now = await sample();
    const fps = (now.frames - last.frames) / ((now.t - last.t) / 1000);
    const row = { min: (Date.now() - t0) / 60000, epoch: now.tr.history.epochs.length, wasm: now.wasm, js: now.js,
                  jsTotal: now.jsTotal, fps, sps: now.tr.samplesPerSecond, latent: now.latent };
    rows.push(row);
    console.log(`${row.min.toFixed(1).padStart(5)} | ${String(row.epoch).padStart(5)} | ${MB(row.wasm).padStart(7)} | ` +
                `${(MB(row.js) + ' / ' + MB(row.jsTotal)).padStart(23)} | ${fps.toFixed(1).padStart(8)} | ` +
                `${row.sps.toFixed(0).padStart(9)} | ${row.latent ? 'ready' : 'computing'}`);
    last = now;
  }
  const first = rows.find((r) => r.epoch >= 1) || rows[0];
  const end = rows[rows.length - 1];
  console.log(`summary: after the first epoch (${first.min.toFixed(1)} min): wasm ${MB(first.wasm)} MB, JS heap ` +
              `${MB(first.js)} MB, ${first.fps.toFixed(1)} frames/s; at the end (${end.min.toFixed(1)} min, epoch ${end.epoch}): ` +
              `wasm ${MB(end.wasm)} MB, JS heap ${MB(end.js)} MB, ${end.fps.toFixed(1)} frames/s`);
  if (errors.length) console.log('errors: ' + errors.join('\n'));
  await context.close();
  await browser.close();
  await site.close();
})().catch((e) => { console.error(e); process.exit(1); });
