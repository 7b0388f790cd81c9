// Layouts that fit the frame (issue: course pages): at every listed size, for each layout meant for it and in
// both themes, every view and control group the layout lists lies inside the viewport and no two text
// rectangles overlap (both from aeplay.layout()); the automatic choice per size; text contrast of both themes
// from the theme's colours (WCAG AA, 4.5:1); every lesson loads without a notice and shows its caption; and
// lessons.html lists them. Screenshots go to build-web/screenshots/layout-*.png (kept by CI).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const SIZES = [[560, 315], [640, 360], [900, 480], [1280, 720], [390, 844], [844, 390], [1024, 768]];
const EXPECTED_AUTO = { '560x315': 'strip', '640x360': 'strip', '900x480': 'strip', '1280x720': 'full',
  '390x844': 'stack', '844x390': 'strip', '1024x768': 'full' };
// The layouts each size is for: strip from 560x315 up, stack for portrait phones, full from 1024x768.
const LAYOUTS_FOR = (w, hgt) => ['strip', ...(w < 600 && hgt > w ? ['stack'] : []), ...(w >= 1024 && hgt >= 720 ? ['full'] : [])];
const MAIN_VIEWS = {
  strip: ['canvas', 'corrupted', 'reconstruction', 'error', 'noise', 'metrics', 'input buttons'],
  stack: ['canvas', 'clean', 'corrupted', 'reconstruction', 'error', 'noise', 'metrics', 'input buttons'],
  full: ['canvas', 'clean', 'corrupted', 'reconstruction', 'error', 'noise', 'metrics', 'input buttons'],
};

const inside = (r, w, hgt) => r.x >= -0.5 && r.y >= -0.5 && r.x + r.w <= w + 0.5 && r.y + r.h <= hgt + 0.5;
const overlap = (a, b) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0.5 &&
                          Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 0.5;

// WCAG 2 relative luminance and contrast ratio of two #rrggbb colours.
function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };

async function layoutAt(page, w, hgt, layout) {
  await page.setViewportSize({ width: w, height: hgt });
  await page.evaluate((l) => window.aeplay.setLayout(l), layout);
  await h.nextFrames(page, 4);  // the canvas follows the new size, then the layout settles
  return page.evaluate(() => window.aeplay.layout());
}

function checkLayout(l, w, hgt, name) {
  assert.equal(l.width, w, `${name}: the app sees the frame's width`);
  for (const v of MAIN_VIEWS[l.layout]) {
    assert.ok(l.views[v], `${name}: view ${v} is not shown (views: ${Object.keys(l.views)})`);
    assert.ok(inside(l.views[v], w, hgt), `${name}: ${v} ${JSON.stringify(l.views[v])} is outside ${w}x${hgt}`);
  }
  assert.ok(l.views.canvas.w >= 48, `${name}: the canvas is ${l.views.canvas.w} px`);
  for (const t of l.texts) assert.ok(t.x >= -0.5 && t.x + t.w <= w + 0.5, `${name}: text ${t.name} is cut off`);
  for (let i = 0; i < l.texts.length; ++i)
    for (let j = i + 1; j < l.texts.length; ++j)
      assert.ok(!overlap(l.texts[i], l.texts[j]), `${name}: "${l.texts[i].name}" overlaps "${l.texts[j].name}"`);
}

test('layouts that fit the frame', { timeout: 220000 }, async (t) => {
  const site = await h.serve(h.SITE);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); });

  for (const theme of ['light', 'dark']) {
    await t.test(`every size, every layout meant for it (${theme} theme)`, async () => {
      const { context, page, errors } = await h.openApp(browser, site, { query: `?embed=1&theme=${theme}&digit=7` });
      try {
        for (const [w, hgt] of SIZES) {
          const auto = await layoutAt(page, w, hgt, 'auto');
          assert.equal(auto.layout, EXPECTED_AUTO[`${w}x${hgt}`], `auto layout at ${w}x${hgt}`);
          assert.equal(auto.theme, theme);
          checkLayout(auto, w, hgt, `auto at ${w}x${hgt}`);
          await h.screenshot(page, `layout-${theme}-auto-${w}x${hgt}.png`);
          for (const layout of LAYOUTS_FOR(w, hgt)) {
            const l = await layoutAt(page, w, hgt, layout);
            assert.equal(l.layout, layout);
            checkLayout(l, w, hgt, `${layout} at ${w}x${hgt} (${theme})`);
            await h.screenshot(page, `layout-${theme}-${layout}-${w}x${hgt}.png`);
          }
        }
        const bad = await page.evaluate(() => { try { window.aeplay.setLayout('wide'); return null; } catch (e) { return e.message; } });
        assert.match(bad, /layout must be/);
        assert.deepEqual(errors, []);
      } finally { await context.close(); }
    });
  }

  await t.test('text contrast of both themes is at least 4.5:1 (WCAG AA)', async () => {
    const { context, page } = await h.openApp(browser, site, { query: '?embed=1&theme=light' });
    try {
      for (const theme of ['light', 'dark']) {
        await page.evaluate((th) => window.aeplay.setTheme(th), theme);
        await h.nextFrames(page, 2);
        const c = await page.evaluate(() => window.aeplay.theme());
        assert.equal(c.name, theme);
        for (const [fg, bg] of [['text', 'background'], ['muted', 'background'], ['error', 'background'],
                                ['text', 'frame'], ['text', 'button'], ['muted', 'frame']]) {
          const ratio = contrast(c[fg], c[bg]);
          h.bench(`contrast ${theme} ${fg} on ${bg}`, ratio.toFixed(2), ':1');
          assert.ok(ratio >= 4.5, `${theme}: ${fg} ${c[fg]} on ${bg} ${c[bg]} is ${ratio.toFixed(2)}:1`);
        }
      }
    } finally { await context.close(); }
  });

  await t.test('the theme follows the URL, prefers-color-scheme and being in a frame', async () => {
    const ctx = await browser.newContext({ viewport: { width: 900, height: 480 }, colorScheme: 'light' });
    try {
      const { page } = await h.openApp(browser, site, { query: '?theme=auto', context: ctx });
      assert.equal((await page.evaluate(() => window.aeplay.layout())).theme, 'light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await h.nextFrames(page, 2);
      assert.equal((await page.evaluate(() => window.aeplay.layout())).theme, 'dark', 'auto follows the scheme');
      await page.goto(site.url);  // on its own, no theme=: dark
      await h.waitReady(page);
      assert.equal((await page.evaluate(() => window.aeplay.layout())).theme, 'dark');
    } finally { await ctx.close(); }
  });

  await t.test('every lesson loads without a notice and shows its caption; lessons.html lists them', async () => {
    const { context, page, errors } = await h.openApp(browser, site, { query: '?embed=1', viewport: { width: 900, height: 480 } });
    try {
      const lessons = await page.evaluate(() => window.aeplay.lessons());
      assert.ok(lessons.length >= 12, `${lessons.length} lessons`);
      for (const lesson of lessons) {
        // Let the background model loads finish: leaving the page would abort them (reported as errors).
        await page.evaluate(async () => { await window.aeplay.modelsLoaded; return true; });
        await page.goto(site.url + lesson.query + '&embed=1');
        await h.waitReady(page);
        await h.nextFrames(page, 3);
        const s = await page.evaluate(() => ({ state: window.aeplay.state(), layout: window.aeplay.layout() }));
        assert.deepEqual(s.state.notices, [], `${lesson.name}: notices`);
        assert.equal(s.state.model, lesson.model, `${lesson.name}: model`);
        assert.equal(s.layout.lesson, lesson.name);
        const caption = s.layout.texts.find((x) => x.name === 'lesson');
        assert.ok(caption && caption.h > 10, `${lesson.name}: the caption is shown`);
        assert.ok(inside(caption, 900, 480), `${lesson.name}: the caption lies in the frame`);
      }
      await page.evaluate(async () => { await window.aeplay.modelsLoaded; return true; });
      assert.deepEqual(errors, [], 'console errors while loading the lessons');
      const kit = await context.newPage();
      const kitErrors = h.watchErrors(kit);
      await kit.goto(site.url + 'lessons.html');
      await kit.waitForSelector('.lesson', { timeout: 60000 });
      const cards = await kit.$$eval('.lesson', (els) => els.map((e) => ({
        title: e.querySelector('h2').textContent, snippet: e.querySelector('code').textContent })));
      assert.equal(cards.length, lessons.length);
      for (const card of cards) {
        assert.match(card.snippet, /<iframe src="[^"]+\?lesson=[a-z0-9-]+[^"]*" [^>]*title="[^"]+"/);
        assert.match(card.snippet, /allowfullscreen/);
        assert.match(card.snippet, /loading="lazy"/);
      }
      await kit.click('.lesson button.preview');  // one live preview, on demand
      const frame = await kit.waitForSelector('.lesson iframe');
      assert.ok(frame);
      assert.deepEqual(kitErrors, []);
    } finally { await context.close(); }
  });
});
