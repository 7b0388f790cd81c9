// The three WebAssembly builds (web/wasm-variant.js): wasm=relaxed|simd128|scalar forces one; the page and the
// training worker run the GEMM backend of that variant (the relaxed kernel in both when relaxed) and the worker
// trains; the same model shows the same reconstruction of the same corrupted digit in each, within 1e-5; a
// misspelt wasm= is named in a notice; a browser without Relaxed SIMD, or without SIMD at all (emulated:
// WebAssembly.validate refuses those opcodes, as Safari and older browsers do), gets simd128 or the scalar
// build and a notice.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const QUERY = 'model=dae-gaussian&noise=gaussian&level=0.5&seed=7&digit=3';
const BACKEND = { relaxed: 'packed-relaxed-simd', simd128: 'packed-simd128', scalar: 'packed-scalar' };
const RUN = { layers: '784,64,16', noise: 'none', images: 2000, epochs: 2, batch: 64 };

// A browser that lacks some of WebAssembly: WebAssembly.validate refuses bytes holding any of the opcodes in
// `without` (byte arrays), as the page's probes (web/wasm-variant.js) would see in such a browser.
function emulateMissing(context, without) {
  return context.addInitScript((without) => {
    const holds = (bytes, op) => {
      for (let i = 0; i + op.length <= bytes.length; ++i) if (op.every((x, j) => bytes[i + j] === x)) return true;
      return false;
    };
    const { validate } = WebAssembly;
    WebAssembly.validate = (b) => {
      const bytes = new Uint8Array(b.buffer ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : b);
      return !without.some((op) => holds(bytes, op)) && validate(b);
    };
  }, without);
}

const notices = (page) => page.evaluate(() => window.aeplay.state().notices);

test('WebAssembly variants', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });
  const shown = {};

  for (const variant of ['relaxed', 'simd128', 'scalar']) {
    await t.test(`wasm=${variant}: the page and the worker run it`, async () => {
      const { context, page, errors } = await h.openApp(browser, site, { query: `?wasm=${variant}&${QUERY}` });
      const w = await page.evaluate(() => window.aeplay.wasm());
      assert.equal(w.variant, variant);
      assert.equal(w.backend, BACKEND[variant], `the page's GEMM backend under wasm=${variant}`);
      assert.equal(w.notice, '');
      shown[variant] = await h.arrays(page);
      // A short run in the worker: it loaded the same variant's engine (and kernel) and the loss falls.
      await page.evaluate(() => window.aeplay.loadTrainingSet());
      await page.evaluate((run) => window.aeplay.train(run), RUN);
      await page.waitForFunction(() => ['done', 'failed'].includes(window.aeplay.training().state), null,
                                 { timeout: 120000, polling: 200 });
      const tr = await page.evaluate(() => window.aeplay.training());
      const worker = await page.evaluate(() => window.aeplay.wasm().worker);
      t.diagnostic(`wasm=${variant}: page ${w.backend}, worker ${worker}, ${tr.samplesPerSecond} samples/s, ` +
                   `history ${JSON.stringify(tr.history).slice(0, 200)}`);
      assert.equal(tr.state, 'done', tr.failure);
      assert.equal(tr.inWorker, true);
      const epochs = tr.history.epochs;  // [epoch, train loss, test loss] per epoch
      assert.equal(epochs.length, RUN.epochs);
      assert.ok(epochs[1][1] < 0.8 * epochs[0][1], `the loss did not fall: ${JSON.stringify(epochs)}`);
      assert.equal(worker, BACKEND[variant], `the worker's GEMM backend under wasm=${variant}`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  await t.test('every variant shows the same reconstruction within 1e-5', () => {
    const ref = shown.simd128;
    assert.ok(ref && shown.relaxed && shown.scalar, 'a variant did not run');
    for (const v of ['relaxed', 'scalar']) {
      assert.deepEqual(shown[v].corrupted, ref.corrupted, `${v}: the seeded corruption differs`);
      let worst = 0;
      for (let i = 0; i < ref.reconstruction.length; ++i)
        worst = Math.max(worst, Math.abs(shown[v].reconstruction[i] - ref.reconstruction[i]));
      t.diagnostic(`max |${v} - simd128| over the reconstruction: ${worst.toExponential(2)}`);
      assert.ok(worst <= 1e-5, `${v} differs from simd128 by ${worst}`);
    }
  });

  await t.test('a misspelt wasm= is named, and the best variant runs', async () => {
    const { context, page } = await h.openApp(browser, site, { query: '?wasm=avx512' });
    const w = await page.evaluate(() => window.aeplay.wasm());
    assert.equal(w.variant, 'relaxed');
    // Chosen, not forced: the relaxed loops stay only if they measured faster on this CPU.
    assert.ok([BACKEND.relaxed, BACKEND.simd128].includes(w.backend), w.backend);
    t.diagnostic(`chosen relaxed variant, measured on this CPU: the page runs ${w.backend}`);
    const n = await notices(page);
    assert.ok(n.some((x) => x.includes('wasm=avx512') && x.includes('relaxed, simd128 or scalar')), JSON.stringify(n));
    await context.close();
  });

  await t.test('without Relaxed SIMD: simd128, and a notice when relaxed was asked for', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await emulateMissing(context, [[0xfd, 0x85, 0x02]]);  // f32x4.relaxed_madd
    const { page, errors } = await h.openApp(browser, site, { query: `?wasm=relaxed&${QUERY}`, context });
    const w = await page.evaluate(() => window.aeplay.wasm());
    assert.equal(w.variant, 'simd128');
    assert.equal(w.backend, BACKEND.simd128);
    assert.match(w.notice, /cannot run the relaxed build; using simd128/);
    assert.ok((await notices(page)).some((x) => /cannot run the relaxed build/.test(x)));
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('without SIMD: the scalar build, and the page says it is slower', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await emulateMissing(context, [[0xfd, 0x0f], [0xfd, 0x85, 0x02]]);  // i8x16.splat, relaxed_madd
    const { page, errors } = await h.openApp(browser, site, { query: `?${QUERY}`, context });
    const w = await page.evaluate(() => window.aeplay.wasm());
    assert.equal(w.variant, 'scalar');
    assert.equal(w.backend, BACKEND.scalar);
    assert.ok((await notices(page)).some((x) => /no WebAssembly SIMD/.test(x)), 'no notice about the scalar build');
    const a = await h.arrays(page);
    let worst = 0;
    for (let i = 0; i < a.reconstruction.length; ++i) worst = Math.max(worst, Math.abs(a.reconstruction[i] - shown.simd128.reconstruction[i]));
    assert.ok(worst <= 1e-5, `scalar (chosen) differs from simd128 by ${worst}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
