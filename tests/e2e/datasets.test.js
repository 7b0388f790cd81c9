// Data sets beyond MNIST in the page: Fashion-MNIST (chosen by the URL, its classes, its models, the notice
// when a model meets the other data set's images) and my set (PNGs uploaded through the real file picker,
// bad files refused by name, a drawing added, the grid, a reload that keeps the set, training on it, the
// .npz export and import).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const zlib = require('node:zlib');
const h = require('./harness');

// A greyscale PNG (8-bit, no filter), written here so the test depends on no image library.
function png(width, height, pixel) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xFFFFFFFF; for (const b of buf) c = crcTable[(c ^ b) & 0xFF] ^ (c >>> 8); return (c ^ 0xFFFFFFFF) >>> 0; };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 0;  // 8-bit greyscale
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; ++y) for (let x = 0; x < width; ++x) raw[y * (width + 1) + 1 + x] = pixel(x, y);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), chunk('IHDR', ihdr),
                        chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Dark bars on white paper, as a phone photo of a drawing would be: vertical or horizontal, moved around.
function bar(vertical, i) {
  const w = 64 + 8 * (i % 3), hgt = 60 + 4 * (i % 4), at = 16 + 3 * (i % 5);
  return png(w, hgt, (x, y) => ((vertical ? x : y) >= at && (vertical ? x : y) < at + 10 ? 20 : 245));
}
const file = (name, buffer) => ({ name, mimeType: name.endsWith('.png') ? 'image/png' : 'text/plain', buffer });

test('Fashion-MNIST in the page', { timeout: 150000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, { query: '?dataset=fashion' });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  let s = await page.evaluate(() => window.aeplay.state());
  assert.equal(s.dataset, 'fashion');
  assert.equal(s.testImages, 10000);
  assert.equal(s.classNames[9], 'Ankle boot');
  assert.equal(s.model, 'fashion-dae-gaussian', 'the data set brings its own first model');
  assert.equal(s.datasetNote, '');
  await page.evaluate(() => window.aeplay.loadDigit(10 * 7 + 7));  // test image 10 i + c is of class c
  s = await page.evaluate(() => window.aeplay.state());
  assert.equal(s.className, 'Sneaker');
  // Every shipped Fashion-MNIST model, fed what it was trained on (clean images, or its noise), reconstructs
  // clothes better than a blur would (MSE per pixel < 0.045 over 20 test images; the MNIST models meet the same
  // bar on digits in families.test.js), and the denoising ones remove most of their noise.
  const fashionCatalog = (await page.evaluate(() => window.aeplay.catalog())).filter((m) => m.dataset === 'fashion');
  assert.ok(fashionCatalog.length >= 4, 'shipped Fashion-MNIST models: plain, two denoising, the 2-D VAE');
  const trainedWith = { 'fashion-dae-gaussian': ['gaussian', 0.5], 'fashion-dae-mask': ['mask', 0.5] };
  for (const { id } of fashionCatalog) {
    const [type, level] = trainedWith[id] || ['none', 0];
    const r = await page.evaluate(async ({ id, type, level }) => {
      await window.aeplay.loadModel(id);
      window.aeplay.setNoise(type, level);
      let rec = 0, cor = 0;
      for (let i = 0; i < 20; ++i) {
        window.aeplay.loadDigit(i * 37);
        const a = window.aeplay.getArrays();
        for (let p = 0; p < 784; ++p) rec += (a.reconstruction[p] - a.clean[p]) ** 2, cor += (a.corrupted[p] - a.clean[p]) ** 2;
      }
      return { rec: rec / (20 * 784), cor: cor / (20 * 784) };
    }, { id, type, level });
    t.diagnostic(`${id} on ${type}: MSE per pixel ${r.cor.toFixed(4)} corrupted -> ${r.rec.toFixed(4)} reconstructed (20 test images)`);
    assert.ok(r.rec < 0.045, `${id}: ${r.rec}`);
    if (type !== 'none') assert.ok(r.rec < 0.25 * r.cor, `${id} removes most of its noise`);
  }
  await page.evaluate(() => { window.aeplay.selectModel('fashion-dae-gaussian'); window.aeplay.setNoise('gaussian', 0.5); });

  // The latent panel follows the data set: its probe tells clothes apart (PCA-2 of a 32-D code: k-NN on codes).
  await page.evaluate(() => window.aeplay.showLatent(true));
  await page.waitForFunction(() => window.aeplay.latent().ready, null, { timeout: 90000 });
  const latent = await page.evaluate(() => window.aeplay.latent());
  t.diagnostic(`Fashion-MNIST probe on the codes of fashion-dae-gaussian: ${JSON.stringify(latent.probeAccuracy)}`);
  assert.ok(latent.probeAccuracy.knn > 0.7, `k-NN probe ${latent.probeAccuracy.knn}`);
  await page.evaluate(() => window.aeplay.showLatent(false));

  // The same model meets MNIST digits: a notice, not an error.
  await page.evaluate(() => window.aeplay.setDataset('mnist'));
  await page.waitForFunction(() => window.aeplay.state().testImages === 10000 && window.aeplay.state().dataset === 'mnist');
  s = await page.evaluate(() => window.aeplay.state());
  assert.equal(s.model, 'fashion-dae-gaussian');
  assert.match(s.datasetNote, /learned Fashion-MNIST; it now sees MNIST digits/);
  assert.deepEqual(s.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.match(new URL(page.url()).search, /model=fashion-dae-gaussian/);
  const bad = await page.evaluate(() => { try { window.aeplay.setDataset('cifar'); return ''; } catch (e) { return e.message; } });
  assert.match(bad, /no data set 'cifar'/);
  assert.equal((await page.evaluate(() => window.aeplay.state())).dataset, 'mnist');
  assert.deepEqual(errors, []);
});

test('my set: uploads, a drawing, the grid, a reload, training, export and import', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, { query: '?dataset=mine&panels=data',
                                                                     viewport: { width: 1280, height: 1400 } });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });
  assert.equal((await page.evaluate(() => window.aeplay.userSet())).size, 0);

  const upload = async (files, className) => {
    const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
    const done = page.evaluate((c) => new Promise((resolve) => {
      const before = window.aeplay.state().notices.length;
      window.aeplay.host.requestImageFiles({ className: c });
      const poll = () => (window.aeplay.state().notices.length > before ? resolve() : setTimeout(poll, 50));
      poll();
    }), className);
    await (await chooser).setFiles(files);
    await done;
  };
  const vertical = Array.from({ length: 12 }, (_, i) => file(`v${i}.png`, bar(true, i)));
  const good = bar(false, 0);
  await upload(vertical, 'vertical');
  await upload([...Array.from({ length: 12 }, (_, i) => file(`h${i}.png`, bar(false, i))),
                file('truncated.png', good.subarray(0, 40)), file('notes.png', Buffer.from('not an image'))], 'horizontal');
  let set = await page.evaluate(() => window.aeplay.userSet());
  const notices = (await page.evaluate(() => window.aeplay.state())).notices;
  t.diagnostic(notices.join(' | '));
  assert.equal(set.size, 24);
  assert.deepEqual(set.classes, ['vertical', 'horizontal']);
  assert.ok(notices.some((n) => /Refused 2: .*truncated\.png.*notes\.png/.test(n)), 'both bad files named');
  // The uploads were inverted (dark ink on light paper -> MNIST's light ink on black) and fitted to 28x28.
  await page.evaluate(() => window.aeplay.loadDigit(0));
  const first = (await h.arrays(page)).clean;
  assert.ok(first.filter((v) => v > 0.9).length > 40 && first.filter((v) => v < 0.05).length > 500, h.ascii(first));

  // A drawing added under its own class shows up in the grid, as the 25th image (row 3, column 5).
  const tileBrightness = async () => {
    await h.nextFrames(page, 3);
    const r = (await page.evaluate(() => window.aeplay.userSet())).gridRect;
    const cell = r[2] / 10;
    const shot = await page.screenshot({ clip: { x: r[0] + 4 * cell + 2, y: r[1] + 2 * cell + 2, width: cell - 4, height: cell - 4 } });
    return h.analysePng(browser, shot, (d) => { let m = 0; for (let i = 0; i < d.length; i += 4) m = Math.max(m, d[i]); return m; });
  };
  const before = await tileBrightness();
  await page.evaluate(() => window.aeplay.draw([[[0.3, 0.3], [0.7, 0.7]], [[0.7, 0.3], [0.3, 0.7]]]));
  await page.evaluate(() => window.aeplay.addInputToUserSet('cross'));
  set = await page.evaluate(() => window.aeplay.userSet());
  assert.equal(set.size, 25);
  assert.equal(set.classes[set.labels[24]], 'cross');
  const after = await tileBrightness();
  t.diagnostic(`grid tile 25: brightest pixel ${before} before the drawing was added, ${after} after`);
  assert.ok(before < 60 && after > 180, `tile ${before} -> ${after}`);
  const blank = await page.evaluate(() => { window.aeplay.clearDrawing(); try { window.aeplay.addInputToUserSet('x'); return ''; } catch (e) { return e.message; } });
  assert.match(blank, /blank/);

  // Kept across a reload.
  await page.evaluate(() => window.aeplay.userSetSaved());
  await page.reload();
  await h.waitReady(page);
  set = await page.evaluate(() => window.aeplay.userSet());
  assert.equal(set.size, 25, 'my set survives a reload');
  assert.deepEqual(set.classes, ['vertical', 'horizontal', 'cross']);

  // Training on it lowers the loss.
  await page.evaluate(() => window.aeplay.train({ layers: '784,32,8', noise: 'none', lr: 3e-3, batch: 8, images: 25, epochs: 40 }));
  await page.waitForFunction(() => window.aeplay.training().state === 'done', null, { timeout: 120000 });
  const history = (await page.evaluate(() => window.aeplay.training())).history.epochs;  // [epoch, train, test]
  t.diagnostic(`training on my set: test loss ${history[0][2].toFixed(2)} after epoch 1, ${history.at(-1)[2].toFixed(2)} after ${history.length}`);
  assert.equal(history.length, 40);
  assert.ok(history.at(-1)[2] < 0.6 * history[0][2]);
  assert.equal((await page.evaluate(() => window.aeplay.state())).datasetNote, '');

  // Export, then a bad import leaves the set as it was, and the export imports back to the same set.
  const exported = await page.evaluate(() => Array.from(window.aeplay.exportUserSet()));
  const badImport = await page.evaluate(() => { try { window.aeplay.importUserSet(new Uint8Array([80, 75, 3, 4, 1, 2]), 'bad.npz'); return ''; } catch (e) { return e.message; } });
  assert.match(badImport, /bad\.npz/);
  assert.equal((await page.evaluate(() => window.aeplay.userSet())).size, 25);
  await page.evaluate(() => window.aeplay.removeFromUserSet(24));
  assert.deepEqual((await page.evaluate(() => window.aeplay.userSet())).classes, ['vertical', 'horizontal']);
  await page.evaluate((bytes) => window.aeplay.importUserSet(new Uint8Array(bytes), 'my-set.npz'), exported);
  set = await page.evaluate(() => window.aeplay.userSet());
  assert.equal(set.size, 25);
  assert.deepEqual(set.classes, ['vertical', 'horizontal', 'cross']);
  assert.deepEqual(errors, []);
});
