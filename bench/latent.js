// Latent-space panel benchmark: prints numbers, asserts nothing.
//   time to the 10k-point map and to the probes (work sliced into frames), frames per second with the map
//   shown (idle, and while training in the page, where the map is re-encoded at every epoch end), next to
//   frames per second while training with the panel closed.
// usage: node bench/latent.js                        (after scripts/setup.sh and scripts/build-web.sh)
//        node bench/latent.js --model M.aep --screenshot out.png   (also: model M's two maps, for docs/playground.md)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('../tests/e2e/harness');

const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : null; };
const fps = (page, ms) => h.measureFps(page, ms);

(async () => {
  const site = await h.serve(process.env.AEPLAY_SITE || h.SITE);
  const browser = await h.launch();
  const { context, page } = await h.openApp(browser, site, { viewport: { width: 1400, height: 1900 } });
  try {
    const model = arg('--model');
    if (model) {
      const bytes = Array.from(fs.readFileSync(model));
      await page.evaluate(({ bytes, name }) => window.aeplay.loadModelBytes(new Uint8Array(bytes), name),
                          { bytes, name: path.basename(model) });
    }
    await page.evaluate(() => { window.aeplay.loadDigit(0); window.aeplay.showLatent(true); });
    const t0 = Date.now();
    await page.waitForFunction(() => window.aeplay.latent().mapReady, null, { timeout: 120000, polling: 100 });
    const mapMs = Date.now() - t0;
    await page.waitForFunction(() => window.aeplay.latent().ready, null, { timeout: 180000, polling: 100 });
    const readyMs = Date.now() - t0;
    const l = await page.evaluate(() => window.aeplay.latent());
    const shot = arg('--screenshot');
    if (shot) {
      await h.nextFrames(page, 5);
      const a = l.rects.map, b = l.rects.pcaMap;
      const clip = { x: a.x - 8, y: a.y - 21, width: b.x + b.w - a.x + 16, height: a.h + 46 };
      await page.screenshot({ path: shot, clip });
      console.log(`wrote ${shot}`);
    }
    const idle = await fps(page, 3000);
    const drawing = await h.drawRate(page, 20);

    await page.evaluate(async () => {
      await window.aeplay.train({ layers: '784,128,32', noise: 'gaussian:0.5', images: 10000, epochs: 50, batch: 64 });
      return true;
    });
    await page.waitForTimeout(1500);
    const s0 = await page.evaluate(() => window.aeplay.state().training.batches);
    const w0 = Date.now();
    const training = await fps(page, 8000);
    const s1 = await page.evaluate(() => window.aeplay.state().training.batches);
    const rate = (s1 - s0) * 64 / ((Date.now() - w0) / 1000);
    const lt = await page.evaluate(() => window.aeplay.latent());
    await page.evaluate(() => window.aeplay.showLatent(false));
    await page.waitForTimeout(500);
    const c0 = await page.evaluate(() => window.aeplay.state().training.batches);
    const w1 = Date.now();
    const closed = await fps(page, 5000);
    const c1 = await page.evaluate(() => window.aeplay.state().training.batches);
    const rateClosed = (c1 - c0) * 64 / ((Date.now() - w1) / 1000);
    await page.evaluate(() => window.aeplay.pauseTraining());

    console.log(`aeplay latent-space benchmark (${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0].model}, ${os.cpus().length} cores, headless chromium, software WebGL)`);
    console.log(`model: ${l.model} (${l.latentSize}-D codes, map: ${l.projection})`);
    console.log(`map of ${l.points} test digits on screen after:   ${mapMs} ms (encoding sliced over frames)`);
    console.log(`probes done after:                           ${readyMs} ms  (codes k-NN ${(100 * l.probeAccuracy.knn).toFixed(2)}%, linear ${(100 * l.probeAccuracy.linear).toFixed(2)}%; PCA-${l.latentSize} k-NN ${(100 * l.pcaProbeAccuracy.knn).toFixed(2)}%, linear ${(100 * l.pcaProbeAccuracy.linear).toFixed(2)}%)`);
    console.log(`longest single step of that work in one frame:   ${l.maxTickMs.toFixed(0)} ms (the pixel PCA's eigen-decomposition, once per page)`);
    console.log(`frames per second, 10k-point map shown, idle:     ${idle.toFixed(1)}  (drawn on demand: nothing changes)`);
    console.log(`frames per second, 10k-point map shown, drawing:  ${drawing.toFixed(1)}  (20 frames asked for in a row)`);
    console.log(`frames per second, 10k-point map shown, training: ${training.toFixed(1)}  (${rate.toFixed(0)} samples/s; map of the trained model, ${lt.points} points)`);
    console.log(`frames per second, panel closed, training:        ${closed.toFixed(1)}  (${rateClosed.toFixed(0)} samples/s)`);
  } finally {
    await context.close();
    await browser.close();
    await site.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
