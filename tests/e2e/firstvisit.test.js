// The first visit fetches only what it shows (issue 27): the module, the chosen model and the head of the test
// set (its first 1000 digits) before the first reconstruction; the full test set after them, then the other
// core models. The test server compresses like a host, and the page still works with what arrives. Timing
// comes from the page's own resource timing and the moment aeplay.ready resolved (harness: markReadyTime).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

// Every resource the page fetched: {name (path), start, end, transfer, encoded, decoded}, and when ready resolved.
function timeline(page) {
  return page.evaluate(() => ({
    readyAt: window.__aeplayReadyAt,
    resources: performance.getEntriesByType('resource').map((e) => ({
      name: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd,
      encoded: e.encodedBodySize, decoded: e.decodedBodySize,
    })),
  }));
}

test('first visit', { timeout: 180000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });

  await t.test('the head of the test set first, the full test set and the other models after', async () => {
    const { context, page, errors } = await h.openApp(browser, site);
    const s = await page.evaluate(() => window.aeplay.state());
    assert.equal(s.testImages, 10000, 'aeplay.testSetLoaded resolved: the full test set is in');
    assert.equal(s.digit, 0);
    const { readyAt, resources } = await timeline(page);
    const find = (path) => resources.filter((r) => r.name.endsWith(path));
    const [head] = find('/data/t10k-head-images-idx3-ubyte.gz');
    const [full] = find('/data/t10k-images-idx3-ubyte.gz');
    const [model] = find('/assets/models/dae-gaussian.aep');
    assert.ok(head && full && model, `fetched: ${resources.map((r) => r.name).join(', ')}`);
    t.diagnostic(`ready ${readyAt.toFixed(0)} ms; head ${head.start.toFixed(0)}-${head.end.toFixed(0)}, ` +
                 `model ${model.start.toFixed(0)}-${model.end.toFixed(0)}, full ${full.start.toFixed(0)}-${full.end.toFixed(0)}`);
    assert.ok(head.end <= readyAt && model.end <= readyAt, 'the head and the model are in before the first reconstruction');
    assert.ok(full.start >= head.end && full.start >= model.end, 'the full test set is fetched after what the first reconstruction needs');
    await page.evaluate(async () => { await window.aeplay.modelsLoaded; return true; });
    const later = (await timeline(page)).resources;
    for (const id of ['dae-mask', 'dae-saltpepper', 'ae-plain']) {
      const m = later.find((r) => r.name.endsWith(`/assets/models/${id}.aep`));
      assert.ok(m, `${id} was fetched`);
      assert.ok(m.start >= full.end, `${id} starts after the full test set is in`);
    }
    // Served like a host serves it: the module and the model gzipped on the wire, the .gz data files as they are.
    const [wasm] = find('/aeplay.wasm');
    assert.ok(wasm, 'aeplay.wasm was fetched');
    assert.ok(wasm.encoded < 0.6 * wasm.decoded, `aeplay.wasm: ${wasm.encoded} bytes on the wire for ${wasm.decoded}`);
    assert.ok(model.encoded < model.decoded, `the model is gzipped on the wire (${model.encoded} of ${model.decoded})`);
    assert.equal(head.encoded, head.decoded, 'a .gz file is sent as it is');
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('a digit beyond the head in the URL: the full test set at once, that digit shown', async () => {
    const { context, page, errors } = await h.openApp(browser, site, { query: '?digit=4242' });
    const s = await page.evaluate(() => window.aeplay.state());
    assert.equal(s.digit, 4242);
    assert.equal(s.source, 'test');
    const { resources } = await timeline(page);
    assert.ok(!resources.some((r) => r.name.includes('t10k-head')), 'no head fetched when the URL names digit 4242');
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('the input chosen before the full test set arrives is kept', async () => {
    // digit=7 from the URL, then another digit picked as soon as the page is ready: the full set arriving later
    // must not put the URL's digit back.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = h.watchErrors(page);
    await page.goto(site.url + '?digit=7');
    await page.waitForFunction(() => window.aeplay && window.aeplay.ready);
    const early = await page.evaluate(async () => {
      await window.aeplay.ready;
      const before = window.aeplay.state().testImages;
      window.aeplay.loadDigit(3);
      await window.aeplay.testSetLoaded;
      return { before, after: window.aeplay.state().testImages, digit: window.aeplay.state().digit };
    });
    t.diagnostic(`test images at ready: ${early.before}, after: ${early.after}`);
    assert.equal(early.after, 10000);
    assert.equal(early.digit, 3, 'the digit picked after ready stays when the full test set arrives');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
