// Drawing with the real mouse on the "1 Draw a digit" canvas: the strokes land where the mouse went, and
// the drawing becomes a plausible MNIST-style 28x28 input (ink cropped, scaled into 20x20, centred by centre of
// mass), which the model reconstructs. Undo takes the last stroke back.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

// A "7" in canvas units (0..1): top bar, then the diagonal down.
const SEVEN = [[[0.25, 0.2], [0.75, 0.2], [0.45, 0.8]]];
const CROSSBAR = [[[0.42, 0.5], [0.7, 0.5]]];

test('a digit drawn with the mouse becomes a plausible 28x28 input', { timeout: 90000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site);
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  const box = await h.locateDrawCanvas(browser, page);
  t.diagnostic(`draw canvas at ${JSON.stringify(box)} (CSS px)`);
  assert.ok(box.side >= 150, `draw canvas too small: ${box.side} px`);
  assert.equal((await page.evaluate(() => window.aeplay.state())).source, 'test');

  const t0 = Date.now();
  await h.drawWithMouse(page, box, SEVEN);
  t.diagnostic(`drew the 7 in ${Date.now() - t0} ms`);
  const s = await page.evaluate(() => window.aeplay.state());
  assert.equal(s.source, 'drawing');
  const a = await h.arrays(page);
  const ink = h.inkStats(a.clean);
  t.diagnostic(`drawn 7 as 28x28: ink ${ink.sum.toFixed(1)}, box ${ink.width}x${ink.height}, ` +
               `centre of mass (${ink.cx.toFixed(2)}, ${ink.cy.toFixed(2)})`);
  console.log(`the drawn 7 as the model's 28x28 input:\n${h.ascii(a.clean)}`);
  assert.ok(ink.sum > 50 && ink.sum < 200, `ink ${ink.sum} is not like an MNIST digit's (50..200)`);
  assert.ok(Math.max(ink.width, ink.height) >= 18 && Math.max(ink.width, ink.height) <= 22,
            `the longer side of the ink box is ${Math.max(ink.width, ink.height)} px, not ~20`);
  // The 7 is taller than wide: the mouse's x and y reached the drawing in the right proportions.
  assert.ok(ink.height === Math.max(ink.width, ink.height) && ink.width >= 12 && ink.width <= ink.height - 2,
            `ink box ${ink.width}x${ink.height} does not have the 7's proportions`);
  assert.ok(Math.abs(ink.cx - 14) <= 1.5 && Math.abs(ink.cy - 14) <= 1.5,
            `centre of mass (${ink.cx}, ${ink.cy}) is not near (14, 14)`);
  // The top bar is the 7's top rows; the bottom rows hold only the narrow foot of the diagonal.
  const rowInk = (y) => a.clean.slice(y * 28, y * 28 + 28).reduce((p, q) => p + q, 0);
  assert.ok(rowInk(ink.box[1] + 1) > 2 * rowInk(ink.box[3] - 1), 'the drawn 7 is not the right way up');
  assert.ok(s.metrics.reconstructionMse < s.metrics.corruptedMse,
            `the drawing's reconstruction is no better than its corrupted input: ${JSON.stringify(s.metrics)}`);

  // The strokes are on screen where the mouse went: ink on the top bar, none away from the strokes.
  await h.nextFrames(page, 3);
  const { png } = await h.screenshot(page, 'drawn.png');
  const probe = await h.analysePng(browser, png, (d, width, height, pts) => pts.map(([x, y]) => {
    const i = (Math.round(y) * width + Math.round(x)) * 4;
    return (d[i] + d[i + 1] + d[i + 2]) / 3;
  }), [[box.x + 0.5 * box.side, box.y + 0.2 * box.side], [box.x + 0.2 * box.side, box.y + 0.7 * box.side],
       [box.x + 0.8 * box.side, box.y + 0.8 * box.side]]);
  t.diagnostic(`screen brightness on the bar ${probe[0]}, off the strokes ${probe[1]}, ${probe[2]}`);
  assert.ok(probe[0] > 200, `no ink on screen under the top bar's stroke (${probe[0]})`);
  assert.ok(probe[1] < 40 && probe[2] < 40, `ink on screen away from the strokes (${probe[1]}, ${probe[2]})`);

  // The buttons under the canvas, clicked with the mouse: a second stroke adds ink, Undo takes exactly that
  // stroke back, Clear empties the drawing, Random test digit switches to an MNIST digit.
  const buttons = await h.buttonsBelow(browser, png, { x: box.x - 1, y: box.y - 1, side: box.side + 2 });
  t.diagnostic(`buttons under the canvas: ${JSON.stringify(buttons)}`);
  assert.equal(buttons.length, 3, 'expected Clear, Undo and Random test digit under the canvas');
  const [clear, undo, random] = buttons;
  await h.drawWithMouse(page, box, CROSSBAR);
  const b = await h.arrays(page);
  assert.ok(h.inkStats(b.clean).sum > ink.sum + 3, 'the crossbar added no ink');
  await h.clickRect(page, undo);
  const c = await h.arrays(page);
  assert.ok(h.mse(c.clean, a.clean) < 1e-12, 'Undo did not restore the 7');
  await h.clickRect(page, clear);
  let st = await page.evaluate(() => window.aeplay.state());
  assert.equal(st.source, 'drawing');
  assert.equal(h.inkStats((await h.arrays(page)).clean).sum, 0, 'Clear left ink');
  await h.clickRect(page, undo);  // Undo after Clear brings the drawing back
  assert.ok(h.mse((await h.arrays(page)).clean, a.clean) < 1e-12, 'Undo after Clear did not bring the 7 back');
  await h.clickRect(page, random);
  st = await page.evaluate(() => window.aeplay.state());
  assert.equal(st.source, 'test', 'Random test digit did not switch to a test digit');
  assert.ok(st.digit >= 0 && st.digit < 10000 && st.label >= 0 && st.label <= 9, JSON.stringify(st));

  // A press on the canvas while a test digit is shown starts a fresh drawing.
  await page.evaluate(() => window.aeplay.loadDigit(5));
  assert.equal(await page.evaluate(() => window.aeplay.state().source), 'test');
  await h.drawWithMouse(page, box, SEVEN);
  const d = await h.arrays(page);
  assert.equal(await page.evaluate(() => window.aeplay.state().source), 'drawing');
  assert.ok(h.mse(d.clean, a.clean) < 1e-4, 'drawing the same 7 again gave a different input');
  assert.deepEqual(errors, []);
});
