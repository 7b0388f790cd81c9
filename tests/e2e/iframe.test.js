// The playground embedded in an <iframe> on another origin (a course page): it must run without
// cross-origin isolation (no COOP/COEP headers, no SharedArrayBuffer), take its settings from the iframe's
// URL, answer the JS API inside the frame, and leave the host page's keys alone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

test('embedded in a cross-origin iframe', { timeout: 90000 }, async (t) => {
  const site = await h.serve(h.SITE, { host: '127.0.0.1' });
  const src = `${site.url}?embed=1&model=dae-mask&noise=mask&level=0.5&digit=3`;
  const hostPage = `<!doctype html><title>course page</title><link rel="icon" href="data:,">
    <h1>Course page</h1><input id="notes" placeholder="notes">
    <iframe id="app" src="${src}" width="900" height="560" style="border:1px solid #888"></iframe>`;
  const host = await h.serve(null, { host: 'localhost', pages: { '/index.html': hostPage } });
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); await host.close(); });

  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = h.watchErrors(page);
  await page.goto(host.url);
  let frame = null;  // the app's frame, reached through page.frames()
  for (let i = 0; i < 100 && !frame; ++i) {
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(site.url));
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, `no app frame among ${page.frames().map((f) => f.url())}`);
  assert.notEqual(new URL(frame.url()).origin, new URL(page.url()).origin);

  const frames = await h.waitReady(frame);
  assert.ok(frames >= 1);
  const readyMs = await h.readyTime(frame);
  t.diagnostic(`iframe: aeplay.ready after ${readyMs.toFixed(0)} ms`);
  const env = await frame.evaluate(() => ({ isolated: window.crossOriginIsolated,
                                             sab: typeof SharedArrayBuffer !== 'undefined' }));
  assert.equal(env.isolated, false, 'the test server must not send COOP/COEP');

  // The frame's URL settings are applied, and the API works inside the frame.
  await frame.evaluate(() => window.aeplay.modelsLoaded);
  const s = await frame.evaluate(() => window.aeplay.state());
  assert.equal(s.model, 'dae-mask');
  assert.equal(s.noise, 'mask:0.5');
  assert.equal(s.digit, 3);
  assert.equal(s.testImages, 10000);
  assert.deepEqual(s.notices, []);
  for (const id of ['ae-plain', 'dae-gaussian', 'dae-mask', 'dae-saltpepper']) assert.ok(s.models.includes(id), id);
  assert.ok(s.metrics.reconstructionMse < 0.5 * s.metrics.corruptedMse, JSON.stringify(s.metrics));
  const a = await h.arrays(frame);
  assert.ok(a.clean.reduce((x, y) => x + y) > 30, 'no digit inside the frame');
  await frame.evaluate(() => window.aeplay.setNoise('gaussian', 0.3));
  assert.equal(await frame.evaluate(() => window.aeplay.state().noise), 'gaussian:0.3');

  // Keys typed in the host page stay there, also after the app had focus.
  await frame.click('#canvas', { position: { x: 850, y: 530 } });
  await page.click('#notes');
  await page.keyboard.type('hello');
  assert.equal(await page.inputValue('#notes'), 'hello');

  await h.nextFrames(frame, 3);
  const { file, png } = await h.screenshot(page, 'iframe.png');
  const st = await h.pixelStats(browser, png);
  const canvas = await h.findOutlinedSquare(browser, png);
  t.diagnostic(`${file}: luminance std ${st.std.toFixed(1)}, ${st.colours} colours, draw canvas at ${JSON.stringify(canvas)}`);
  assert.ok(canvas, 'the app did not render inside the iframe (no draw canvas)');
  assert.ok(st.colours > 50, 'the app did not render inside the iframe (too few colours)');
  assert.deepEqual(errors, []);
  await context.close();
});
