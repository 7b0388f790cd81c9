// Web playground benchmark: prints numbers, asserts nothing.
//   bytes shipped (raw and gzip) for the first reconstruction, time from navigation to the first
//   reconstruction, reconstruction latency per digit (corrupt + encode + decode, in the page),
//   in-page training samples/s and frames per second while training.
// usage: node bench/web.js   (after scripts/setup.sh and scripts/build-web.sh; bench/run.sh does both)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { SITE, serveSite, launchChromium } = require('./chromium');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const { server, url } = await serveSite();
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const t0 = Date.now();
  await page.goto(url);
  await page.evaluate(async () => { await window.aeplay.ready; return true; });
  const readyMs = Date.now() - t0;
  // Files fetched up to the first reconstruction (the other models load afterwards, in the background).
  await page.evaluate(async () => { await window.aeplay.modelsLoaded; return true; });
  const size = (files) => files.reduce((acc, f) => {
    const raw = fs.readFileSync(f);
    const gz = f.endsWith('.gz') ? raw.length : zlib.gzipSync(raw, { level: 9 }).length;
    return { raw: acc.raw + raw.length, gzip: acc.gzip + gz };
  }, { raw: 0, gzip: 0 });
  // What the first reconstruction needs: the app, the head of the MNIST test set and the chosen model
  // (bench/first-visit.js measures the wire, throttled).
  const first = size(['index.html', 'page.js', 'api.js', 'style.css', 'aeplay.js', 'aeplay.wasm', 'aeplay.data',
    'assets/models/dae-gaussian.aep', 'data/t10k-head-images-idx3-ubyte.gz',
    'data/t10k-head-labels-idx1-ubyte.gz'].map((f) => path.join(SITE, f)));
  const app = size(['index.html', 'page.js', 'api.js', 'style.css', 'aeplay.js', 'aeplay.wasm', 'aeplay.data'].map((f) => path.join(SITE, f)));

  // Latency of one digit through corrupt + encode + decode, measured inside the page (wasm).
  const latency = await page.evaluate(() => {
    const times = [];
    for (let i = 0; i < 200; ++i) {
      window.aeplay.setSeed(1000 + i);  // a new seed forces a fresh corruption + reconstruction
      times.push(window.aeplay.state().metrics.reconstructionMs);
    }
    return times;
  });

  // Frames per second without training (the drawing cost alone), then while training.
  const idle0 = await page.evaluate(() => window.aeplay.state().frames);
  await page.waitForTimeout(3000);
  const idleFps = ((await page.evaluate(() => window.aeplay.state().frames)) - idle0) / 3;

  // In-page training: frames per second and samples/s over a few seconds.
  await page.evaluate(async () => {
    await window.aeplay.train({ layers: '784,128,32', noise: 'gaussian:0.5', images: 10000, epochs: 50, batch: 64 });
    return true;
  });
  await page.waitForTimeout(1500);  // warm-up
  const f0 = await page.evaluate(() => window.aeplay.state().frames);
  const s0 = await page.evaluate(() => window.aeplay.state().training.batches);
  const w0 = Date.now();
  await page.waitForTimeout(5000);
  const f1 = await page.evaluate(() => window.aeplay.state().frames);
  const s1 = await page.evaluate(() => window.aeplay.state().training.batches);
  const seconds = (Date.now() - w0) / 1000;
  await page.evaluate(() => window.aeplay.pauseTraining());
  await browser.close();
  server.close();

  const kb = (b) => (b / 1024).toFixed(0) + ' KiB';
  console.log(`aeplay web benchmark (${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0].model}, ${os.cpus().length} cores, headless chromium, software WebGL)`);
  console.log(`app files (page + js + wasm + data):      ${kb(app.raw)} raw, ${kb(app.gzip)} gzip`);
  console.log(`shipped for the first reconstruction:     ${kb(first.raw)} raw, ${kb(first.gzip)} gzip (app + MNIST test set + 1 model)`);
  console.log(`load to first reconstruction:             ${readyMs} ms`);
  console.log(`reconstruction latency per digit (wasm):  ${median(latency).toFixed(3)} ms median, ${Math.max(...latency).toFixed(3)} ms max (corrupt + encode + decode + metrics)`);
  console.log(`in-page training 784-128-32, batch 64:    ${((s1 - s0) * 64 / seconds).toFixed(0)} samples/s`);
  console.log(`frames per second while training:         ${((f1 - f0) / seconds).toFixed(1)} (idle: ${idleFps.toFixed(1)})`);
})().catch((e) => { console.error(e); process.exit(1); });
