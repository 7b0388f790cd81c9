// Loading a model file through the page's file picker ("Load model file..." -> aeplay.host.requestModelFile()):
// a corrupted file is refused with a notice and the current model stays selected and unchanged; a valid
// .aep file loads and becomes the selected model.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

const PLAIN = path.join(h.ROOT, 'assets', 'models', 'ae-plain.aep');

test('loading a model file from disk', { timeout: 90000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site);
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });

  // Opens the page's file picker as the button does and answers it with `file`.
  const pick = async (file) => {
    const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
    await page.evaluate(() => window.aeplay.host.requestModelFile());
    await (await chooser).setFiles(file);
  };
  const view = () => page.evaluate(() => ({ state: window.aeplay.state(),
                                            rec: Array.from(window.aeplay.getArrays().reconstruction) }));
  await page.evaluate(() => { window.aeplay.loadDigit(4); window.aeplay.setNoise('gaussian', 0.5); });
  const before = await view();
  assert.equal(before.state.model, 'dae-gaussian');

  const good = fs.readFileSync(PLAIN);
  const broken = [
    { name: 'garbage.aep', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a model file at all') },
    { name: 'truncated.aep', mimeType: 'application/octet-stream', buffer: good.subarray(0, Math.floor(good.length / 2)) },
    { name: 'bitflip.aep', mimeType: 'application/octet-stream', buffer: Buffer.from(good) },  // one weight bit flipped
  ];
  broken[2].buffer[Math.floor(good.length / 2)] ^= 0x10;
  for (const file of broken) {
    await pick(file);
    await page.waitForFunction((name) => window.aeplay.state().notices.some((n) => n.includes(name)),
                               file.name, { timeout: 10000 });
    const after = await view();
    const notice = after.state.notices.find((n) => n.includes(file.name));
    t.diagnostic(`${file.name}: ${notice}`);
    assert.match(notice, /not loaded/i);
    assert.equal(after.state.model, 'dae-gaussian', `${file.name} changed the selected model`);
    assert.ok(!after.state.models.some((m) => m.includes(file.name)), `${file.name} was added to the models`);
    assert.deepEqual(after.rec, before.rec, `${file.name} changed the reconstruction`);
  }
  assert.equal(await page.locator('#aeplay-model-file').count(), 0, 'the file input was left in the page');

  // A valid file loads, becomes the selected model, and reconstructs like the shipped ae-plain.
  await pick(PLAIN);
  await page.waitForFunction(() => window.aeplay.state().model === 'file:ae-plain.aep', null, { timeout: 10000 });
  const loaded = await view();
  t.diagnostic(`ae-plain.aep: model ${loaded.state.model}, notices ${JSON.stringify(loaded.state.notices.slice(-1))}`);
  assert.ok(loaded.state.models.includes('file:ae-plain.aep'));
  assert.ok(loaded.state.notices.some((n) => /Loaded ae-plain\.aep/.test(n)), 'no notice for the loaded file');
  assert.ok(h.mse(loaded.rec, before.rec) > 1e-5, 'the loaded model reconstructs exactly like the previous one');
  await page.evaluate(() => window.aeplay.modelsLoaded);
  const shipped = await page.evaluate(() => {
    window.aeplay.selectModel('ae-plain');
    return Array.from(window.aeplay.getArrays().reconstruction);
  });
  assert.ok(h.mse(shipped, loaded.rec) < 1e-12, 'the loaded file reconstructs differently from the shipped ae-plain');
  assert.deepEqual(errors, []);
});

// Models that travel, in the page: "Download as" .safetensors / .npz / .onnx (aeplay.exportModel is what the
// button downloads), and a .safetensors or .npz file in the file picker loads and reconstructs exactly like the
// model it came from; bad exports are refused with a notice and the current model stays.
test('exporting and importing safetensors and npz in the page', { timeout: 150000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, { query: '?model=dae-mask&noise=mask&level=0.5&digit=11' });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });
  const pick = async (file) => {
    const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
    await page.evaluate(() => window.aeplay.host.requestModelFile());
    await (await chooser).setFiles(file);
  };
  const reconstruction = () => page.evaluate(() => Array.from(window.aeplay.getArrays().reconstruction));
  const original = await reconstruction();
  const exported = {};
  for (const format of ['aep', 'safetensors', 'npz', 'onnx']) {
    // As base64: megabytes as a JSON array of numbers would take the protocol tens of seconds.
    const b64 = await page.evaluate((f) => {
      const bytes = window.aeplay.exportModel(f);
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      return btoa(text);
    }, format);
    exported[format] = Buffer.from(b64, 'base64');
  }
  assert.equal(exported.aep.subarray(0, 4).toString(), 'AEPM');
  const headerLength = Number(exported.safetensors.readBigUInt64LE(0));
  const header = JSON.parse(exported.safetensors.subarray(8, 8 + headerLength).toString());
  assert.equal(headerLength % 8, 0, 'the safetensors header is padded to 8 bytes');
  assert.ok(header.__metadata__ && header['encoder.0.weight'], Object.keys(header).join(', '));
  assert.deepEqual(header['encoder.0.weight'].shape, [256, 784], 'nn.Linear layout [out, in]');
  assert.equal(exported.npz.subarray(0, 2).toString(), 'PK', 'npz is a zip');
  assert.ok(exported.onnx.length > 100000, `onnx: ${exported.onnx.length} bytes`);
  const badFormat = await page.evaluate(() => { try { window.aeplay.exportModel('pickle'); return ''; } catch (e) { return e.message; } });
  assert.match(badFormat, /no format/);

  for (const format of ['safetensors', 'npz']) {
    const name = `dae-mask.${format}`;
    await pick({ name, mimeType: 'application/octet-stream', buffer: exported[format] });
    await page.waitForFunction((id) => window.aeplay.state().model === id, `file:${name}`, { timeout: 10000 });
    const rec = await reconstruction();
    const diff = Math.max(...rec.map((v, i) => Math.abs(v - original[i])));
    t.diagnostic(`${name}: max |difference| ${diff}`);
    assert.ok(diff <= 1e-6, `${name} reconstructs differently (max ${diff})`);
    await page.evaluate(() => window.aeplay.selectModel('dae-mask'));
  }
  const st = exported.safetensors;
  const bad = [
    ['truncated.safetensors', st.subarray(0, 8 + headerLength + 100)],
    ['header-past-end.safetensors', Buffer.concat([Buffer.from([0xff, 0xff, 0, 0, 0, 0, 0, 0]), st.subarray(8, 200)])],
    ['garbage.npz', Buffer.from('PK\u0003\u0004 not really a zip file')],
  ];
  for (const [name, buffer] of bad) {
    await pick({ name, mimeType: 'application/octet-stream', buffer });
    await page.waitForFunction((n) => window.aeplay.state().notices.some((x) => x.includes(n)), name, { timeout: 10000 });
    const s = await page.evaluate(() => window.aeplay.state());
    const notice = s.notices.find((x) => x.includes(name));
    t.diagnostic(`${name}: ${notice}`);
    assert.match(notice, /not loaded/i);
    assert.ok(!notice.includes('\n'), 'one line');
    assert.equal(s.model, 'dae-mask');
  }
  assert.deepEqual(await reconstruction(), original, 'the refused files changed the reconstruction');
  assert.deepEqual(errors, []);
});

// A model trained in PyTorch (tests/interop/test_from_pytorch.py, run by ctest before these tests): its state_dict
// written as safetensors by that test's own writer, with aeplay's architecture metadata, loads through the file
// picker and reconstructs the first 10 test digits as PyTorch does (1e-5).
test('a model trained in PyTorch loads in the page and reconstructs as PyTorch does', { timeout: 90000 }, async (t) => {
  const dir = process.env.AEPLAY_INTEROP_DIR || path.join(h.ROOT, 'build', 'interop');
  const file = path.join(dir, 'from-pytorch-dense-with-metadata.safetensors');
  const digitsFile = path.join(dir, 'from-pytorch-dense-digits.json');
  assert.ok(fs.existsSync(file) && fs.existsSync(digitsFile),
            `${file} is missing: run the native tests first (ctest -R interop_from_pytorch; scripts/test.sh does)`);
  const torchDigits = JSON.parse(fs.readFileSync(digitsFile, 'utf8')).reconstructions;
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  const { context, page, errors } = await h.openApp(browser, site, { query: '?noise=none' });
  t.after(async () => { await context.close(); await browser.close(); await site.close(); });
  const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
  await page.evaluate(() => window.aeplay.host.requestModelFile());
  await (await chooser).setFiles(file);
  const id = 'file:from-pytorch-dense-with-metadata.safetensors';
  await page.waitForFunction((m) => window.aeplay.state().model === m, id, { timeout: 10000 });
  let worst = 0;
  for (let i = 0; i < torchDigits.length; ++i) {
    const rec = await page.evaluate((d) => { window.aeplay.loadDigit(d); return Array.from(window.aeplay.getArrays().reconstruction); }, i);
    worst = Math.max(worst, ...rec.map((v, k) => Math.abs(v - torchDigits[i][k])));
  }
  t.diagnostic(`max |page - PyTorch| over 10 digits: ${worst}`);
  assert.ok(worst <= 1e-5, `the page reconstructs differently from PyTorch (max ${worst})`);
  assert.deepEqual(errors, []);
});
