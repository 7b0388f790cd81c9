// Two tabs of the page in one browser (one storage): both train and autosave, and neither overwrites the
// other's model (web/storage.js keeps one record per tab, each held by a Web Lock); reloading a tab restores
// its own model and says so; a third tab opened meanwhile keeps its own record and says why; once a tab is
// closed, a new tab takes its model.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');
const { records } = require('./stored_records');

const done = (page) => page.waitForFunction(() => window.aeplay.training().state === 'done', null, { timeout: 120000, polling: 250 });
async function openTab(context, site) {
  const page = await context.newPage();
  const errors = h.watchErrors(page);
  await page.goto(site.url);
  await h.waitReady(page);
  return { page, errors };
}
async function reload(page) {
  await page.reload();
  await h.waitReady(page);
  return page.evaluate(() => window.aeplay.state());
}

test('two tabs that train', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  const a = await openTab(context, site);
  const b = await openTab(context, site);
  // Both train at once, to different lengths, so their records can be told apart.
  await Promise.all([
    a.page.evaluate(() => window.aeplay.train({ layers: '784,32', noise: 'none', images: 1000, epochs: 2, batch: 64 })),
    b.page.evaluate(() => window.aeplay.train({ layers: '784,16', noise: 'none', images: 1000, epochs: 3, batch: 64 })),
  ]);
  await Promise.all([done(a.page), done(b.page)]);
  const keyA = await a.page.evaluate(() => window.aeplay.storage.key());
  const keyB = await b.page.evaluate(() => window.aeplay.storage.key());
  assert.notEqual(keyA, keyB, 'both tabs save to the same record');
  let recs = [];
  for (let i = 0; i < 50; ++i) {
    recs = await records(a.page);
    const by = Object.fromEntries(recs.map((r) => [r.key, r]));
    if (by[keyA]?.epochs === 2 && by[keyB]?.epochs === 3) break;
    await a.page.waitForTimeout(100);
  }
  t.diagnostic(`records: ${JSON.stringify(recs.map((r) => [r.key, r.epochs, r.historyEpochs, r.bytes]))}`);
  const by = Object.fromEntries(recs.map((r) => [r.key, r]));
  assert.equal(by[keyA]?.historyEpochs, 2, "tab A's model is not kept");
  assert.equal(by[keyB]?.historyEpochs, 3, "tab B's model is not kept");

  // Reloading a tab restores its own model, and the notice says which.
  const sa = await reload(a.page);
  const sb = await reload(b.page);
  for (const [s, epochs, name] of [[sa, 2, 'A'], [sb, 3, 'B']]) {
    t.diagnostic(`tab ${name} after reload: ${s.notices.join(' | ')}`);
    assert.equal(s.training.history.epochs.length, epochs, `tab ${name} restored another model`);
    assert.ok(s.notices.some((n) => /Restored the model you trained earlier .*saved in this tab, at /.test(n)),
              `tab ${name} does not say which model it restored: ${JSON.stringify(s.notices)}`);
  }

  // A third tab while both are open: both records are in use, so it keeps its own and says so.
  const c = await openTab(context, site);
  let sc = await c.page.evaluate(() => window.aeplay.state());
  assert.equal(sc.training.state, 'idle', 'the third tab took a model another tab is using');
  assert.ok(sc.notices.some((n) => /Another tab is using the model saved in this browser/.test(n)), JSON.stringify(sc.notices));

  // Tab B closes: a reload of the third tab (it never saved) now takes B's model.
  await b.page.close();
  sc = await reload(c.page);
  t.diagnostic(`third tab after B closed: ${sc.notices.join(' | ')}`);
  assert.equal(sc.training.history.epochs.length, 3, "the new tab did not take the closed tab's model");
  assert.ok(sc.notices.some((n) => /saved in a tab since closed/.test(n)), JSON.stringify(sc.notices));
  assert.deepEqual([...a.errors, ...b.errors, ...c.errors], [], 'console errors or exceptions');
});
