// The playground page loads and runs: no console errors, aeplay.ready resolves with the default model and the
// MNIST test set, the page is drawn (not blank, the draw canvas and the training panel are there), the
// compact embed layout, the README screenshot, a clear message instead of a blank page without WebGL 2, and a
// canvas that follows devicePixelRatio and page resizes.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

test('playground page', { timeout: 150000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });

  await t.test('loads without errors, with the default model and the MNIST test set', async () => {
    const { context, page, errors, readyMs } = await h.openApp(browser, site);
    h.bench('page: navigation to aeplay.ready (first reconstruction)', readyMs, 'ms');
    const s = await page.evaluate(() => window.aeplay.state());
    assert.equal(s.model, 'dae-gaussian');
    assert.equal(s.testImages, 10000);
    assert.equal(s.source, 'test');
    assert.equal(s.noise, 'gaussian:0.5');
    assert.deepEqual(s.notices, []);
    assert.ok(s.metrics.reconstructionMse !== null, 'no reconstruction at ready');
    assert.ok(s.metrics.reconstructionMse < s.metrics.corruptedMse, JSON.stringify(s.metrics));
    assert.equal(await page.locator('#error').isHidden(), true, 'error box is shown');
    assert.equal(await page.locator('#status').innerText(), '', 'loading status still shown after ready');

    // Recomputing the outputs for a new digit: the cost of one reconstruction (as the app measures it).
    const ms = [];
    for (let i = 1; i <= 10; ++i) {
      ms.push(await page.evaluate((i) => { window.aeplay.loadDigit(i); return window.aeplay.state().metrics.reconstructionMs; }, i));
    }
    ms.sort((a, b) => a - b);
    h.bench('page: reconstructionMs per digit (median of 10, corrupt + reconstruct + metrics)', ms[5], 'ms');
    await page.evaluate(() => window.aeplay.loadDigit(0));

    const frames = await page.evaluate(() => window.aeplay.frameCount());
    await h.nextFrames(page, 5);
    const { file, png } = await h.screenshot(page, 'playground.png');
    const st = await h.pixelStats(browser, png);
    const plotRows = await h.solidRows(browser, png, h.COLOURS.lossPlot);
    t.diagnostic(`${file}: ${st.width}x${st.height}, luminance std ${st.std.toFixed(1)}, ${st.colours} colours, ` +
                 `${plotRows} loss-plot rows (frames at ready ${frames})`);
    assert.equal(st.width, 1280);
    assert.ok(st.std > 10, `the page looks blank (luminance std ${st.std})`);
    assert.ok(st.colours > 50, `too few colours for an ImGui UI (${st.colours})`);
    assert.ok(await h.findOutlinedSquare(browser, png), 'the draw canvas is missing');
    assert.ok(plotRows > 60, `the training panel's loss plot is missing (${plotRows} rows)`);

    await page.click('#canvas', { position: { x: 1200, y: 780 } });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas', 'a click focuses the canvas');
    assert.deepEqual(errors, []);
    await context.close();
  });

  // At start-up the test set arrives after the first frames: the canvas must not keep an empty digit #0.
  await t.test('the draw canvas shows the MNIST test digit that is the input', async () => {
    const { context, page, errors } = await h.openApp(browser, site);
    // Bright pixels inside the draw canvas' outline.
    const inkOnCanvas = async () => {
      await h.nextFrames(page, 3);
      const png = await page.screenshot();
      const box = await h.findOutlinedSquare(browser, png);
      assert.ok(box, 'the draw canvas is missing');
      return h.analysePng(browser, png, (d, width, height, b) => {
        let n = 0;
        for (let y = b.y + 2; y < b.y + b.side - 2; ++y) {
          for (let x = b.x + 2; x < b.x + b.side - 2; ++x) {
            const i = (y * width + x) * 4;
            if (d[i] + d[i + 1] + d[i + 2] > 600) ++n;
          }
        }
        return n;
      }, box);
    };
    const s = await page.evaluate(() => window.aeplay.state());
    assert.deepEqual([s.source, s.digit], ['test', 0]);
    const atStart = await inkOnCanvas();
    await page.evaluate(() => window.aeplay.loadDigit(1));
    const digit1 = await inkOnCanvas();
    t.diagnostic(`bright px on the draw canvas: digit #0 at start-up ${atStart}, digit #1 ${digit1}`);
    assert.ok(digit1 > 1000, `the draw canvas does not show test digit #1 (${digit1} bright px)`);
    assert.ok(atStart > 1000, `the draw canvas does not show test digit #0 at start-up (${atStart} bright px)`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('embed=1: compact layout without the training panel', async () => {
    const { context, page, errors } = await h.openApp(browser, site, { query: '?embed=1', viewport: { width: 900, height: 560 } });
    const s = await page.evaluate(() => window.aeplay.state());
    assert.equal(s.model, 'dae-gaussian');
    assert.deepEqual(s.notices, []);
    await h.nextFrames(page, 3);
    const { file, png } = await h.screenshot(page, 'embed.png');
    const st = await h.pixelStats(browser, png);
    const plotRows = await h.solidRows(browser, png, h.COLOURS.lossPlot);
    t.diagnostic(`${file}: luminance std ${st.std.toFixed(1)}, ${st.colours} colours, ${plotRows} loss-plot rows`);
    assert.ok(st.std > 10 && st.colours > 30, 'the embedded page looks blank');
    assert.ok(await h.findOutlinedSquare(browser, png), 'the draw canvas is missing in the embed layout');
    assert.equal(plotRows, 0, 'the embed layout shows the training panel\'s loss plot');
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('hidetrain=1: full layout without the training panel', async () => {
    const { context, page, errors } = await h.openApp(browser, site, { query: '?hidetrain=1' });
    assert.deepEqual(await page.evaluate(() => window.aeplay.state().notices), []);
    await h.nextFrames(page, 3);
    const png = await page.screenshot();
    assert.equal(await h.solidRows(browser, png, h.COLOURS.lossPlot), 0, 'hidetrain=1 still shows the loss plot');
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('README screenshot: 1280x800, a test digit with Gaussian noise', async () => {
    const { context, page, errors } = await h.openApp(browser, site);
    await page.evaluate(() => {
      window.aeplay.loadDigit(1);  // a "2"
      window.aeplay.setNoise('gaussian', 0.5);
      window.aeplay.setSeed(3);
    });
    const s = await page.evaluate(() => window.aeplay.state());
    assert.equal(s.label, 2);
    assert.equal(s.noise, 'gaussian:0.5');
    await h.nextFrames(page, 5);
    const { file, png } = await h.screenshot(page, 'playground.png');
    const st = await h.pixelStats(browser, png);
    t.diagnostic(`${file}: ${st.width}x${st.height}, luminance std ${st.std.toFixed(1)}, ${st.colours} colours`);
    assert.deepEqual([st.width, st.height], [1280, 800]);
    assert.ok(st.std > 10 && st.colours > 50, 'the README screenshot looks blank');
    assert.deepEqual(errors, []);
    await context.close();
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
    const { context, page, errors } = await h.openApp(browser, site, { viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
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
    await h.nextFrames(page, 3);
    const { png } = await h.screenshot(page, 'page-dpr2.png');
    const st = await h.pixelStats(browser, png);
    assert.deepEqual([st.width, st.height], [1280, 960]);
    assert.ok(st.std > 10, 'the high-DPI page looks blank');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
