// One range per setting: the noise kinds' ranges come from the engine (ae::kNoiseKinds through aeplay.facts(),
// core/page_facts.h), and every page component that checks or offers a level agrees with the engine's own
// check (aeplay.setNoise, which throws for a level out of range): the message API (web/messages.js) accepts
// and refuses exactly the same levels, and the accessible strip's level slider spans the table's range with
// its step. The batch size's range in the message API is the engine's (batch_size.h). (The URL parser is
// C++ and is checked against the table natively: tests/native/test_page_facts.cpp.)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const HOST = `<!doctype html><title>host</title><link rel="icon" href="data:,">
  <iframe id="app" src="index.html?embed=1" width="900" height="560"></iframe>
  <script>
    let n = 0;
    window.ask = (method, args) => new Promise((resolve) => {
      const id = 'q' + ++n;
      const on = (e) => {
        if (!e.data || e.data.id !== id) return;
        window.removeEventListener('message', on);
        resolve(e.data);
      };
      window.addEventListener('message', on);
      document.getElementById('app').contentWindow.postMessage({ aeplay: 1, id, method, args }, '*');
    });
  </script>`;

test('noise ranges: the engine, the message API and the accessible strip agree', { timeout: 120000 }, async (t) => {
  const site = await h.serve(h.SITE, { pages: { '/host.html': HOST } });
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });
  const page = await browser.newPage();
  const errors = h.watchErrors(page);
  await page.goto(site.url + 'host.html');
  let frame = null;
  for (let i = 0; i < 100 && !frame; ++i) {
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().includes('index.html'));
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, 'no app frame');
  await h.waitReady(frame);
  const facts = await frame.evaluate(() => window.aeplay.facts());
  const kinds = facts.noiseKinds.filter((k) => k.pixelNoise && k.name !== 'none');
  assert.deepEqual(kinds.map((k) => k.name), ['gaussian', 'mask', 'saltpepper', 'dropout']);

  for (const k of kinds) {
    const levels = [k.min, k.default, k.sliderMax, k.max, k.max + (k.max - k.min) * 0.01, k.min - 0.01];
    for (const level of levels) {
      const engine = await frame.evaluate(([type, l]) => {
        try { window.aeplay.setNoise(type, l); return true; } catch (e) { return false; }
      }, [k.name, level]);
      const reply = await page.evaluate(([type, l]) => window.ask('setNoise', [type, l]), [k.name, level]);
      const viaMessage = !Object.prototype.hasOwnProperty.call(reply, 'error');
      assert.equal(viaMessage, engine, `${k.name} level ${level}: the engine ${engine ? 'accepts' : 'refuses'} it, ` +
                                       `the message API answered ${JSON.stringify(reply)}`);
      if (level === k.max) assert.equal(engine, !k.maxExclusive, `${k.name}: the table's max and the engine disagree`);
    }
    await frame.evaluate((type) => {
      const select = document.getElementById('a11y-noise');
      select.value = type;
      select.dispatchEvent(new Event('change'));
    }, k.name);
    const want = { option: k.name, min: k.min, max: k.sliderMax, step: k.step,
                   label: k.levelName.charAt(0).toUpperCase() + k.levelName.slice(1) };
    const readStrip = () => {
      const level = document.getElementById('a11y-level');
      return { option: document.getElementById('a11y-noise').value, min: Number(level.min), max: Number(level.max),
               step: Number(level.step), label: document.getElementById('a11y-level-label').textContent };
    };
    // The strip follows the change it made once the module reports it (within a few frames).
    await frame.waitForFunction(([read, w]) => JSON.stringify(eval(read)()) === JSON.stringify(w),
                                [`(${readStrip})`, want], { timeout: 5000 }).catch(() => {});
    assert.deepEqual(await frame.evaluate((read) => eval(read)(), `(${readStrip})`), want, k.name);
  }

  const batch = await page.evaluate((max) => window.ask('train', [{ layers: '784,32', batch: max + 1 }]), facts.batch.max);
  assert.equal(batch.error, `train: argument 1.batch must be a whole number ${facts.batch.min}..${facts.batch.max}, ` +
                            `not ${facts.batch.max + 1}`);
  t.diagnostic(`noise kinds: ${kinds.map((k) => `${k.name} [${k.min}, ${k.max}${k.maxExclusive ? ')' : ']'}`).join(', ')}; ` +
               `batch ${facts.batch.min}..${facts.batch.max}`);
  assert.deepEqual(errors, []);
});
