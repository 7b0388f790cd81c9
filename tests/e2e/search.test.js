// Search by code in the real page: the search-by-code lesson loads without a notice and opens "Inside the
// model" on its Search tab; once the training set is in, test-set 3s as the input find mostly 3s with every
// method (pixels, PCA codes, the hashing model's real and binary codes, random hyperplanes); the tab draws its
// grid. The query time of each method in wasm is printed as a benchmark.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const METHODS = ['pixels', 'pca', 'codes', 'binary', 'hyperplanes'];
const A_THREE = 18;  // MNIST test image 18 is a 3

test('search by code', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, {
    query: `?lesson=search-by-code&noise=none&digit=${A_THREE}`, viewport: { width: 1400, height: 1900 } });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  await t.test('the lesson loads without a notice, on the hashing model', async () => {
    const s = await page.evaluate(() => window.aeplay.state());
    assert.deepEqual(s.notices, []);
    assert.equal(s.model, 'hash-32');
    assert.equal(s.digit, A_THREE);
  });

  await t.test('the tab asks for the training set and then searches it', async () => {
    await page.waitForFunction(() => {
      window.aeplay.requestFrames(2);
      const r = window.aeplay.search({ method: 'binary', k: 16 });
      return r.valid && r.database === 'training' && r.rect.w > 0;
    }, null, { timeout: 120000, polling: 500 });
    const r = await page.evaluate(() => window.aeplay.search({ method: 'binary', k: 16 }));
    assert.equal(r.databaseSize, 10000);
    assert.equal(r.dimensions, 32, 'the hashing model: 32 bits');
    assert.ok(r.rect.w >= 8 * 28 && r.rect.h >= 2 * 28, `a grid of 8 x 2 digits: ${JSON.stringify(r.rect)}`);
    const { png } = await h.screenshot(page, 'search.png');
    const st = await h.analysePng(browser, png, (d, width, height, r) => {  // ink on a dark background
      let n = 0, ink = 0;
      for (let y = Math.ceil(r.y) + 1; y < Math.floor(r.y + r.h) - 1; ++y) {
        for (let x = Math.ceil(r.x) + 1; x < Math.floor(r.x + r.w) - 1; ++x) {
          const i = (y * width + x) * 4;
          ++n;
          if (0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2] > 150) ++ink;
        }
      }
      return { n, ink: ink / n };
    }, r.rect);
    t.diagnostic(JSON.stringify(st));
    assert.ok(st.ink > 0.05 && st.ink < 0.6, `the grid shows digits: ${JSON.stringify(st)}`);
  });

  await t.test('test-set 3s find mostly 3s with every method', async () => {
    const threes = [18, 30, 32, 44, 51];  // the first five 3s of the MNIST test set
    for (const method of METHODS) {
      let found = 0, shown = 0;
      for (const digit of threes) {
        const r = await page.evaluate(({ method, digit }) => {
          if (!window.aeplay.loadDigit(digit)) return { valid: false, why: 'no digit ' + digit };
          return window.aeplay.search({ method, bits: 64, k: 16 });
        }, { method, digit });
        assert.ok(r.valid, `${method}: ${r.why}`);
        assert.equal(r.database, 'training');
        assert.equal(r.labels.length, 16);
        for (let i = 1; i < r.distances.length; ++i) assert.ok(r.distances[i] >= r.distances[i - 1], `${method}: ranked`);
        found += r.labels.filter((l) => l === 3).length;
        shown += r.labels.length;
        t.diagnostic(`${method}, test digit ${digit}: ${r.labels.join(' ')} (${r.queryMs.toFixed(2)} ms)`);
        if (digit === threes[0]) {
          h.bench(`search by ${method} in the page: one query over 10,000 training images (PCA and hyperplanes: 64)`,
                  r.queryMs, 'ms');
        }
      }
      assert.ok(found / shown > 0.5, `${method}: ${found} of ${shown} results are 3s`);
    }
    assert.deepEqual(errors, []);
  });
});
