// Shared pieces of the browser end-to-end tests: a static server, Debian's chromium via playwright-core,
// console-error collection, app helpers (open the page and wait for the first reconstruction, wait for
// frames, find the draw canvas, draw with the real mouse), screenshot analysis and benchmark output.
// Paths come from the environment (see run.sh).
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_DIR = process.env.AEPLAY_NODE_DIR || path.join(os.homedir(), '.cache', 'aeplay', 'node');
const SITE = process.env.AEPLAY_SITE || path.join(ROOT, 'build-web', 'site');
const SCREENSHOTS = process.env.AEPLAY_SCREENSHOTS || path.join(ROOT, 'build-web', 'screenshots');
const BENCH_FILE = process.env.AEPLAY_E2E_BENCH || path.join(ROOT, 'build-web', 'e2e-bench.jsonl');
// A hung browser must not hang the test run: end this test file's process after 4 minutes whatever happens
// (unref: the timer alone does not keep the process alive).
setTimeout(() => {
  console.error('e2e watchdog: the test file is still running after 240 s; exiting');
  process.exit(1);
}, Number(process.env.AEPLAY_E2E_WATCHDOG_MS || 240000)).unref();

// Files go out gzipped (Content-Encoding) as a real host sends them (scripts/static-gzip.js).
const { sendFile, sendBody } = require(path.join(ROOT, 'scripts', 'static-gzip.js'));
// playwright-core lives in the set-up's npm cache, outside the git tree.
const { chromium } = require(path.join(NODE_DIR, 'node_modules', 'playwright-core'));

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.data': 'application/octet-stream', '.png': 'image/png',
  '.json': 'application/json',
};

// Serves `dir` (plus optional in-memory `pages`: {'/x.html': '...'}) on a free port of `host`, gzipped where
// the browser accepts it. `dir` may be a function returning the folder, read at each request (a site that is
// replaced by its next release).
// Deliberately no COOP/COEP headers: the app must not need cross-origin isolation.
async function serve(folder, { host = '127.0.0.1', pages = {} } = {}) {
  const server = http.createServer((req, res) => {
    const dir = typeof folder === 'function' ? folder() : folder;
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const rel = urlPath === '/' ? '/index.html' : urlPath;
    if (pages[rel] !== undefined) return sendBody(req, res, pages[rel], MIME['.html']);
    const file = dir ? path.join(dir, path.normalize(rel)) : '';
    if (!file || !file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      return res.end('not found');
    }
    sendFile(req, res, file, MIME[path.extname(file)] || 'application/octet-stream');
  });
  await new Promise((resolve) => server.listen(0, host, resolve));
  return { url: `http://${host}:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

function launch() {
  return chromium.launch({
    executablePath: process.env.AEPLAY_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Software WebGL2 (SwiftShader through ANGLE): works without a GPU, e.g. in CI.
    args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--no-first-run'],
  });
}

// Records console errors, uncaught exceptions and failed requests of a page (and its frames).
function watchErrors(page) {
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => errors.push(`exception: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => { if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`); });
  return errors;
}

// Waits until the app in `frame` (a Page or Frame) has its first reconstruction on screen (aeplay.ready) and
// the full test set is in (aeplay.testSetLoaded: the first visit shows its head first); returns the frames
// drawn so far.
async function waitReady(frame, timeout = 60000) {
  await frame.waitForFunction(() => window.aeplay && window.aeplay.ready, null, { timeout });
  return frame.evaluate((ms) => Promise.race([
    window.aeplay.ready.then(() => window.aeplay.testSetLoaded).then(() => window.aeplay.frameCount()),
    new Promise((_, reject) => setTimeout(() => reject(new Error('aeplay.ready timed out')), ms)),
  ]), timeout);
}

// A fresh browser context (own storage) with the app open at `query` and ready. Returns the context, the
// page, its error list and readyMs: time from the start of navigation to aeplay.ready (the first
// reconstruction), measured by the page's own clock.
async function openApp(browser, site, { query = '', viewport = { width: 1280, height: 800 }, context = null,
                                        deviceScaleFactor = 1 } = {}) {
  const ctx = context || await browser.newContext({ viewport, deviceScaleFactor });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(markReadyTime);
  await page.goto(site.url + query);
  await waitReady(page);
  const readyMs = await readyTime(page);
  return { context: ctx, page, errors, readyMs };
}

// Runs in the page before its scripts: notes when aeplay.ready resolves (a setter catches the object page.js
// makes), so readyTime is exact even though waitReady also waits for the full test set.
function markReadyTime() {
  let api;
  Object.defineProperty(window, 'aeplay', { configurable: true, get: () => api, set: (v) => {
    api = v;
    if (v && v.ready) v.ready.then(() => { window.__aeplayReadyAt = performance.now(); }, () => {});
  } });
}

// Milliseconds from navigation start to aeplay.ready of the current document.
function readyTime(page) {
  return page.evaluate(() => window.aeplay.ready.then(() => {
    if (window.__aeplayReadyAt === undefined) window.__aeplayReadyAt = performance.now();
    return window.__aeplayReadyAt;
  }));
}

// Asks the app to draw `n` frames and resolves once it has. The page draws on demand (frame_pacer.h): a
// test that wants to see something on the canvas asks for the frames, it does not wait for them to happen.
function nextFrames(frame, n = 2, timeout = 20000) {
  return frame.evaluate(({ n, timeout }) => new Promise((resolve, reject) => {
    const target = window.aeplay.frameCount() + n;
    window.aeplay.requestFrames(n);
    const t0 = performance.now();
    const tick = () => {
      if (window.aeplay.frameCount() >= target) return resolve();
      if (performance.now() - t0 > timeout) return reject(new Error(`app drew no ${n} frames in ${timeout} ms`));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), { n, timeout });
}

// Frames per second the page can draw: asks for `n` frames in a row and times them (the cost of a frame at
// this size; measureFps below counts what the page chooses to draw, nothing while idle).
async function drawRate(frame, n = 20, timeout = 60000) {
  const t0 = await frame.evaluate(() => performance.now());
  await nextFrames(frame, n, timeout);
  const t1 = await frame.evaluate(() => performance.now());
  return n / ((t1 - t0) / 1000);
}

// Frames per second the app draws over `ms` of wall time.
async function measureFps(frame, ms = 2000) {
  const [f0, t0] = await frame.evaluate(() => [window.aeplay.frameCount(), performance.now()]);
  await new Promise((r) => setTimeout(r, ms));
  const [f1, t1] = await frame.evaluate(() => [window.aeplay.frameCount(), performance.now()]);
  return (f1 - f0) / ((t1 - t0) / 1000);
}

// The app's arrays as plain number arrays: { clean, corrupted, reconstruction, error }.
function arrays(frame) {
  return frame.evaluate(() => {
    const a = window.aeplay.getArrays();
    return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Array.from(v)]));
  });
}

function mse(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; ++i) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

// Ink statistics of a 28x28 image: total ink, bounding box of pixels > threshold, centre of mass
// (pixel centres at x + 0.5, so a centred MNIST digit has its centre of mass near (14, 14)).
function inkStats(pixels, threshold = 0.1) {
  let sum = 0, mx = 0, my = 0, x0 = 28, y0 = 28, x1 = -1, y1 = -1;
  for (let y = 0; y < 28; ++y) {
    for (let x = 0; x < 28; ++x) {
      const v = pixels[y * 28 + x];
      sum += v; mx += v * (x + 0.5); my += v * (y + 0.5);
      if (v > threshold) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    }
  }
  return { sum, cx: sum > 0 ? mx / sum : NaN, cy: sum > 0 ? my / sum : NaN,
           width: x1 - x0 + 1, height: y1 - y0 + 1, box: [x0, y0, x1, y1] };
}

// ASCII art of a 28x28 image, for diagnostics.
function ascii(pixels) {
  let s = '';
  for (let y = 0; y < 28; ++y) {
    for (let x = 0; x < 28; ++x) { const v = pixels[y * 28 + x]; s += v > 0.5 ? '#' : v > 0.1 ? '+' : '.'; }
    s += '\n';
  }
  return s;
}

async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name);
  const png = await page.screenshot({ path: file });
  return { file, png };
}

// One scratch page per browser for decoding screenshots (opening a page costs ~0.3 s).
const scratchPages = new WeakMap();
function scratchPage(browser) {
  if (!scratchPages.has(browser)) scratchPages.set(browser, browser.newPage());
  return scratchPages.get(browser);
}

// Runs `analyse` (a function (data, width, height, arg) => JSON-able result; `data` is RGBA bytes) on the
// decoded pixels of a PNG, in a scratch page of `browser`.
async function analysePng(browser, png, analyse, arg = null) {
  const page = await scratchPage(browser);
  return page.evaluate(async ({ b64, src, arg }) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const fn = (0, eval)('(' + src + ')');
    return fn(d, c.width, c.height, arg);
  }, { b64: png.toString('base64'), src: analyse.toString(), arg });
}

// Pixel statistics of a PNG: luminance std-dev, number of distinct colours (quantised), and how many pixels
// are close to each of `probes` ([r,g,b] in 0..255).
function pixelStats(browser, png, probes = []) {
  return analysePng(browser, png, (d, width, height, probes) => {
    let sum = 0, sum2 = 0;
    const colours = new Set();
    const near = probes.map(() => 0);
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) {
      const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      sum += y; sum2 += y * y;
      colours.add((d[i] >> 3) << 10 | (d[i + 1] >> 3) << 5 | (d[i + 2] >> 3));
      probes.forEach((p, k) => {
        if (Math.abs(d[i] - p[0]) + Math.abs(d[i + 1] - p[1]) + Math.abs(d[i + 2] - p[2]) < 24) near[k]++;
      });
    }
    const mean = sum / n;
    return { width, height, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), colours: colours.size, near };
  }, probes);
}

// Rows of a PNG that hold a run of at least `minRun` pixels of exactly (within 6) `colour`: finds large
// solid panels (e.g. the loss plot) without counting the dark greys of the digit images.
function solidRows(browser, png, colour, minRun = 200) {
  return analysePng(browser, png, (d, width, height, { colour, minRun }) => {
    let rows = 0;
    for (let y = 0; y < height; ++y) {
      let run = 0, best = 0;
      for (let x = 0; x < width; ++x) {
        const i = (y * width + x) * 4;
        const near = Math.abs(d[i] - colour[0]) + Math.abs(d[i + 1] - colour[1]) + Math.abs(d[i + 2] - colour[2]) < 6;
        run = near ? run + 1 : 0;
        best = Math.max(best, run);
      }
      if (best >= minRun) ++rows;
    }
    return rows;
  }, { colour, minRun });
}

// Colours the UI draws that tests look for.
const COLOURS = {
  canvasBorder: [90, 90, 110],  // outline of the draw canvas (src/app/ui.cpp, draw_panel)
  lossPlot: [28, 28, 36],       // background of the training loss curve (ui.cpp, loss_plot)
  infernoTop: [252, 255, 164],  // value 1.0 through the inferno colour map (the |error| view)
  button: [35, 69, 110],        // ImGui button face (dark style) over the window background
  frame: [29, 47, 73],          // ImGui frame (combo, slider) background
  sliderGrab: [61, 133, 224],   // ImGui slider grab
};

// Finds the draw canvas ("1 Draw a digit") in a screenshot of the page (device scale factor 1): the
// topmost-left square outlined in the canvas border colour, at least `minSide` px. Returns {x, y, side} of
// the outline in CSS pixels, or null.
function findOutlinedSquare(browser, png, colour = COLOURS.canvasBorder, minSide = 100) {
  return analysePng(browser, png, (d, width, height, { colour, minSide }) => {
    const is = (x, y) => {
      if (x < 0 || y < 0 || x >= width || y >= height) return false;
      const i = (y * width + x) * 4;
      return Math.abs(d[i] - colour[0]) + Math.abs(d[i + 1] - colour[1]) + Math.abs(d[i + 2] - colour[2]) < 12;
    };
    const run = (x, y, dx, dy) => { let n = 0; while (is(x + n * dx, y + n * dy)) ++n; return n; };
    for (let y = 0; y < height; ++y) {
      for (let x = 0; x < width; ++x) {
        if (!is(x, y) || is(x - 1, y) || is(x, y - 1)) continue;  // top-left corners only
        const w = run(x, y, 1, 0), h = run(x, y, 0, 1);
        if (w < minSide || Math.abs(w - h) > 2) continue;
        if (run(x + w - 1, y, 0, 1) < h - 2 || run(x, y + h - 1, 1, 0) < w - 2) continue;  // closed square
        return { x, y, side: Math.min(w, h) };
      }
    }
    return null;
  }, { colour, minSide });
}

// The row of buttons under the draw canvas (Clear, Undo, Random test digit): rectangles of the button colour
// in the first row below the canvas' outline `box` that has any, left to right, as {x, y, w, h} (CSS px).
function buttonsBelow(browser, png, box, colour = COLOURS.button) {
  return analysePng(browser, png, (d, width, height, { b, colour }) => {
    const is = (x, y) => {
      const i = (y * width + x) * 4;
      return Math.abs(d[i] - colour[0]) + Math.abs(d[i + 1] - colour[1]) + Math.abs(d[i + 2] - colour[2]) < 12;
    };
    let y0 = -1;
    for (let y = b.y + b.side; y < Math.min(height, b.y + b.side + 60) && y0 < 0; ++y) {
      for (let x = b.x; x < b.x + b.side; ++x) if (is(x, y)) { y0 = y; break; }
    }
    if (y0 < 0) return [];
    const buttons = [];
    for (let x = b.x; x < Math.min(width, b.x + b.side + 200); ++x) {
      if (!is(x, y0) || (x > 0 && is(x - 1, y0))) continue;
      let w = 0, h = 0;
      while (x + w < width && is(x + w, y0)) ++w;
      while (y0 + h < height && is(x, y0 + h)) ++h;
      if (w >= 16 && h >= 10) buttons.push({ x, y: y0, w, h });
    }
    return buttons;
  }, { b: box, colour });
}

// The first slider below the draw canvas (the noise level, "2 Corrupt it"): the frame rectangle
// {x, y, w, h} of the first slider grab found under the canvas' outline `box`, in the canvas' column.
function sliderBelow(browser, png, box) {
  return analysePng(browser, png, (d, width, height, { b, frame, grab }) => {
    const near = (x, y, c) => {
      const i = (y * width + x) * 4;
      return Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]) < 12;
    };
    const inside = (x, y) => near(x, y, frame) || near(x, y, grab);
    for (let y = b.y + b.side; y < height; ++y) {
      for (let x = b.x; x < Math.min(width, b.x + b.side); ++x) {
        if (!near(x, y, grab)) continue;
        let top = y, bottom = y;
        while (top > 0 && inside(x, top - 1)) --top;
        while (bottom + 1 < height && inside(x, bottom + 1)) ++bottom;
        const row = top + 1;  // inside the frame, above the value text
        let x0 = x, x1 = x;
        while (x0 > 0 && inside(x0 - 1, row)) --x0;
        while (x1 + 1 < width && inside(x1 + 1, row)) ++x1;
        return { x: x0, y: top, w: x1 - x0 + 1, h: bottom - top + 1 };
      }
    }
    return null;
  }, { b: box, frame: COLOURS.frame, grab: COLOURS.sliderGrab });
}

// Clicks the middle of a rectangle {x, y, w, h} with the real mouse and lets the app see it.
async function clickRect(page, r) {
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.up();
  await nextFrames(page, 2);
}

// Draws strokes with the real mouse on a square region {x, y, side} (CSS px): each stroke is a list of
// points in 0..1 units of that square. Waits for app frames so that ImGui sees the press, every corner of
// the stroke and the release (it samples the mouse once per frame).
async function drawWithMouse(page, box, strokes) {
  const at = ([u, v]) => [box.x + u * box.side, box.y + v * box.side];
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await nextFrames(page, 2);
    await page.mouse.down();
    await nextFrames(page, 2);
    for (let i = 1; i < stroke.length; ++i) {
      await page.mouse.move(...at(stroke[i]), { steps: 6 });
      await nextFrames(page, 2);
    }
    await page.mouse.up();
    await nextFrames(page, 2);
  }
}

// Locates the draw canvas and checks the finding by pressing the mouse inside it (the input switches to
// "drawing") and just outside it (it does not). Leaves test digit 0 as the input. Needs test digit input
// at the start (the canvas then shows no ink and no hint text).
async function locateDrawCanvas(browser, page) {
  const png = await page.screenshot();
  const outline = await findOutlinedSquare(browser, png);
  if (!outline) throw new Error('draw canvas not found in the screenshot (no outlined square)');
  // The drawable area is inside the 1-px outline.
  const box = { x: outline.x + 1, y: outline.y + 1, side: outline.side - 2 };
  const source = () => page.evaluate(() => window.aeplay.state().source);
  const reset = () => page.evaluate(() => { window.aeplay.clearDrawing(); window.aeplay.loadDigit(0); });
  const probe = async (x, y) => {
    await reset();
    await page.mouse.move(x, y);
    await nextFrames(page, 2);
    await page.mouse.down();
    await nextFrames(page, 2);
    await page.mouse.up();
    await nextFrames(page, 2);
    return source();
  };
  if ((await probe(box.x + 3, box.y + 3)) !== 'drawing') throw new Error(`no drawing at the canvas' top-left ${JSON.stringify(box)}`);
  if ((await probe(box.x + box.side - 4, box.y + box.side - 4)) !== 'drawing') throw new Error(`no drawing at the canvas' bottom-right ${JSON.stringify(box)}`);
  if ((await probe(box.x + box.side + 6, box.y + box.side / 2)) !== 'test') throw new Error('a press right of the canvas drew');
  // Below the canvas' right end: the gap above the buttons row, which ends further left.
  if ((await probe(box.x + box.side - 10, box.y + box.side + 3)) !== 'test') throw new Error('a press below the canvas drew');
  await reset();
  return box;
}

// Benchmark-style numbers observed by the tests: printed, and appended to build-web/e2e-bench.jsonl.
function bench(name, value, unit) {
  const v = typeof value === 'number' ? Number(value.toPrecision(4)) : value;
  console.log(`bench: ${name} = ${v} ${unit}`);
  try {
    fs.appendFileSync(BENCH_FILE, JSON.stringify({ name, value: v, unit, at: new Date().toISOString() }) + '\n');
  } catch (e) { /* the numbers are printed anyway */ }
}

module.exports = {
  ROOT, SITE, SCREENSHOTS, COLOURS, serve, launch, watchErrors, waitReady, openApp, readyTime, nextFrames,
  measureFps, drawRate, arrays, mse, inkStats, ascii, screenshot, analysePng, pixelStats, solidRows, findOutlinedSquare,
  buttonsBelow, sliderBelow, clickRect, drawWithMouse, locateDrawCanvas, bench,
};
