// A release (scripts/stamp-site.js over the web build) works offline after one visit, and takes an update
// whole: the service worker (web/sw.js) and its page side (web/offline.js).
//   1. visit online (choose a model, train a small one), go offline (Playwright's setOffline), reload: the
//      first reconstruction, the model already used, a small training run, all without the network.
//   2. serve release A, visit; serve release B, visit: the page says a new version is ready and keeps running
//      A; after a reload it runs B and no file of A is fetched or served.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness');
const { stamp } = require(path.join(h.ROOT, 'scripts', 'stamp-site.js'));

const LAZY_MODEL = 'conv';  // not among the models the first visit loads on its own

// Release A from the web build, and release B: the same build with one page script changed (a new build hash).
function releases() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-release-'));
  const a = stamp(h.SITE, path.join(tmp, 'A'));
  const siteB = path.join(tmp, 'site-B');
  fs.cpSync(h.SITE, siteB, { recursive: true });
  fs.appendFileSync(path.join(siteB, 'main.js'), '\n// release B\n');
  const b = stamp(siteB, path.join(tmp, 'B'));
  fs.rmSync(siteB, { recursive: true, force: true });
  return { tmp, a, b, dirA: path.join(tmp, 'A'), dirB: path.join(tmp, 'B') };
}

async function trainSmall(page) {
  await page.evaluate(() => window.aeplay.train({ layers: '784,16,8', noise: 'none', images: 500, epochs: 1, batch: 50 }));
  await page.waitForFunction(() => window.aeplay.training().state === 'done', null, { timeout: 90000 });
  return page.evaluate(() => window.aeplay.training().epoch);
}

test('a release works offline after one visit', { timeout: 220000 }, async (t) => {
  const r = releases();
  const site = await h.serve(r.dirA);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); fs.rmSync(r.tmp, { recursive: true, force: true }); });
  const { context, page, errors } = await h.openApp(browser, site);
  const offline = await page.evaluate(() => window.aeplay.offline.settled.then((o) => o.state));
  assert.equal(offline, 'ready');
  assert.equal(await page.evaluate(() => window.aeplay.build()), r.a.build);
  assert.match(await page.locator('#about').textContent(), new RegExp(`^aeplay ${r.a.version} \\(build ${r.a.build}\\)$`));
  await page.evaluate((id) => window.aeplay.loadModel(id), LAZY_MODEL);
  await page.evaluate(() => window.aeplay.modelsLoaded);
  assert.ok(await trainSmall(page) >= 0);

  await context.setOffline(true);
  await page.reload();
  await h.waitReady(page);
  const after = await page.evaluate(() => ({ model: window.aeplay.state().model, test: window.aeplay.state().testImages,
                                             build: window.aeplay.build() }));
  assert.equal(after.build, r.a.build);
  assert.equal(after.test, 10000, 'the full test set, from the cache');
  const m = await page.evaluate(() => window.aeplay.getMetrics());
  assert.ok(m.reconstructionMse > 0, 'a reconstruction offline');
  await page.evaluate((id) => window.aeplay.loadModel(id), LAZY_MODEL);
  assert.equal(await page.evaluate(() => window.aeplay.state().model), LAZY_MODEL);
  assert.ok(await trainSmall(page) >= 0, 'a training run offline');
  assert.deepEqual(errors, []);
});

test('an update is taken whole, on the next load', { timeout: 220000 }, async (t) => {
  const r = releases();
  let dir = r.dirA;
  const site = await h.serve(() => dir);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); fs.rmSync(r.tmp, { recursive: true, force: true }); });
  assert.notEqual(r.a.build, r.b.build);
  const { context, page, errors } = await h.openApp(browser, site);
  assert.equal(await page.evaluate(() => window.aeplay.offline.settled.then((o) => o.state)), 'ready');
  assert.equal(await page.isHidden('#update-notice'), true);

  dir = r.dirB;  // the host now serves release B
  await page.reload();
  await h.waitReady(page);
  const seen = await page.evaluate(() => window.aeplay.offline.settled.then((o) => ({ state: o.state, update: o.update,
                                                                                     build: window.aeplay.build() })));
  assert.equal(seen.build, r.a.build, 'the page keeps running A');
  assert.deepEqual(seen.update, { version: r.b.version, build: r.b.build });
  assert.match(await page.locator('#update-notice').textContent(), /new version of aeplay .* is ready/);
  assert.ok(await page.evaluate(() => window.aeplay.getMetrics().reconstructionMse > 0), 'A still works');

  const urls = [];
  page.on('response', (res) => urls.push(res.url()));
  await page.reload();
  await h.waitReady(page);
  assert.equal(await page.evaluate(() => window.aeplay.build()), r.b.build, 'after a reload: B');
  const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  const ofA = [...urls, ...entries].filter((u) => u.includes(`/v/${r.a.build}/`));
  assert.deepEqual(ofA, [], 'no file of A');
  assert.ok(urls.some((u) => u.includes(`/v/${r.b.build}/`)));
  assert.equal(await page.isHidden('#update-notice'), true);
  assert.deepEqual(errors, []);
  await context.close();
});

// Chromium here (third-party cookies blocked, as in private windows and as browsers now default to) refuses a
// service worker to a page framed by another site: the embedded page then runs online exactly as before, with
// no error and no notice (docs/teachers-and-embedding.md#offline-after-one-visit).
test('embedded where third-party storage is blocked, a release runs online without an error', { timeout: 120000 }, async (t) => {
  const r = releases();
  const site = await h.serve(r.dirA);
  const hostPage = `<!doctype html><title>course</title><link rel="icon" href="data:,">
    <iframe id="app" src="${site.url}?embed=1" width="900" height="560"></iframe>`;
  const host = await h.serve(null, { host: 'localhost', pages: { '/index.html': hostPage } });
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); await host.close(); fs.rmSync(r.tmp, { recursive: true, force: true }); });
  const page = await (await browser.newContext()).newPage();
  const errors = h.watchErrors(page);
  await page.goto(host.url);
  let frame = null;
  for (let i = 0; i < 200 && !frame; ++i) {
    frame = page.frames().find((x) => x !== page.mainFrame() && x.url().startsWith(site.url));
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, 'no app frame');
  await h.waitReady(frame);
  const o = await frame.evaluate(() => window.aeplay.offline.settled.then((x) => ({ state: x.state, error: x.error || '' })));
  assert.equal(o.state, 'failed');
  assert.match(o.error, /denied|permission|not allowed/i);
  assert.equal(await frame.evaluate(() => window.aeplay.build()), r.a.build);
  assert.ok(await frame.evaluate(() => window.aeplay.getMetrics().reconstructionMse > 0));
  assert.equal(await frame.isHidden('#update-notice'), true);
  assert.deepEqual(errors, []);
});
