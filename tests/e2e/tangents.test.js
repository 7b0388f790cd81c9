// The tangent plane tab of "Inside the model" in the real page: the digit-tangents lesson loads without a
// notice and opens the tab; the model's tangent images and PCA's components are drawn (grey around 0, light
// and dark pixels, not one flat colour); dragging the step slider moves the input along a tangent and changes
// the reconstruction shown; another model gives other singular values. The cost of one computation in wasm is
// printed as a benchmark.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

// Inside rect r of a PNG: the luminance spread, and the fractions of mid-grey, light and dark pixels.
function greyStats(browser, png, r) {
  return h.analysePng(browser, png, (d, width, height, r) => {
    let n = 0, sum = 0, sum2 = 0, mid = 0, light = 0, dark = 0;
    for (let y = Math.ceil(r.y) + 1; y < Math.floor(r.y + r.h) - 1; ++y) {
      for (let x = Math.ceil(r.x) + 1; x < Math.floor(r.x + r.w) - 1; ++x) {
        const i = (y * width + x) * 4;
        const v = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
        ++n; sum += v; sum2 += v * v;
        if (Math.abs(v - 128) < 20) ++mid;
        if (v > 190) ++light;
        if (v < 66) ++dark;
      }
    }
    const mean = sum / n;
    return { n, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), mid: mid / n, light: light / n, dark: dark / n };
  }, r);
}

// The pixels inside rect r (luminance), for comparing two screenshots.
function crop(browser, png, r) {
  return h.analysePng(browser, png, (d, width, height, r) => {
    const out = [];
    for (let y = Math.ceil(r.y) + 1; y < Math.floor(r.y + r.h) - 1; ++y) {
      for (let x = Math.ceil(r.x) + 1; x < Math.floor(r.x + r.w) - 1; ++x) {
        const i = (y * width + x) * 4;
        out.push(0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]);
      }
    }
    return out;
  }, r);
}

async function waitTangents(page, pcaToo, timeout = 90000) {
  await page.waitForFunction((pcaToo) => {
    window.aeplay.requestFrames(2);
    const t = window.aeplay.inside().tangents;
    return t && t.drawn && t.valid && (!pcaToo || t.pcaReady);
  }, pcaToo, { timeout, polling: 250 });
  await h.nextFrames(page, 3);
  return page.evaluate(() => window.aeplay.inside().tangents);
}

test('tangent plane tab', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, {
    query: '?lesson=digit-tangents&noise=none&digit=0', viewport: { width: 1400, height: 1900 } });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  await t.test('the lesson loads without a notice and opens the tab', async () => {
    const s = await page.evaluate(() => window.aeplay.state());
    assert.deepEqual(s.notices, []);
    assert.equal(s.model, 'ae-plain');
    const tg = await waitTangents(page, true);
    assert.equal(tg.singularValues.length, 8);
    for (let i = 1; i < 8; ++i) assert.ok(tg.singularValues[i] <= tg.singularValues[i - 1], 'descending');
    h.bench('one tangent plane (decoder Jacobian + SVD, 784-256-32, k = 8) in the page', tg.ms, 'ms');
  });

  await t.test('the tangent images and PCA components are drawn: grey with light and dark strokes', async () => {
    const tg = await waitTangents(page, true);
    assert.ok(tg.rects.tangents.w > 8 * 36 && tg.rects.tangents.h > 30, JSON.stringify(tg.rects.tangents));
    const { png } = await h.screenshot(page, 'tangents.png');
    for (const which of ['tangents', 'pca']) {
      const st = await greyStats(browser, png, tg.rects[which]);
      t.diagnostic(`${which}: ${JSON.stringify(st)}`);
      assert.ok(st.std > 12, `${which}: not one flat colour (std ${st.std})`);
      assert.ok(st.mid > 0.3, `${which}: mostly grey (no change) around the strokes (${st.mid})`);
      assert.ok(st.light > 0.003 && st.dark > 0.003, `${which}: light and dark pixels (${st.light}, ${st.dark})`);
    }
  });

  await t.test('dragging the step slider changes the reconstruction of the moved input', async () => {
    let tg = await waitTangents(page, false);
    const before = await crop(browser, (await h.screenshot(page, 'tangents-before.png')).png, tg.rects.moved);
    for (let attempt = 0; attempt < 3 && Math.abs(tg.alpha) < 3; ++attempt) {
      const s = tg.rects.alpha;
      assert.ok(s.w > 40, `slider rect ${JSON.stringify(s)}`);
      await page.mouse.move(s.x + s.w / 2, s.y + s.h / 2);
      await h.nextFrames(page, 2);
      await page.mouse.down();
      await h.nextFrames(page, 2);
      await page.mouse.move(s.x + s.w - 3, s.y + s.h / 2, { steps: 5 });
      await h.nextFrames(page, 3);
      await page.mouse.up();
      await h.nextFrames(page, 3);
      tg = await page.evaluate(() => window.aeplay.inside().tangents);
    }
    assert.ok(tg.alpha > 3, `the slider moved the step to ${tg.alpha}`);
    const after = await crop(browser, (await h.screenshot(page, 'tangents-after.png')).png, tg.rects.moved);
    assert.equal(after.length, before.length);
    let changed = 0;
    for (let i = 0; i < after.length; ++i) if (Math.abs(after[i] - before[i]) > 20) ++changed;
    t.diagnostic(`${changed} of ${after.length} reconstruction pixels changed`);
    assert.ok(changed > 0.01 * after.length, `the reconstruction changed (${changed} pixels)`);
  });

  await t.test('another model gives other tangents', async () => {
    const plain = await page.evaluate(() => window.aeplay.inside().tangents.singularValues);
    await page.evaluate(() => window.aeplay.loadModel('contractive'));
    await page.waitForFunction((plain) => {
      window.aeplay.requestFrames(2);
      const t = window.aeplay.inside().tangents;
      return window.aeplay.state().model === 'contractive' && t.valid && t.singularValues[0] !== plain[0];
    }, plain, { timeout: 60000, polling: 250 });
    const cae = await page.evaluate(() => window.aeplay.inside().tangents);
    t.diagnostic(`s1: ae-plain ${plain[0].toFixed(2)}, contractive ${cae.singularValues[0].toFixed(2)}`);
    assert.ok(Math.abs(cae.singularValues[0] - plain[0]) > 0.1);
    assert.deepEqual(errors, [], 'console errors');
  });
});
