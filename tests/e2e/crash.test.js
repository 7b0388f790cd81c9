// A tab killed while it saves (the DevTools Protocol's Page.crash, during an epoch-end save): on the next
// visit the last complete model and its loss history are restored, never half a record. web/storage.js
// writes the model and its history as one value in one transaction; an init script holds the third save's
// transaction open (it cannot commit while the page's script runs) and tells the test, which crashes the tab.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');
const { records } = require('./stored_records');

test('a tab killed mid-save', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    let saves = 0;
    IDBObjectStore.prototype.put = function (value, key) {
      const req = put.call(this, value, key);
      if (window.__holdThirdSave && value && value.epochs !== undefined) {
        if (++saves === 3) {
          console.log(`test: save of epoch ${value.epochs} in flight`);
          const t0 = Date.now();
          while (Date.now() - t0 < 20000) { /* the transaction stays open until the tab dies */ }
        } else {
          this.transaction.addEventListener('complete', () => console.log(`test: saved epoch ${value.epochs}`));
        }
      }
      return req;
    };
  });

  const { page, errors } = await h.openApp(browser, site, { context });
  const saved = [];
  let inFlight = null;
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash', { timeout: 120000 });
  page.on('console', (m) => {
    const done = /^test: saved epoch (\d+)/.exec(m.text());
    if (done) saved.push(Number(done[1]));
    const flying = /^test: save of epoch (\d+) in flight/.exec(m.text());
    if (flying && inFlight === null) {
      inFlight = Number(flying[1]);
      cdp.send('Page.crash').catch(() => {});  // the answer never comes: the renderer is gone
    }
  });
  await page.evaluate(() => {
    window.__holdThirdSave = true;
    return window.aeplay.train({ layers: '784,32', noise: 'none', images: 1000, epochs: 10, batch: 64 });
  });
  await crashed;
  t.diagnostic(`saves completed: epochs ${saved.join(', ')}; killed while saving epoch ${inFlight}`);
  // The page saves at each epoch end it hears of: with the training worker, a tiny model can end two epochs
  // within one ~50 ms slice, so the epochs saved are increasing but not always 1, 2, 3.
  assert.equal(saved.length, 2, 'not two completed saves before the held one');
  assert.ok(saved[0] >= 1 && saved[1] > saved[0] && inFlight > saved[1], `saves ${saved}, in flight ${inFlight}`);
  const last = saved[1];
  assert.deepEqual(errors, [], 'errors before the crash');

  // The next visit (a new tab, same storage).
  const again = await h.openApp(browser, site, { context });
  const recs = await records(again.page);
  t.diagnostic(`stored: ${JSON.stringify(recs)}`);
  assert.equal(recs.length, 1);
  assert.deepEqual([recs[0].magic, recs[0].epochs, recs[0].historyEpochs], ['AEPM', last, last], 'a half or mixed record');
  const s = await again.page.evaluate(() => window.aeplay.state());
  assert.equal(s.training.history.epochs.length, last, 'not the last complete model and history');
  assert.ok(s.notices.some((n) => new RegExp(`Restored the model you trained earlier .*${last} epochs`).test(n)), JSON.stringify(s.notices));
  assert.ok(await again.page.evaluate(() => window.aeplay.selectModel('trained')), 'the restored model cannot be used');
  assert.deepEqual(again.errors, [], 'errors after the restore');
});
