// The 2-D lab (view=lab, src/app/core/lab.h, src/app/ui/lab_*.cpp): a data set chosen, each family trained for
// a few seconds in the training worker, the decoder's curve and the field drawn (pixels of their colours in
// the plot), a point dragged with the real mouse moving its arrow, an idle lab drawing nothing, and the lab's
// lessons loading without a notice. Saves build-web/screenshots/lab.png (the README's picture).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

// The plot's colours (src/app/ui/lab_plot.cpp).
const CURVE = [255, 150, 40], FIELD = [90, 220, 140], PROBE = [255, 240, 90];

const lab = (page) => page.evaluate(() => window.aeplay.lab());

// Screen position (CSS px) of plot point (x, y): the plot maps its bounds to its square, y up.
function toScreen(l, x, y) {
  const { x0, y0, x1, y1 } = l.bounds, p = l.plot;
  return [p.x + (x - x0) / (x1 - x0) * p.w, p.y + (y1 - y) / (y1 - y0) * p.h];
}

// Pixels near each colour inside the plot (a screenshot clipped to it).
async function plotColours(browser, page, colours) {
  await h.nextFrames(page, 2);
  const l = await lab(page);
  const png = await page.screenshot({ clip: { x: l.plot.x, y: l.plot.y, width: l.plot.w, height: l.plot.h } });
  return (await h.pixelStats(browser, png, colours)).near;
}

// Pixels of `colour` within `radius` CSS px of (sx, sy) in a full screenshot.
async function colourNear(browser, page, colour, sx, sy, radius = 14) {
  const png = await page.screenshot({ clip: { x: sx - radius, y: sy - radius, width: 2 * radius, height: 2 * radius } });
  return (await h.pixelStats(browser, png, [colour])).near[0];
}

async function trainFor(page, ms) {
  await page.evaluate(() => window.aeplay.trainLab());
  await new Promise((r) => setTimeout(r, ms));
  const l = await lab(page);
  await page.evaluate(() => window.aeplay.stopLab());
  await page.waitForFunction(() => window.aeplay.lab().training.state !== 'running', null, { timeout: 10000 });
  return l;
}

test('the 2-D lab', { timeout: 400000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });
  const { page, errors } = await h.openApp(browser, site, { query: '?lab=spiral&views=points,curve,segments,field' });

  await t.test('a data set is chosen, each family trains in the worker, the curve and the field are drawn', async () => {
    let l = await lab(page);
    assert.equal(l.open, true);
    assert.match(l.settings, /lab=spiral/);
    assert.ok(l.plot.w > 200, `the plot is drawn (${JSON.stringify(l.plot)})`);
    assert.ok(l.plot.x >= 0 && l.plot.y >= 0 && l.plot.x + l.plot.w <= 1280 && l.plot.y + l.plot.h <= 800,
              `the plot lies in the 1280x800 frame (${JSON.stringify(l.plot)})`);
    await page.evaluate(() => window.aeplay.setLab('lab=circle&points=400&datanoise=0.03'));
    l = await lab(page);
    assert.equal(l.points, 400);
    const bad = await page.evaluate(() => { try { window.aeplay.setLab('lab=torus'); return ''; } catch (e) { return e.message; } });
    assert.match(bad, /torus|circle/, 'a bad shape is refused with the choices');
    const [curveBefore] = await plotColours(browser, page, [CURVE]);
    for (const family of ['plain', 'dae', 'cae', 'sparse', 'vae']) {
      await page.evaluate((f) => window.aeplay.setLab(`family=${f}`), family);
      const during = await trainFor(page, 3000);
      assert.equal(during.training.remote, true, `${family}: trains in the worker`);
      assert.ok(['running', 'done'].includes(during.training.state), `${family}: ${during.training.state} ${during.training.failure}`);
      assert.ok(during.snapshots >= 3, `${family}: ${during.snapshots} snapshots in 3 s`);
      assert.ok(during.training.samplesSeen > 10000, `${family}: ${during.training.samplesSeen} points seen`);
      h.bench(`lab ${family}: points/s in the worker`, during.training.rate, 'points/s');
      const after = await lab(page);
      assert.equal(after.views.arrows, 24 * 24, `${family}: the field's arrows`);
      assert.equal(after.views.segments, 400);
      const [curve, field] = await plotColours(browser, page, [CURVE, FIELD]);
      assert.ok(field > 300, `${family}: ${field} field pixels`);
      if (['plain', 'dae', 'vae'].includes(family)) {
        assert.ok(after.views.curves >= 1, `${family}: a decoder curve`);
        assert.ok(curve > curveBefore + 200, `${family}: ${curve} curve pixels (untrained: ${curveBefore})`);
      }
    }
    h.bench('lab: views recomputed per snapshot', (await lab(page)).computeMs, 'ms');
    h.bench('lab: plot drawn per frame (CPU)', (await lab(page)).drawMs, 'ms');
  });

  await t.test('dragging a point with the mouse moves its arrow', async () => {
    await page.evaluate(() => window.aeplay.setLab('family=dae&sigma=0.1&views=points,curve'));
    await trainFor(page, 2000);
    const l = await lab(page);
    const a = toScreen(l, 0.2, 0.3), b = toScreen(l, -0.9, 0.6);
    await page.mouse.move(...a);
    await h.nextFrames(page, 2);
    await page.mouse.down();
    await h.nextFrames(page, 2);
    const atA = (await lab(page)).probe;
    assert.ok(atA.active && Math.abs(atA.x - 0.2) < 0.03 && Math.abs(atA.y - 0.3) < 0.03, JSON.stringify(atA));
    assert.equal(atA.code.length, 1, 'its code z');
    await page.mouse.move(...b, { steps: 8 });
    await h.nextFrames(page, 3);
    const atB = (await lab(page)).probe;
    await page.mouse.up();
    await h.nextFrames(page, 2);
    assert.ok(Math.abs(atB.x + 0.9) < 0.03 && Math.abs(atB.y - 0.6) < 0.03, JSON.stringify(atB));
    assert.ok(Math.hypot(atB.rx - atA.rx, atB.ry - atA.ry) > 0.2, 'its reconstruction moved with it');
    assert.notDeepEqual(atB.code, atA.code);
    // Its marker and arrow are drawn where it is now, not where it was.
    assert.ok(await colourNear(browser, page, PROBE, ...b) > 20, 'the dragged point is drawn at its new place');
    assert.ok(await colourNear(browser, page, PROBE, ...a, 8) < 5, 'nothing is left where it was');
    // The README's picture: the lab's controls and plot.
    const shot = await lab(page);
    fs.mkdirSync(h.SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(h.SCREENSHOTS, 'lab.png'),
                            clip: { x: 0, y: 0, width: shot.plot.x + shot.plot.w + 8, height: shot.plot.y + shot.plot.h + 8 } });
  });

  await t.test('an idle lab draws nothing', async () => {
    await page.mouse.move(5, 5);
    await new Promise((r) => setTimeout(r, 1500));
    const fps = await h.measureFps(page, 2000);
    assert.equal(fps, 0, `the idle lab drew ${fps} frames/s`);
  });

  await t.test("the lab's lessons load without a notice", async () => {
    const lessons = (await page.evaluate(() => window.aeplay.lessons())).filter((x) => x.lab);
    assert.deepEqual(lessons.map((x) => x.name).sort(), ['cae-tangent', 'dae-field', 'manifold-pca']);
    for (const lesson of lessons) {
      await page.evaluate(async () => { await window.aeplay.modelsLoaded; return true; });
      await page.goto(site.url + lesson.query);
      await h.waitReady(page);
      await h.nextFrames(page, 3);
      const s = await page.evaluate(() => ({ notices: window.aeplay.state().notices, lab: window.aeplay.lab() }));
      assert.deepEqual(s.notices, [], `${lesson.name}: notices`);
      assert.equal(s.lab.open, true, `${lesson.name}: the lab is open`);
    }
    await page.evaluate(async () => { await window.aeplay.modelsLoaded; return true; });
    assert.deepEqual(errors, [], 'console errors');
  });
});
