// The few-labels lesson (lesson=few-labels, src/app/core/few_labels.h, ui/few_labels_section.cpp) in the real
// page: it loads without a notice with the latent panel open; training both classifiers runs in the training
// worker, and the page shows two accuracies and two confusion matrices (over the second half of the test set);
// the pretrained encoder beats the random one at N = 100; the lesson's task counts as done. The time the
// worker took is printed as a benchmark.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

test('few-labels lesson', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, {
    query: '?lesson=few-labels', viewport: { width: 1400, height: 1900 } });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  await t.test('the lesson loads without a notice, the latent panel open', async () => {
    await page.evaluate(async () => { await window.aeplay.testSetLoaded; return true; });
    await h.nextFrames(page, 3);
    const s = await page.evaluate(() => ({ state: window.aeplay.state(), layout: window.aeplay.layout(),
                                           few: window.aeplay.fewLabels() }));
    assert.deepEqual(s.state.notices, []);
    assert.equal(s.state.model, 'ae-plain');
    assert.ok(String(s.layout.panels).split(',').includes('latent'), `panels: ${s.layout.panels}`);
    assert.equal(s.few.state, 'idle');
  });

  await t.test('training both classifiers shows two accuracies and two confusion matrices', async () => {
    const start = Date.now();
    await page.evaluate(() => window.aeplay.trainFewLabels(100, 300));
    await page.waitForFunction(() => {
      window.aeplay.requestFrames(2);
      const f = window.aeplay.fewLabels();
      return f.state === 'done' || f.state === 'failed';
    }, null, { timeout: 150000, polling: 250 });
    await h.nextFrames(page, 3);
    const f = await page.evaluate(() => window.aeplay.fewLabels());
    assert.equal(f.state, 'done', f.failure);
    assert.equal(f.remote, true, 'trained in the worker');
    assert.equal(f.labels, 100);
    assert.equal(f.step, 300);
    for (const side of ['finetuned', 'scratch']) {
      assert.ok(f[side].accuracy > 0.3 && f[side].accuracy <= 1, `${side}: ${f[side].accuracy}`);
      assert.equal(f[side].confusion.length, 100);
      const total = f[side].confusion.reduce((a, b) => a + b, 0);
      let right = 0;
      for (let d = 0; d < 10; ++d) right += f[side].confusion[d * 11];
      assert.equal(total, 5000, 'the second half of the test set');
      assert.ok(Math.abs(right / total - f[side].accuracy) < 1e-9, 'the diagonal is the accuracy');
    }
    t.diagnostic(`N = 100: fine-tuned ${(100 * f.finetuned.accuracy).toFixed(1)}%, ` +
                 `from scratch ${(100 * f.scratch.accuracy).toFixed(1)}%`);
    assert.ok(f.finetuned.accuracy > f.scratch.accuracy, 'the pretrained encoder helps at 100 labels');
    assert.equal(f.drawn, true, 'the panel drew both results');
    h.bench('few-labels lesson: 2 classifiers x 300 steps on 100 digits + scoring 5000, in the worker',
            (Date.now() - start) / 1000, 's');
    await h.screenshot(page, 'fewlabels.png');
  });

  await t.test("the lesson's task is done and bad N is refused", async () => {
    const r = await page.evaluate(async () => {
      const { taskOf } = await import('./lesson-tasks.js');
      const done = taskOf('few-labels').done(window.aeplay, { digits: new Set(), levels: new Set() });
      let bad = '';
      try { window.aeplay.trainFewLabels(105); } catch (e) { bad = e.message; }
      return { done, bad };
    });
    assert.equal(r.done, true);
    assert.match(r.bad, /multiple of 10/);
    assert.deepEqual(errors, [], 'console errors');
  });
});
