// The autoencoder families in the page: every family's shipped model can be chosen and reconstructs
// digits; the VAE samples new digits; the filter view shows the encoder's filters; each family trains
// in the page from its preset.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const FAMILY_OF = { vae: ['vae-2d', 'vae-20d', 'vae-bernoulli'], conv: ['conv'] };  // the rest are dense autoencoders
const familyOf = (id) => Object.keys(FAMILY_OF).find((f) => FAMILY_OF[f].includes(id)) || 'autoencoder';

test('autoencoder families', { timeout: 240000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, { query: '?noise=none' });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });
  // The shipped models, as the page lists them (src/app/core/catalog.cpp).
  // (The MNIST ones: datasets.test.js checks the Fashion-MNIST models on clothes.)
  const MANIFEST = (await page.evaluate(() => window.aeplay.catalog())).filter((m) => m.dataset === 'mnist');

  await t.test('every shipped family model can be chosen and reconstructs test digits', async () => {
    assert.ok(MANIFEST.length >= 12, 'the manifest lists the core models and one model of every family');
    for (const { id } of MANIFEST) {
      const r = await page.evaluate(async (id) => {
        await window.aeplay.loadModel(id);
        let sum = 0;
        for (let i = 0; i < 10; ++i) {
          window.aeplay.loadDigit(i);
          sum += window.aeplay.getMetrics().reconstructionMse;
        }
        return { model: window.aeplay.state().model, inside: window.aeplay.inside(), mse: sum / 10 };
      }, id);
      assert.equal(r.model, id);
      assert.equal(r.inside.family, familyOf(id), `${id}: family`);
      // A mean-image guess scores ~0.067 per pixel; every trained family does far better.
      assert.ok(r.mse < 0.045, `${id}: reconstruction MSE ${r.mse.toFixed(4)} per pixel is not better than a blur`);
      h.bench(`reconstruction MSE per pixel, ${id}`, r.mse.toFixed(4), '');
    }
    assert.deepEqual(errors, []);
  });

  await t.test('the VAE samples new digits from N(0, I)', async () => {
    const r = await page.evaluate(async () => {
      await window.aeplay.loadModel('vae-2d');
      const a = window.aeplay.sample(16, 1), b = window.aeplay.sample(16, 2);
      const ink = a.map((s) => s.reduce((x, y) => x + y, 0) / 784);
      const range = a.every((s) => s.every((v) => v >= 0 && v <= 1));
      let diff = 0;
      for (let i = 0; i < 784; ++i) diff += Math.abs(a[0][i] - b[0][i]);
      return { n: a.length, ink, range, diff };
    });
    assert.equal(r.n, 16);
    assert.ok(r.range, 'samples are pixel intensities in [0, 1]');
    for (const m of r.ink) assert.ok(m > 0.04 && m < 0.35, `a sample's mean ink ${m} is not digit-like`);
    assert.ok(r.diff > 5, 'different seeds give different samples');
    await page.evaluate(() => window.aeplay.showInside(true));
    await h.nextFrames(page, 3);
    await h.screenshot(page, 'vae-samples.png');
    const dense = await page.evaluate(async () => { await window.aeplay.loadModel('ae-plain'); return window.aeplay.sample(4).length; });
    assert.equal(dense, 0, 'only the VAE samples');
  });

  await t.test('the filter view shows dense encoders\' filters; the code view shows sparsity', async () => {
    const r = await page.evaluate(async () => {
      const out = {};
      for (const id of ['ae-plain', 'sparse-kl', 'conv']) {
        await window.aeplay.loadModel(id);
        window.aeplay.loadDigit(3);
        out[id] = window.aeplay.inside();
      }
      return out;
    });
    assert.equal(r['ae-plain'].filters, 64);
    assert.equal(r['sparse-kl'].filters, 64);
    assert.equal(r.conv.filters, 0, 'a conv encoder has no 28x28 filters');
    assert.equal(r['sparse-kl'].code.length, 32);
    assert.ok(r['sparse-kl'].codeMeanActivation < 0.2, `KL-sparse code mean ${r['sparse-kl'].codeMeanActivation}`);
    assert.ok(r['ae-plain'].codeMeanActivation > r['sparse-kl'].codeMeanActivation);
    await page.evaluate(async () => { await window.aeplay.loadModel('ae-plain'); return true; });
    await h.nextFrames(page, 3);
    await h.screenshot(page, 'filters.png');
    await page.evaluate(() => window.aeplay.showInside(false));
  });

  await t.test('each family trains in the page from its preset', async () => {
    for (const preset of ['sparse-kl', 'contractive', 'vae-2d', 'conv']) {
      await page.evaluate(async (preset) => {
        await window.aeplay.trainFamily({ preset, code: preset === 'vae-2d' ? 2 : 16, images: 2000, epochs: 1, batch: 64 });
        return true;
      }, preset);
      const deadline = Date.now() + 60000;
      let tr;
      do {
        await page.waitForTimeout(300);
        tr = await page.evaluate(() => window.aeplay.training());
      } while (tr.state === 'running' && Date.now() < deadline);
      assert.equal(tr.state, 'done', `${preset}: ${tr.failure}`);
      assert.equal(tr.history.epochs.length, 1);
      assert.ok(Number.isFinite(tr.history.epochs[0][2]), `${preset}: test loss`);
      const inside = await page.evaluate(() => window.aeplay.inside());
      assert.equal(inside.family, preset === 'vae-2d' ? 'vae' : preset === 'conv' ? 'conv' : 'autoencoder');
      if (preset === 'contractive') assert.equal(inside.penalty, 'contractive');
    }
    assert.deepEqual(errors, []);
  });
});
