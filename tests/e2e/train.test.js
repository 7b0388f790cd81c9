// In-page training: a few seconds of training on MNIST lower the test loss while the page keeps drawing
// frames and the live loss curve appears; the trained model and its loss history survive a page reload
// (browser storage), both after a pause and after an epoch that ended while the page was left running.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const LOSS_LINE = [110, 170, 255];  // training loss curve (ui.cpp, loss_plot)
const TEST_DOTS = [255, 170, 60];   // test loss per epoch

// Polls aeplay.training() until `done(training)`; records frames drawn while the state was 'running'.
async function follow(page, done, timeout = 90000) {
  const t0 = Date.now();
  let runFrames = 0, runMs = 0, rate = 0, last = null, tr = null;
  for (;;) {
    const now = await page.evaluate(() => ({ tr: window.aeplay.training(), frames: window.aeplay.frameCount(),
                                             t: performance.now() }));
    tr = now.tr;
    if (last && last.tr.state === 'running' && tr.state === 'running') {
      runFrames += now.frames - last.frames;
      runMs += now.t - last.t;
    }
    if (tr.state === 'running' && tr.samplesPerSecond > 0) rate = tr.samplesPerSecond;
    last = now;
    if (done(tr)) break;
    if (tr.state === 'failed') throw new Error(`training failed: ${tr.failure}`);
    if (Date.now() - t0 > timeout) throw new Error(`training did not get there in ${timeout} ms: ${JSON.stringify(tr)}`);
    await page.waitForTimeout(250);
  }
  return { tr, fps: runMs > 0 ? runFrames / (runMs / 1000) : NaN, rate, ms: Date.now() - t0 };
}

test('in-page training', { timeout: 150000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });

  await t.test('a few seconds of training lower the loss while the page keeps drawing', async () => {
    const { context, page, errors } = await h.openApp(browser, site);
    const idleFps = await h.measureFps(page, 1500);
    let t0 = Date.now();
    await page.evaluate(() => window.aeplay.train({ layers: '784,64,16', noise: 'none', images: 5000, epochs: 3, batch: 64 }));
    const startMs = Date.now() - t0;
    const s0 = await page.evaluate(() => window.aeplay.state());
    assert.equal(s0.trainImages, 60000, 'the MNIST training set is not loaded');
    assert.ok(['running', 'done'].includes(s0.training.state), `training state ${s0.training.state}`);
    assert.equal(s0.model, 'trained', 'the model being trained is not the one shown');

    t0 = Date.now();
    const r = await follow(page, (tr) => tr.history.epochs.length >= 2 || tr.state === 'done');
    const { tr } = r;
    const epochs = tr.history.epochs;  // [epoch, train loss, test loss]
    t.diagnostic(`training: epochs ${JSON.stringify(epochs)}, state ${tr.state}, ${tr.samplesPerSecond.toFixed(0)} samples/s, ` +
                 `${r.fps.toFixed(1)} frames/s while training (idle ${idleFps.toFixed(1)}), ${r.ms} ms to 2 epochs`);
    h.bench('train: loading the MNIST training set and starting (aeplay.train)', startMs, 'ms');
    h.bench('train: samples/s in the page (784-64-16, batch 64)', r.rate || tr.samplesPerSecond, 'samples/s');
    h.bench('train: frames/s while training (software WebGL, 1280x800)', r.fps, 'frames/s');
    h.bench('train: frames/s idle (software WebGL, 1280x800; drawn on demand, 0 expected)', idleFps, 'frames/s');
    assert.ok(epochs.length >= 2, `fewer than 2 epochs in the history: ${JSON.stringify(tr)}`);
    assert.ok(['running', 'done'].includes(tr.state), `training state ${tr.state}`);
    assert.ok(epochs.every((e) => e[2] > 0 && Number.isFinite(e[2])), `bad test losses ${JSON.stringify(epochs)}`);
    assert.ok(epochs[epochs.length - 1][2] < epochs[0][2], `test loss did not fall: ${JSON.stringify(epochs)}`);
    assert.ok(epochs[epochs.length - 1][1] < epochs[0][1], `training loss did not fall: ${JSON.stringify(epochs)}`);
    assert.ok((r.rate || tr.samplesPerSecond) > 0, 'no samples/s reported');
    // The page draws on demand: a frame per worker report (at most 10 a second; idle.test.js checks each report
    // is drawn within a few animation frames). Here: it did not stop drawing while training.
    assert.ok(r.fps > 1, `the page drew only ${r.fps} frames/s while training`);
    assert.ok(tr.history.curve.length > 5, 'no live training-loss curve');

    // The live loss curve is on screen.
    await h.nextFrames(page, 3);
    const { png } = await h.screenshot(page, 'training.png');
    const st = await h.pixelStats(browser, png, [LOSS_LINE, TEST_DOTS]);
    t.diagnostic(`loss curve on screen: ${st.near[0]} train-line px, ${st.near[1]} test-dot px`);
    assert.ok(st.near[0] > 100, 'the training loss curve is not drawn');
    assert.ok(st.near[1] > 40, 'the test loss points are not drawn');

    // The trained model reconstructs: the clean test digit comes back reasonably well.
    const m = await page.evaluate(() => { window.aeplay.setNoise('none', 0); window.aeplay.loadDigit(0); return window.aeplay.state(); });
    t.diagnostic(`trained model on clean test digit #0: reconstruction MSE ${m.metrics.reconstructionMse.toFixed(4)}`);
    assert.equal(m.model, 'trained');
    assert.ok(m.metrics.reconstructionMse < 0.08, `the trained model reconstructs poorly: ${JSON.stringify(m.metrics)}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('the trained model and its loss history survive a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const { page, errors } = await h.openApp(browser, site, { context });
    const opts = { layers: '784,32', noise: 'gaussian:0.3', images: 2000, epochs: 30, batch: 32 };
    const saved = () => page.evaluate(() => new Promise((resolve) => {
      const req = indexedDB.open('aeplay', 1);
      req.onerror = () => resolve(null);
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('trained')) return resolve(null);
        const get = db.transaction('trained', 'readonly').objectStore('trained').get(window.aeplay.storage.key());
        get.onsuccess = () => {
          const v = get.result;
          db.close();
          resolve(v ? { bytes: v.model.length, epochs: JSON.parse(v.history).epochs.length } : null);
        };
        get.onerror = () => resolve(null);
      };
    }));
    const reload = async () => {
      await page.reload();
      await h.waitReady(page);
      return page.evaluate(() => window.aeplay.state());
    };

    // 1. An epoch ends while the page is left running; the page is then reloaded without pausing.
    await page.evaluate((o) => window.aeplay.train(o), opts);
    await follow(page, (tr) => tr.history.epochs.length >= 1);
    await page.waitForFunction(() => window.aeplay.training().state === 'running');
    let stored = null;
    for (let i = 0; i < 40 && !(stored && stored.epochs >= 1); ++i) { stored = await saved(); await page.waitForTimeout(100); }
    assert.ok(stored && stored.epochs >= 1, `nothing stored after an epoch: ${JSON.stringify(stored)}`);
    let s = await reload();
    assert.ok(s.training.history.epochs.length >= 1, `history lost on reload: ${JSON.stringify(s.training)}`);
    assert.ok(s.notices.some((n) => /restored/i.test(n)), `no notice about the restored model: ${JSON.stringify(s.notices)}`);
    assert.equal(await page.evaluate(() => window.aeplay.selectModel('trained')), true, 'the restored model is not selectable');

    // 2. Train anew, pause (which saves), reload: the same model (same reconstruction) and the same history.
    await page.evaluate((o) => window.aeplay.train(o), { ...opts, layers: '784,48,16' });
    await follow(page, (tr) => tr.history.epochs.length >= 2);
    await page.evaluate(() => window.aeplay.pauseTraining());
    const before = await page.evaluate(() => {
      window.aeplay.loadDigit(3);
      window.aeplay.setNoise('none', 0);
      return { state: window.aeplay.state(), rec: Array.from(window.aeplay.getArrays().reconstruction) };
    });
    assert.equal(before.state.training.state, 'paused');
    assert.equal(before.state.model, 'trained');
    const epochsBefore = before.state.training.history.epochs;
    for (let i = 0; i < 40 && !(stored && stored.epochs === epochsBefore.length); ++i) {
      stored = await saved();
      await page.waitForTimeout(100);
    }
    assert.equal(stored && stored.epochs, epochsBefore.length, 'the paused model is not in browser storage');
    t.diagnostic(`stored model: ${stored.bytes} bytes, ${stored.epochs} epochs`);

    s = await reload();
    assert.deepEqual(errors, [], 'errors before or during the reloads');
    const hist = s.training.history;
    t.diagnostic(`after reload: state ${s.training.state}, epochs ${JSON.stringify(hist.epochs)}, notices ${JSON.stringify(s.notices)}`);
    assert.deepEqual(hist.epochs, epochsBefore, 'the loss history changed across the reload');
    assert.ok(hist.curve.length > 0, 'the live loss curve was not restored');
    assert.ok(s.notices.some((n) => /restored/i.test(n)), `no notice about the restored model: ${JSON.stringify(s.notices)}`);
    assert.ok(['done', 'paused'].includes(s.training.state), `restored training state ${s.training.state}`);
    const after = await page.evaluate(() => {
      const ok = window.aeplay.selectModel('trained');
      window.aeplay.loadDigit(3);
      window.aeplay.setNoise('none', 0);
      return { ok, model: window.aeplay.state().model, rec: Array.from(window.aeplay.getArrays().reconstruction) };
    });
    assert.equal(after.ok, true, "selectModel('trained') failed after the reload");
    assert.equal(after.model, 'trained');
    const maxDiff = Math.max(...after.rec.map((v, i) => Math.abs(v - before.rec[i])));
    assert.ok(maxDiff < 1e-5, `the restored model reconstructs differently (max diff ${maxDiff})`);
    await context.close();
  });
});
