// Screen-reader and keyboard access (web/a11y.js): the keyboard alone (Tab, arrows, Enter, the shortcuts)
// does the main task, the HTML control strip follows changes made elsewhere, the live region says each
// change in words; axe-core finds no serious or critical violation in either theme.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness');

// Pause is 'paused' once the training worker's paused report (and its weights) are in: one ~50 ms slice.
const pausedByWorker = (page) => page.waitForFunction(() => window.aeplay.training().state !== 'running', null,
                                                      { timeout: 5000 }).catch(() => {});

const NODE_DIR = process.env.AEPLAY_NODE_DIR || path.join(os.homedir(), '.cache', 'aeplay', 'node');
const AXE = path.join(NODE_DIR, 'node_modules', 'axe-core', 'axe.min.js');

const liveText = (page) => page.evaluate(() => document.getElementById('a11y-live').textContent);
const state = (page) => page.evaluate(() => { const s = window.aeplay.state(); delete s.notices; return s; });
// Waits until the live region's text contains every string of `parts` (it is debounced ~0.4 s).
async function liveSays(page, parts, what, timeout = 8000) {
  try {
    await page.waitForFunction((parts) => {
      const t = document.getElementById('a11y-live').textContent;
      return parts.every((p) => t.includes(p));
    }, parts, { timeout, polling: 100 });
  } catch (e) {
    throw new Error(`live region does not say ${JSON.stringify(parts)} after ${what}: "${await liveText(page)}"`);
  }
  return liveText(page);
}
const focusedId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
// Tab (or Shift+Tab) through the strip until #id has focus (the canvas is one stop: inside it ImGui moves
// with the arrows, and Tab leaves it again).
async function tabTo(page, id, back = false, max = 10) {
  for (let i = 0; i < max; ++i) {
    const at = await focusedId(page);
    if (at === id) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached #${id} (at #${await focusedId(page)})`);
}
const stripShown = (page) => page.evaluate(() => document.getElementById('a11y').getBoundingClientRect().width > 100);

test('keyboard and screen reader', { timeout: 180000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });

  await t.test('keyboard only: noise, level, digits, training; the live region follows', async () => {
    // Everything the live region says from the first moment, so the load check does not depend on how the
    // start-up announcements fall (under load the full test set can arrive after the first one, and then
    // "Test digit 0 of 10000" is said again on its own).
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript(() => {
      window.__liveSaid = [];
      document.addEventListener('DOMContentLoaded', () => {
        const live = document.getElementById('a11y-live');
        if (live) new MutationObserver(() => window.__liveSaid.push(live.textContent)).observe(live, { childList: true, characterData: true, subtree: true });
      });
    });
    const { context, page, errors } = await h.openApp(browser, site, { context: ctx });
    try {
      // The first announcements: the whole situation.
      const atLoad = ['Test digit 0', 'label 7', 'Gaussian noise, sigma 0.50', 'Model:', 'PSNR'];
      await page.waitForFunction((parts) => parts.every((p) => window.__liveSaid.some((t) => t.includes(p))), atLoad,
                                 { timeout: 8000, polling: 100 })
        .catch(async () => { throw new Error(`the live region did not say ${JSON.stringify(atLoad)} at load: ${JSON.stringify(await page.evaluate(() => window.__liveSaid))}`); });
      let said = await liveText(page);
      t.diagnostic(`at load: ${said}`);
      assert.equal(await stripShown(page), false, 'the strip is drawn over the canvas before it has focus');

      // Tab from page load: the strip's first control; the strip becomes visible.
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(page), 'a11y-digit', 'the first Tab does not reach the digit field');
      assert.equal(await stripShown(page), true, 'the strip stays hidden with keyboard focus inside');

      // Noise type with the arrow keys on the <select>: Gaussian -> masking.
      await tabTo(page, 'a11y-noise');
      await page.keyboard.press('ArrowDown');
      let s = await state(page);
      assert.equal(s.noise, 'mask:0.5', `ArrowDown on the noise select gave ${s.noise}`);
      said = await liveSays(page, ['masking noise, fraction 0.50', 'Reconstruction'], 'ArrowDown on noise');
      t.diagnostic(`noise: ${said}`);

      // Level with the arrow keys on the range: 0.5 -> 0.55; then '+' and '-' from the strip.
      await tabTo(page, 'a11y-level');
      await page.keyboard.press('ArrowRight');
      assert.equal((await state(page)).noise, 'mask:0.55');
      await liveSays(page, ['masking noise, fraction 0.55'], 'ArrowRight on level');
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      assert.equal((await state(page)).noise, 'mask:0.65');
      await page.keyboard.press('-');
      assert.equal((await state(page)).noise, 'mask:0.6');
      said = await liveSays(page, ['fraction 0.60'], "'+' '+' '-'");
      assert.ok(!said.includes('0.55 ') && !said.includes('0.65'), `intermediate levels announced: ${said}`);

      // 'n' cycles the noise type: masking -> salt-and-pepper (its own remembered level, 0.2).
      await page.keyboard.press('n');
      assert.equal((await state(page)).noise, 'saltpepper:0.2');
      await liveSays(page, ['salt-and-pepper noise, fraction 0.20'], "'n'");
      assert.equal(await page.evaluate(() => document.getElementById('a11y-noise').value), 'saltpepper');

      // Random digit with Enter on the button, then 'r', then ']' and '['.
      await tabTo(page, 'a11y-random', true);
      const before = (await state(page)).digit;
      await page.keyboard.press('Enter');
      s = await state(page);
      assert.notEqual(s.digit, before, 'Enter on "Random digit" kept the digit');
      await liveSays(page, [`Test digit ${s.digit} of 10000, label ${s.label}`], 'Enter on Random digit');
      assert.equal(await page.evaluate(() => document.getElementById('a11y-digit').value), String(s.digit));
      await page.keyboard.press('r');
      const r = await state(page);
      assert.notEqual(r.digit, s.digit, "'r' kept the digit");
      said = await liveSays(page, [`Test digit ${r.digit} of 10000, label ${r.label}`, 'squared error'], "'r'");
      t.diagnostic(`random digit: ${said}`);
      await page.keyboard.press(']');
      const next = await state(page);
      assert.equal(next.digit, (r.digit + 1) % 10000, "']' is not the next digit");
      await liveSays(page, [`Test digit ${next.digit} of`, `label ${next.label}`], "']'");
      await page.keyboard.press('[');
      assert.equal((await state(page)).digit, r.digit, "'[' is not the previous digit");

      // 's': a new seed.
      const seed = (await state(page)).seed;
      await page.keyboard.press('s');
      assert.equal((await state(page)).seed, seed + 1);
      await liveSays(page, [`noise seed ${seed + 1}`], "'s'");

      // 't': train a small model; 't' again pauses it. Then Enter on the strip's button resumes, 't' pauses.
      await page.keyboard.press('t');
      await page.waitForFunction(() => window.aeplay.training().state === 'running', null, { timeout: 60000 });
      said = await liveSays(page, ['Training, epoch'], "'t'", 15000);
      t.diagnostic(`training: ${said}`);
      await page.waitForFunction(() => window.aeplay.training().batches > 3, null, { timeout: 30000 });
      await page.keyboard.press('t');
      await pausedByWorker(page);
      assert.equal((await state(page)).training.state, 'paused', "'t' did not pause training");
      said = await liveSays(page, ['Training paused at epoch'], "'t' (pause)");
      t.diagnostic(`paused: ${said}`);
      await tabTo(page, 'a11y-train', false);
      assert.match(await page.evaluate(() => document.getElementById('a11y-train').textContent), /Resume/);
      await page.keyboard.press('Enter');
      assert.equal((await state(page)).training.state, 'running', 'Enter on "Resume training" did not resume');
      await liveSays(page, ['Training, epoch'], 'Enter on Resume');
      await page.keyboard.press('t');
      await pausedByWorker(page);
      assert.equal((await state(page)).training.state, 'paused', "'t' did not pause training again");

      // Training progress is throttled: over 5 s of training, progress announcements ("Training, epoch ...")
      // come at least ~3 s apart. (State changes - paused, done - are announced at once and not counted.)
      await page.evaluate(() => {
        window.__progress = [];
        new MutationObserver(() => {
          const text = document.getElementById('a11y-live').textContent;
          if (/^Training, epoch/.test(text)) window.__progress.push(performance.now());
        }).observe(document.getElementById('a11y-live'), { childList: true, characterData: true, subtree: true });
        window.aeplay.resumeTraining();
      });
      await new Promise((res) => setTimeout(res, 5000));
      const times = await page.evaluate(() => { window.aeplay.pauseTraining(); return window.__progress; });
      const gaps = times.slice(1).map((x, i) => x - times[i]);
      t.diagnostic(`progress announcements over 5 s of training: ${times.length}, gaps ${gaps.map((g) => g.toFixed(0)).join(', ')} ms`);
      assert.ok(times.length <= 2, `training flooded the live region: ${times.length} progress announcements in 5 s`);
      for (const g of gaps) assert.ok(g >= 2500, `progress announced ${g.toFixed(0)} ms after the previous one`);

      // Changes made elsewhere (the API, as the canvas does) show in the strip.
      await page.evaluate(() => { window.aeplay.loadDigit(42); window.aeplay.setNoise('dropout', 0.3); });
      await page.waitForFunction(() => document.getElementById('a11y-digit').value === '42', null, { timeout: 3000 });
      await page.waitForFunction(() => document.getElementById('a11y-noise').value === 'dropout' &&
                                       document.getElementById('a11y-level').value === '0.3', null, { timeout: 3000 });
      s = await state(page);
      await liveSays(page, ['Test digit 42 of 10000', `label ${s.label}`, 'dropout noise, fraction 0.30'], 'the API');
      await page.evaluate(() => window.aeplay.selectModel('dae-mask'));
      await page.waitForFunction(() => document.getElementById('a11y-model').value === 'dae-mask', null, { timeout: 3000 });
      await liveSays(page, ['Model: denoising AE, masking noise'], 'selectModel');

      // The model <select> through the keyboard: ArrowDown picks the next one.
      await tabTo(page, 'a11y-model', true);
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => window.aeplay.state().model === 'dae-saltpepper', null, { timeout: 5000 });
      await liveSays(page, ['Model: denoising AE, salt-and-pepper'], 'ArrowDown on model');

      // Shortcuts are not taken from typing in the digit field: 'r' and '-' there do nothing.
      await tabTo(page, 'a11y-digit', true);
      const d = (await state(page)).digit;
      await page.keyboard.press('r');
      await page.keyboard.press('-');
      assert.equal((await state(page)).digit, d, 'a key typed in the digit field ran a shortcut');
      assert.equal((await state(page)).noise, 'dropout:0.3', "'-' typed in the digit field changed the level");
      // ... but the arrows step the digit there (native), and the canvas follows.
      await page.keyboard.press('Control+A');  // retype the number over the '-' typed above
      await page.keyboard.type(String(d));
      assert.equal((await state(page)).digit, d, 'typing the digit index');
      await page.keyboard.press('ArrowUp');
      assert.equal((await state(page)).digit, d + 1, 'ArrowUp in the digit field');

      // '?' pins the strip open with the shortcuts listed; Escape hides it again (focus back on the canvas).
      await page.evaluate(() => document.getElementById('canvas').focus());
      assert.equal(await stripShown(page), false);
      await page.keyboard.press('?');
      assert.equal(await stripShown(page), true, "'?' did not show the strip");
      assert.equal(await page.evaluate(() => document.getElementById('a11y-keys').open), true);
      await h.screenshot(page, 'a11y-strip.png');
      await page.keyboard.press('Escape');
      assert.equal(await stripShown(page), false, 'Escape did not hide the strip');
      assert.equal(await focusedId(page), 'canvas');
      // With Ctrl (other than Ctrl+Z) or Alt held, letters are not shortcuts.
      const d2 = (await state(page)).digit;
      await page.keyboard.press('Alt+r');
      await page.keyboard.press('Control+r');
      assert.equal((await state(page)).digit, d2, 'Alt+r or Ctrl+r picked a random digit');

      assert.deepEqual(errors, [], 'console errors');
    } finally {
      await context.close();
    }
  });

  await t.test('no keyboard trap: Tab and Shift+Tab leave the canvas', async () => {
    const { context, page } = await h.openApp(browser, site);
    try {
      await page.focus('#canvas');
      await page.keyboard.press('Tab');
      const forward = await focusedId(page);
      await page.focus('#canvas');
      await page.keyboard.press('Shift+Tab');
      const back = await focusedId(page);
      t.diagnostic(`Tab from the canvas -> #${forward}, Shift+Tab -> #${back}`);
      assert.notEqual(forward, 'canvas', 'Tab stays in the canvas');
      assert.notEqual(back, 'canvas', 'Shift+Tab stays in the canvas');
    } finally {
      await context.close();
    }
  });

  await t.test('reduced motion: no transitions in the strip, slower announcements', async () => {
    const ctx = await browser.newContext({ viewport: { width: 900, height: 600 }, reducedMotion: 'reduce' });
    const { page } = await h.openApp(browser, site, { context: ctx });
    try {
      await page.keyboard.press('Tab');
      const anim = await page.evaluate(() => Array.from(document.querySelectorAll('#a11y, #a11y *')).map((e) => {
        const cs = getComputedStyle(e);
        return [cs.transitionDuration, cs.animationName];
      }).filter(([d, a]) => d.split(',').some((x) => parseFloat(x) > 0) || a !== 'none'));
      assert.deepEqual(anim, [], 'transitions or animations with prefers-reduced-motion');
    } finally {
      await ctx.close();
    }
  });

  for (const theme of ['dark', 'light']) {
    await t.test(`axe-core: no serious or critical violations (theme=${theme})`, async () => {
      assert.ok(fs.existsSync(AXE), `axe-core missing: npm install --no-save --prefix ${NODE_DIR} axe-core@4`);
      const { context, page } = await h.openApp(browser, site, { query: `?theme=${theme}` });
      try {
        await page.addScriptTag({ path: AXE });
        const run = () => page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
        });
        const bad = [];
        // Both states of the strip: hidden (nothing focused), and shown with the shortcuts open ('?').
        for (const shown of [false, true]) {
          if (shown) {
            await page.evaluate(() => document.getElementById('canvas').focus());
            await page.keyboard.press('?');
            assert.equal(await stripShown(page), true);
          }
          const v = await run();
          for (const x of v) t.diagnostic(`${theme}, strip ${shown ? 'shown' : 'hidden'}: ${x.impact} ${x.id}: ${x.help} (${x.nodes.join(', ')})`);
          if (!v.length) t.diagnostic(`${theme}, strip ${shown ? 'shown' : 'hidden'}: no violations`);
          bad.push(...v.filter((x) => x.impact === 'serious' || x.impact === 'critical'));
        }
        assert.deepEqual(bad, [], 'serious or critical axe violations');
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('light')), theme === 'light');
      } finally {
        await context.close();
      }
    });
  }
});
