// The memory budget for a loaded model (core/playground.h, kModelFileBudget): a model file over it is refused,
// through the page's file picker and through the JS API, with a message naming the budget; the current model
// stays and the page goes on. (The training estimate is checked against real allocations natively:
// tests/native/test_train_memory.cpp.)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness');

test('a model file over the page memory budget', { timeout: 120000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site);
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });
  const budget = await page.evaluate(() => window.aeplay.state().modelFileBudget);
  assert.equal(budget, 64 * 2 ** 20);
  const heapBefore = await page.evaluate(() => window.aeplay.modelsLoaded.then(() => window.aeplay.module.HEAP8.length));

  // An .aep-looking file one MiB over the budget (sparse on disk), through the file picker.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-budget-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'huge.aep');
  fs.writeFileSync(file, 'AEPM');
  fs.truncateSync(file, budget + 2 ** 20);
  const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
  await page.evaluate(() => window.aeplay.host.requestModelFile());
  await (await chooser).setFiles(file);
  await page.waitForFunction(() => window.aeplay.state().notices.some((n) => /huge\.aep/.test(n)), null, { timeout: 20000 });
  let s = await page.evaluate(() => window.aeplay.state());
  const notice = s.notices.find((n) => /huge\.aep/.test(n));
  t.diagnostic(notice);
  assert.match(notice, /huge\.aep is 65 MB: the page loads model files up to 64 MB \(16 Mi parameters\)/);
  assert.equal(s.model, 'dae-gaussian', 'the current model did not stay');
  assert.ok(!s.models.includes('file:huge.aep'));
  const heapAfter = await page.evaluate(() => window.aeplay.module.HEAP8.length);
  assert.equal(heapAfter, heapBefore, 'the file was copied into wasm memory before it was refused');

  // The same through the JS API (bytes handed straight to the app): refused by the app itself.
  const err = await page.evaluate((n) => {
    const bytes = new Uint8Array(n);
    bytes.set([65, 69, 80, 77]);
    try { window.aeplay.loadModelBytes(bytes, 'huge2.aep'); return ''; } catch (e) { return e.message; }
  }, budget + 1);
  assert.match(err, /huge2\.aep is 65 MB: the page loads model files up to 64 MB/);
  s = await page.evaluate(() => window.aeplay.state());
  assert.equal(s.model, 'dae-gaussian');
  await h.nextFrames(page, 3);
  assert.deepEqual(errors, []);
});
