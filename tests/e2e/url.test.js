// URL parameters: good values are applied, bad ones are reported on the page (a notice naming the parameter,
// also visible on screen) and fall back to defaults, never a blank page; the address bar follows what is
// shown, so a copied link reproduces it.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const NOTICE_RED = [255, 115, 115];  // error notices (ui.cpp, kError)

test('URL parameters', { timeout: 120000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });

  await t.test('bad values show a message and fall back to the defaults', async () => {
    const { context, page, errors } = await h.openApp(browser, site, { query: '?noise=foo&level=abc&model=nope&seed=-3&zzz=1' });
    const s = await page.evaluate(() => window.aeplay.state());
    t.diagnostic(`notices: ${JSON.stringify(s.notices)}`);
    for (const [name, value] of [['noise', 'foo'], ['model', 'nope'], ['seed', '-3'], ['zzz', '1']]) {
      assert.ok(s.notices.some((n) => n.includes(`${name}=${value}`)), `no notice names ${name}=${value}: ${JSON.stringify(s.notices)}`);
    }
    assert.equal(s.model, 'dae-gaussian');
    assert.equal(s.noise, 'gaussian:0.5');
    assert.equal(s.seed, 1);
    assert.equal(s.testImages, 10000);
    assert.ok(s.metrics.reconstructionMse !== null, 'no reconstruction with bad parameters');
    // The messages are on screen (error notices are drawn in red), and the page is not blank.
    await h.nextFrames(page, 3);
    const { png } = await h.screenshot(page, 'bad-url.png');
    const st = await h.pixelStats(browser, png, [NOTICE_RED]);
    t.diagnostic(`bad-url.png: ${st.near[0]} notice-red px, luminance std ${st.std.toFixed(1)}`);
    assert.ok(st.near[0] > 200, 'the notices are not shown on the page');
    assert.ok(await h.findOutlinedSquare(browser, png), 'the playground is not drawn below the notices');
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('a bad level, digit or flag is named; a good noise type is kept', async () => {
    const { context, page, errors } = await h.openApp(browser, site, { query: '?noise=mask&level=abc&digit=12345&embed=maybe&hidetrain=2' });
    const s = await page.evaluate(() => window.aeplay.state());
    t.diagnostic(`notices: ${JSON.stringify(s.notices)}`);
    for (const p of ['level=abc', 'digit=12345', 'embed=maybe', 'hidetrain=2']) {
      assert.ok(s.notices.some((n) => n.includes(p)), `no notice names ${p}: ${JSON.stringify(s.notices)}`);
    }
    assert.equal(s.noise, 'mask:0.3', 'the valid noise type was not kept with its default level');
    assert.equal(s.digit, 0);
    await context.close();

    const r = await h.openApp(browser, site, { query: '?noise=gaussian&level=99&digit=-1' });
    const s2 = await r.page.evaluate(() => window.aeplay.state());
    t.diagnostic(`notices: ${JSON.stringify(s2.notices)}`);
    assert.ok(s2.notices.some((n) => n.includes('level=99')), `no notice names level=99: ${JSON.stringify(s2.notices)}`);
    assert.ok(s2.notices.some((n) => n.includes('digit=-1')), `no notice names digit=-1: ${JSON.stringify(s2.notices)}`);
    assert.equal(s2.noise, 'gaussian:0.5');
    assert.deepEqual([...errors, ...r.errors], []);
    await r.context.close();
  });

  await t.test('good values are applied, and the address bar reproduces the view', async () => {
    const query = '?model=dae-mask&noise=mask&level=0.4&seed=7&digit=42';
    const { context, page, errors, readyMs } = await h.openApp(browser, site, { query });
    t.diagnostic(`ready after ${readyMs.toFixed(0)} ms with model dae-mask`);
    const s = await page.evaluate(() => window.aeplay.state());
    assert.deepEqual(s.notices, []);
    assert.equal(s.model, 'dae-mask');
    assert.equal(s.noise, 'mask:0.4');
    assert.equal(s.seed, 7);
    assert.equal(s.digit, 42);
    assert.equal(s.source, 'test');
    assert.equal(s.label, 4);  // MNIST test digit #42 is a 4

    // Change the view through the API; the address bar follows; opening that address shows the same.
    await page.evaluate(() => {
      window.aeplay.setNoise('saltpepper', 0.25);
      window.aeplay.setSeed(9);
      window.aeplay.loadDigit(77);
    });
    await page.waitForFunction(() => /noise=saltpepper/.test(location.search) && /digit=77/.test(location.search),
                               null, { timeout: 10000 });
    const url = page.url();
    t.diagnostic(`address bar: ${url}`);
    const shown = await h.arrays(page);
    const r = await h.openApp(browser, site, { query: new URL(url).search });
    const s2 = await r.page.evaluate(() => window.aeplay.state());
    assert.deepEqual([s2.model, s2.noise, s2.seed, s2.digit], ['dae-mask', 'saltpepper:0.25', 9, 77]);
    assert.deepEqual(s2.notices, []);
    const again = await h.arrays(r.page);
    assert.deepEqual(again.corrupted, shown.corrupted, 'the link does not reproduce the corrupted digit');
    assert.ok(h.mse(again.reconstruction, shown.reconstruction) < 1e-12, 'the link does not reproduce the reconstruction');
    assert.deepEqual([...errors, ...r.errors], []);
    await r.context.close();
    await context.close();
  });
});
