// A lost WebGL context (GPU reset, driver update) in the real page: WEBGL_lose_context.loseContext() covers the
// canvas with a notice while training goes on, and after restoreContext() every view is drawn again (the
// digit views' textures and shaders, ImGui's font texture, the latent map's point buffers), with no console
// error.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

// Luminance std-dev and distinct colours inside each rect (CSS px = screenshot px at scale 1).
function rectStats(browser, png, rects) {
  return h.analysePng(browser, png, (d, width, height, rects) => rects.map((r) => {
    let n = 0, sum = 0, sum2 = 0;
    const colours = new Set();
    for (let y = Math.ceil(r.y) + 1; y < Math.floor(r.y + r.h) - 1; ++y) {
      for (let x = Math.ceil(r.x) + 1; x < Math.floor(r.x + r.w) - 1; ++x) {
        const i = (y * width + x) * 4;
        const v = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
        ++n; sum += v; sum2 += v * v;
        colours.add((d[i] >> 3) << 10 | (d[i + 1] >> 3) << 5 | (d[i + 2] >> 3));
      }
    }
    const mean = n ? sum / n : 0;
    return { std: n ? Math.sqrt(Math.max(0, sum2 / n - mean * mean)) : 0, colours: colours.size };
  }), rects);
}

// The rects to compare: the four digit views, the latent map, and the first few texts (ImGui's font).
async function probeRects(page) {
  const { layout, latent } = await page.evaluate(() => ({ layout: window.aeplay.layout(), latent: window.aeplay.latent() }));
  const names = ['canvas', 'corrupted', 'reconstruction', 'error'].filter((n) => layout.views[n]);
  const texts = layout.texts.filter((t) => t.w > 40 && t.h > 8).slice(0, 4);
  return {
    names: [...names, 'latent map', ...texts.map((t) => `text "${t.name}"`)],
    rects: [...names.map((n) => layout.views[n]), latent.rects.map, ...texts],
  };
}

test('the page survives a lost WebGL context', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, { viewport: { width: 1400, height: 1900 } });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  await page.evaluate(() => { window.aeplay.loadDigit(0); window.aeplay.showLatent(true); });
  await page.waitForFunction(() => window.aeplay.latent().mapReady, null, { timeout: 90000, polling: 250 });
  await page.evaluate(() => window.aeplay.train({ layers: '784,64,16', noise: 'none', images: 5000, epochs: 300, batch: 32 }));
  await page.waitForFunction(() => window.aeplay.latent().mapReady && window.aeplay.training().history.epochs.length >= 1,
                             null, { timeout: 90000, polling: 250 });
  await h.nextFrames(page, 3);
  const { names, rects } = await probeRects(page);
  const before = await rectStats(browser, (await h.screenshot(page, 'gl-before-loss.png')).png, rects);
  t.diagnostic(`before: ${names.map((n, i) => `${n} std ${before[i].std.toFixed(1)}`).join(', ')}`);
  before.forEach((s, i) => assert.ok(s.std > 5, `${names[i]} is blank before the loss`));

  // Lose the context, as a GPU reset does.
  await page.evaluate(() => {
    window.__loseContext = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
    window.__loseContext.loseContext();
  });
  await page.waitForFunction(() => !document.getElementById('gpu-lost').hidden, null, { timeout: 10000 });
  const notice = await page.locator('#gpu-lost').innerText();
  assert.match(notice, /graphics context was lost/);
  assert.match(notice, /Training goes on/);
  assert.ok(await page.locator('#gpu-lost').isVisible(), 'the notice is not shown over the canvas');
  assert.ok(!(await page.locator('#error').isVisible()), 'the page says it could not start');
  await h.screenshot(page, 'gl-lost.png');

  // Training goes on while the context is lost: the live loss curve grows by more points.
  const curve0 = await page.evaluate(() => window.aeplay.training().history.curve.length);
  await page.waitForFunction((n) => window.aeplay.training().history.curve.length >= n + 3 &&
                                    document.getElementById('canvas').getContext('webgl2').isContextLost(),
                             curve0, { timeout: 60000, polling: 200 });
  const lostState = await page.evaluate(() => window.aeplay.training());
  assert.equal(lostState.state, 'running');

  // The browser gives the context back: every view is drawn again.
  await page.evaluate(() => window.__loseContext.restoreContext());
  await page.waitForFunction(() => document.getElementById('gpu-lost').hidden && window.aeplay.state().glRestores === 1,
                             null, { timeout: 20000 });
  await page.evaluate(() => window.aeplay.pauseTraining());
  await page.waitForFunction(() => window.aeplay.latent().mapReady, null, { timeout: 90000, polling: 250 });
  await h.nextFrames(page, 5);
  const after = await rectStats(browser, (await h.screenshot(page, 'gl-restored.png')).png, rects);
  t.diagnostic(`after: ${names.map((n, i) => `${n} std ${after[i].std.toFixed(1)}, ${after[i].colours} colours`).join('; ')}`);
  after.forEach((s, i) => {
    assert.ok(s.std > 5 && s.colours > 3, `${names[i]} is not drawn again after the restore`);
  });
  // The input digit did not change: its view looks as it did before the loss.
  assert.ok(Math.abs(after[0].std - before[0].std) < 0.15 * before[0].std,
            `the drawing view differs: std ${before[0].std} before, ${after[0].std} after`);
  const tr = await page.evaluate(() => window.aeplay.training());
  assert.ok(tr.history.curve.length > curve0, 'training did not go on');
  assert.deepEqual(errors, [], 'console errors or exceptions');
});
