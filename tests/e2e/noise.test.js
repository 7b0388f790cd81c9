// Corruption and denoising through the JS API: each noise type and level gives its own corrupted view,
// and the shipped denoising autoencoders remove most of the noise they were trained on.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

test('noise and denoising', { timeout: 90000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site);
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  await t.test('noise types and levels change the corrupted view', async () => {
    const corrupt = (type, level) => page.evaluate(({ type, level }) => {
      window.aeplay.setNoise(type, level);
      const a = window.aeplay.getArrays();
      return { clean: Array.from(a.clean), corrupted: Array.from(a.corrupted),
               noise: window.aeplay.state().noise, metrics: window.aeplay.state().metrics };
    }, { type, level });
    await page.evaluate(() => { window.aeplay.loadDigit(0); window.aeplay.setSeed(11); });

    const none = await corrupt('none', 0);
    assert.equal(none.noise, 'none');
    assert.deepEqual(none.corrupted, none.clean, 'noise "none" changed the input');
    assert.equal(none.metrics.corruptedMse, 0);

    const views = {
      gaussian: await corrupt('gaussian', 0.5), mask: await corrupt('mask', 0.5),
      saltpepper: await corrupt('saltpepper', 0.2), dropout: await corrupt('dropout', 0.3),
    };
    const names = Object.keys(views);
    for (const n of names) {
      assert.equal(views[n].noise.split(':')[0], n);
      assert.deepEqual(views[n].clean, none.clean, `noise ${n} changed the clean input`);
      assert.ok(h.mse(views[n].corrupted, none.clean) > 1e-3, `noise ${n} left the input (almost) unchanged`);
      assert.ok(Math.abs(views[n].metrics.corruptedMse - h.mse(views[n].corrupted, none.clean)) < 1e-6,
                `state().metrics.corruptedMse disagrees with the arrays for ${n}`);
    }
    for (let i = 0; i < names.length; ++i) {
      for (let j = i + 1; j < names.length; ++j) {
        assert.ok(h.mse(views[names[i]].corrupted, views[names[j]].corrupted) > 1e-4,
                  `${names[i]} and ${names[j]} give the same corrupted view`);
      }
    }
    // The character of each noise: masking and dropout only remove ink; salt-and-pepper sets pixels to 0 or
    // 1; dropout scales the kept ink up.
    const c = none.clean;
    assert.ok(views.mask.corrupted.every((v, i) => v === 0 || v === c[i]), 'masking did more than zeroing pixels');
    assert.ok(views.saltpepper.corrupted.every((v, i) => v === 0 || v === 1 || v === c[i]), 'salt-and-pepper did more than 0/1');
    assert.ok(views.saltpepper.corrupted.some((v, i) => v === 1 && c[i] < 1), 'salt-and-pepper added no salt');
    assert.ok(views.dropout.corrupted.some((v, i) => c[i] > 0.2 && v > c[i] * 1.3), 'dropout did not scale the kept ink');

    // A higher level corrupts more, for every type.
    const levels = { gaussian: [0.1, 0.3, 0.8], mask: [0.1, 0.4, 0.8], saltpepper: [0.05, 0.2, 0.5], dropout: [0.1, 0.3, 0.6] };
    for (const [n, ls] of Object.entries(levels)) {
      const m = [];
      for (const l of ls) m.push((await corrupt(n, l)).metrics.corruptedMse);
      t.diagnostic(`${n} corrupted MSE at levels ${ls.join(', ')}: ${m.map((x) => x.toFixed(4)).join(', ')}`);
      assert.ok(m[0] < m[1] && m[1] < m[2], `${n}: corrupted MSE does not grow with the level: ${m}`);
    }
    // Same seed, same noise: reproducible; another seed: another pattern.
    const g1 = await corrupt('gaussian', 0.5);
    assert.deepEqual(g1.corrupted, views.gaussian.corrupted, 'the same seed gave different noise');
    await page.evaluate(() => window.aeplay.setSeed(12));
    assert.ok(h.mse((await corrupt('gaussian', 0.5)).corrupted, g1.corrupted) > 1e-3, 'a new seed gave the same noise');
    // A bad level is refused and the noise stays as it was.
    await assert.rejects(page.evaluate(() => window.aeplay.setNoise('mask', 1.5)));
    await assert.rejects(page.evaluate(() => window.aeplay.setNoise('bogus', 0.5)));
    assert.equal(await page.evaluate(() => window.aeplay.state().noise), 'gaussian:0.5');
  });

  await t.test('the noise-level slider, used with the mouse, sets the level', async () => {
    await page.evaluate(() => { window.aeplay.loadDigit(0); window.aeplay.setNoise('gaussian', 0.5); window.aeplay.setSeed(11); });
    await h.nextFrames(page, 3);
    const png = await page.screenshot();
    const canvas = await h.findOutlinedSquare(browser, png);
    assert.ok(canvas, 'the draw canvas is missing');
    const slider = await h.sliderBelow(browser, png, canvas);
    t.diagnostic(`sigma slider at ${JSON.stringify(slider)}`);
    assert.ok(slider && slider.w > 80, 'the noise level slider was not found');
    const y = slider.y + slider.h / 2;
    const at = (f) => slider.x + f * slider.w;
    const level = async () => {
      const s = await page.evaluate(() => window.aeplay.state());
      const [kind, l] = s.noise.split(':');
      return { kind, level: Number(l), mse: s.metrics.corruptedMse };
    };
    // Click at 20%, then drag from there to 80%: sigma ranges over 0..1 on this slider.
    await page.mouse.move(at(0.2), y);
    await h.nextFrames(page, 2);
    await page.mouse.down();
    await h.nextFrames(page, 2);
    const low = await level();
    for (const f of [0.4, 0.6, 0.8]) {
      await page.mouse.move(at(f), y, { steps: 3 });
      await h.nextFrames(page, 2);
    }
    await page.mouse.up();
    await h.nextFrames(page, 2);
    const high = await level();
    t.diagnostic(`slider: clicked at 20% -> ${JSON.stringify(low)}, dragged to 80% -> ${JSON.stringify(high)}`);
    assert.equal(low.kind, 'gaussian');
    assert.equal(high.kind, 'gaussian');
    assert.ok(Math.abs(low.level - 0.2) < 0.08, `a click at 20% of the sigma slider set sigma ${low.level}`);
    assert.ok(Math.abs(high.level - 0.8) < 0.08, `dragging to 80% of the sigma slider set sigma ${high.level}`);
    assert.ok(high.mse > 4 * low.mse, `the corrupted view did not follow the slider: MSE ${low.mse} -> ${high.mse}`);
  });

  await t.test('the denoising models remove most of their noise on MNIST test digits', async () => {
    await page.evaluate(() => window.aeplay.modelsLoaded);
    const models = await page.evaluate(() => window.aeplay.models());
    for (const id of ['ae-plain', 'dae-gaussian', 'dae-mask', 'dae-saltpepper']) assert.ok(models.includes(id), id);
    const cases = [['dae-gaussian', 'gaussian', 0.5], ['dae-mask', 'mask', 0.5], ['dae-saltpepper', 'saltpepper', 0.2]];
    for (const [model, noise, level] of cases) {
      const r = await page.evaluate(({ model, noise, level }) => {
        if (!window.aeplay.selectModel(model)) throw new Error(`cannot select ${model}`);
        window.aeplay.setNoise(noise, level);
        window.aeplay.setSeed(5);
        const mse = (a, b) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length;
        let corrupted = 0, recon = 0, ms = 0, worse = 0;
        for (let i = 0; i < 20; ++i) {
          if (!window.aeplay.loadDigit(i)) throw new Error(`no test digit ${i}`);
          const a = window.aeplay.getArrays();
          const s = window.aeplay.state();
          const c = mse(a.corrupted, a.clean), r = mse(a.reconstruction, a.clean);
          if (Math.abs(s.metrics.reconstructionMse - r) > 1e-6) throw new Error('metrics disagree with arrays');
          corrupted += c / 20; recon += r / 20; ms += s.metrics.reconstructionMs / 20;
          if (r >= c) ++worse;
        }
        return { model: window.aeplay.state().model, corrupted, recon, ms, worse };
      }, { model, noise, level });
      const line = `${model} on ${noise}:${level}, 20 test digits: mean corrupted MSE ${r.corrupted.toFixed(4)}, ` +
                   `mean reconstruction MSE ${r.recon.toFixed(4)} (ratio ${(r.recon / r.corrupted).toFixed(3)})`;
      t.diagnostic(line);
      h.bench(`denoise: ${model} reconstruction/corrupted MSE ratio`, r.recon / r.corrupted, '');
      h.bench(`denoise: ${model} reconstructionMs per digit (mean of 20)`, r.ms, 'ms');
      assert.equal(r.model, model);
      assert.ok(r.recon < 0.4 * r.corrupted, line);
      assert.equal(r.worse, 0, `${model}: the reconstruction was worse than the corrupted input on ${r.worse} digits`);
    }
    // The plain autoencoder, trained without noise, denoises Gaussian noise less well than the Gaussian DAE.
    const ratio = (model, noise = 'gaussian', level = 0.5) => page.evaluate(({ model, noise, level }) => {
      window.aeplay.selectModel(model);
      window.aeplay.setNoise(noise, level);
      let r = 0;
      for (let i = 0; i < 20; ++i) { window.aeplay.loadDigit(i); r += window.aeplay.state().metrics.reconstructionMse; }
      return r / 20;
    }, { model, noise, level });
    const plain = await ratio('ae-plain'), dae = await ratio('dae-gaussian'), plainClean = await ratio('ae-plain', 'none', 0);
    t.diagnostic(`Gaussian 0.5: mean reconstruction MSE plain AE ${plain.toFixed(4)}, Gaussian DAE ${dae.toFixed(4)}; ` +
                 `plain AE on clean digits ${plainClean.toFixed(4)}`);
    assert.ok(dae < 0.5 * plain, 'the Gaussian DAE is not clearly better than the plain AE on Gaussian noise');
    assert.ok(plainClean < 0.02, `the plain AE reconstructs clean digits poorly (MSE ${plainClean})`);
    assert.deepEqual(errors, []);
  });
});
