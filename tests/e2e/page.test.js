// The playground page loads, runs and draws: no console errors, window.aeplay.ready resolves, the canvas
// is not blank and shows the shader-drawn demo image, and the canvas is sharp on a high-DPI screen.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const INFERNO_TOP = [252, 255, 164];  // colour of value 1.0 through the inferno map (shaders/image.frag)

test('playground page', async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });

  await t.test('loads without errors and renders the app', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const errors = h.watchErrors(page);
    await page.goto(site.url);
    const frames = await h.waitReady(page);
    assert.ok(frames >= 1, `frames drawn at ready: ${frames}`);
    await page.waitForFunction((n) => window.aeplay.frameCount() > n + 5, frames, { timeout: 20000 });
    assert.equal(await page.locator('#error').isHidden(), true, 'error box is shown');

    const { file, png } = await h.screenshot(page, 'page.png');
    const s = await h.pixelStats(browser, png, [INFERNO_TOP]);
    t.diagnostic(`${file}: ${s.width}x${s.height}, luminance std ${s.std.toFixed(1)}, ${s.colours} colours, ` +
                 `${s.near[0]} inferno-top pixels`);
    assert.ok(s.std > 10, `canvas looks blank (luminance std ${s.std})`);
    assert.ok(s.colours > 50, `too few colours for an ImGui UI (${s.colours})`);
    assert.ok(s.near[0] > 1000, `the colour-mapped demo image is missing (${s.near[0]} inferno-top pixels)`);
    await page.click('#canvas', { position: { x: 900, y: 600 } });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas', 'a click focuses the canvas');
    assert.deepEqual(errors, []);
    await page.close();
  });

  await t.test('says why instead of showing a blank page when WebGL2 is missing', async () => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return type === 'webgl2' ? null : getContext.call(this, type, ...rest);
      };
    });
    await page.goto(site.url);
    await page.locator('#error').waitFor({ state: 'visible', timeout: 10000 });
    assert.match(await page.locator('#error').innerText(), /WebGL 2/);
    await assert.rejects(page.evaluate(() => window.aeplay.ready), /WebGL 2/);
    await page.close();
  });

  await t.test('canvas backing store follows devicePixelRatio and page resizes', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = h.watchErrors(page);
    await page.goto(site.url);
    await h.waitReady(page);
    const size = () => page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight };
    });
    let s = await size();
    assert.deepEqual(s, { w: 1600, h: 1200, cssW: 800, cssH: 600 });

    await page.setViewportSize({ width: 640, height: 480 });
    await page.waitForFunction(() => document.getElementById('canvas').width === 1280, null, { timeout: 10000 });
    s = await size();
    assert.deepEqual(s, { w: 1280, h: 960, cssW: 640, cssH: 480 });
    await h.screenshot(page, 'page-dpr2.png');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
