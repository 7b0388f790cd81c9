// The playground embedded in an <iframe> on another origin (a course page): it must run without
// cross-origin isolation (no COOP/COEP headers, no SharedArrayBuffer), and leave the host page's keys alone.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

test('embedded in a cross-origin iframe', async (t) => {
  const site = await h.serve(h.SITE, { host: '127.0.0.1' });
  const hostPage = `<!doctype html><title>course page</title><link rel="icon" href="data:,">
    <h1>Course page</h1><input id="notes" placeholder="notes">
    <iframe id="app" src="${site.url}" width="900" height="560" style="border:1px solid #888"></iframe>`;
  const host = await h.serve(null, { host: 'localhost', pages: { '/index.html': hostPage } });
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); await host.close(); });

  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const errors = h.watchErrors(page);
  await page.goto(host.url);
  const frame = await (await page.$('#app')).contentFrame();
  assert.notEqual(new URL(frame.url()).origin, new URL(page.url()).origin);

  const frames = await h.waitReady(frame);
  assert.ok(frames >= 1);
  const env = await frame.evaluate(() => ({ isolated: window.crossOriginIsolated,
                                             sab: typeof SharedArrayBuffer !== 'undefined' }));
  assert.equal(env.isolated, false, 'the test server must not send COOP/COEP');

  // Keys typed in the host page stay there, also after the app had focus.
  await frame.click('#canvas', { position: { x: 600, y: 400 } });
  await page.click('#notes');
  await page.keyboard.type('hello');
  assert.equal(await page.inputValue('#notes'), 'hello');

  const { file, png } = await h.screenshot(page, 'iframe.png');
  const s = await h.pixelStats(browser, png, [[252, 255, 164]]);
  t.diagnostic(`${file}: luminance std ${s.std.toFixed(1)}, ${s.near[0]} inferno-top pixels`);
  assert.ok(s.near[0] > 1000, 'the app did not render inside the iframe');
  assert.deepEqual(errors, []);
});
