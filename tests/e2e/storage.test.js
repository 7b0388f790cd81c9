// Browser storage that is missing, full or broken (web/storage.js): IndexedDB whose open call throws or fails
// (as in some private windows), a save refused for quota, a stored record that is damaged. Each time the page
// says so in a notice that offers the model as a download, and the page and training go on, with no uncaught
// exception. The faults are injected by an init script that replaces the IndexedDB API, or written into the
// real database.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./harness');
const { records, writeRecord } = require('./stored_records');

const SMALL = { layers: '784,32', noise: 'none', images: 1000, epochs: 1, batch: 64 };

async function openWithFault(browser, site, fault) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (fault) await context.addInitScript(fault);
  const { page, errors } = await h.openApp(browser, site, { context });
  return { context, page, errors };
}

// Waits for the storage notice, clicks its download button and returns {text, bytes} of what it gave.
async function noticeAndDownload(page) {
  await page.waitForFunction(() => !document.getElementById('storage-notice').hidden, null, { timeout: 90000 });
  const text = await page.locator('#storage-notice-text').innerText();
  assert.ok(await page.locator('#storage-download').isVisible(), `the notice offers no download: ${text}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#storage-download').click()]);
  const bytes = fs.readFileSync(await download.path());
  return { text, bytes, name: download.suggestedFilename() };
}

// After a refused save: the model trained is offered, the page goes on drawing and can train again.
async function trainAndExpectRefusedSave(t, page, errors, reason) {
  await page.evaluate((o) => window.aeplay.train(o), SMALL);
  const { text, bytes, name } = await noticeAndDownload(page);
  t.diagnostic(`notice: ${text}`);
  assert.match(text, /Could not save your model in this browser/);
  assert.match(text, reason);
  assert.match(text, /Download it to keep it/);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'AEPM', `${name} is not an aeplay model file`);
  const exported = await page.evaluate(() => window.aeplay.exportModel('aep').length);
  assert.ok(bytes.length > 1000 && Math.abs(bytes.length - exported) < 64, `downloaded ${bytes.length} bytes, model is ${exported}`);
  await page.waitForFunction(() => window.aeplay.training().state === 'done', null, { timeout: 90000 });
  const s = await page.evaluate(() => window.aeplay.state());
  assert.equal(s.model, 'trained');
  assert.ok(s.notices.some((n) => /Could not save/.test(n)), 'no notice in the canvas either');
  await h.nextFrames(page, 3);  // still drawing
  await page.evaluate((o) => window.aeplay.train(o), SMALL);  // and training again
  await page.waitForFunction(() => window.aeplay.training().state === 'done', null, { timeout: 90000 });
  assert.deepEqual(errors, [], 'console errors or uncaught exceptions');
}

test('browser storage that is missing, full or broken', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });

  await t.test('IndexedDB whose open call throws (private window)', async () => {
    const { context, page, errors } = await openWithFault(browser, site, () => {
      IDBFactory.prototype.open = function () {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    });
    await trainAndExpectRefusedSave(t, page, errors, /SecurityError/);
    await context.close();
  });

  await t.test('IndexedDB whose open request fails', async () => {
    const { context, page, errors } = await openWithFault(browser, site, () => {
      IDBFactory.prototype.open = function () {
        const req = {};
        setTimeout(() => { req.error = new DOMException('Internal error opening backing store.', 'UnknownError'); req.onerror?.(); });
        return req;
      };
    });
    await trainAndExpectRefusedSave(t, page, errors, /UnknownError/);
    await context.close();
  });

  await t.test('a save refused for quota', async () => {
    const { context, page, errors } = await openWithFault(browser, site, () => {
      IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await trainAndExpectRefusedSave(t, page, errors, /storage is full \(QuotaExceededError\)/);
    await context.close();
  });

  await t.test('a damaged stored record', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await h.openApp(browser, site, { context });
    // A model file cut in half, as a disk or a browser bug might leave it.
    const half = await first.page.evaluate(() => {
      const m = window.aeplay.exportModel('aep');
      const half = m.subarray(0, m.length >> 1);
      let s = '';
      for (let i = 0; i < half.length; i += 8192) s += String.fromCharCode(...half.subarray(i, i + 8192));
      return btoa(s);
    });
    await writeRecord(first.page, 'tab-damaged', { model: half, history: '{"epochs": [[1, 2, 3]], "curve": []}', epochs: 1,
                                                    savedAt: Date.now() });
    await first.page.close();

    const { page, errors } = await h.openApp(browser, site, { context });
    const { text, bytes } = await noticeAndDownload(page);
    t.diagnostic(`notice: ${text}`);
    assert.match(text, /could not be read/);
    assert.equal(bytes.toString('base64'), half, 'the download is not the stored bytes');
    const s = await page.evaluate(() => window.aeplay.state());
    assert.equal(s.model, 'dae-gaussian', 'the page did not go on with the shipped model');
    assert.equal(s.training.state, 'idle');
    assert.ok(s.metrics.reconstructionMse > 0, 'no reconstruction');
    // Training here replaces the damaged record with a complete one.
    await page.evaluate((o) => window.aeplay.train(o), SMALL);
    await page.waitForFunction(() => window.aeplay.training().state === 'done', null, { timeout: 90000 });
    let recs = [];
    for (let i = 0; i < 50 && !(recs.length === 1 && recs[0].epochs === 1 && recs[0].magic === 'AEPM'); ++i) {
      recs = await records(page);
      await page.waitForTimeout(100);
    }
    assert.deepEqual(recs.map((r) => [r.key, r.magic, r.epochs, r.historyEpochs]), [['tab-damaged', 'AEPM', 1, 1]]);
    assert.deepEqual(errors, [], 'console errors or uncaught exceptions');
    await context.close();
  });
});
