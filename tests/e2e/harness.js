// Shared pieces of the browser end-to-end tests: a static server, Debian's chromium via playwright-core,
// console-error collection and a screenshot check. Paths come from the environment (see run.sh).
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_DIR = process.env.AEPLAY_NODE_DIR || path.join(os.homedir(), '.cache', 'aeplay', 'node');
const SITE = process.env.AEPLAY_SITE || path.join(ROOT, 'build-web', 'site');
const SCREENSHOTS = process.env.AEPLAY_SCREENSHOTS || path.join(ROOT, 'build-web', 'screenshots');
// playwright-core lives in the set-up's npm cache, outside the git tree.
const { chromium } = require(path.join(NODE_DIR, 'node_modules', 'playwright-core'));

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.data': 'application/octet-stream', '.png': 'image/png',
  '.json': 'application/json',
};

// Serves `dir` (plus optional in-memory `pages`: {'/x.html': '...'}) on a free port of `host`.
// Deliberately no COOP/COEP headers: the app must not need cross-origin isolation.
async function serve(dir, { host = '127.0.0.1', pages = {} } = {}) {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const rel = urlPath === '/' ? '/index.html' : urlPath;
    if (pages[rel] !== undefined) {
      res.writeHead(200, { 'Content-Type': MIME['.html'] });
      return res.end(pages[rel]);
    }
    const file = dir ? path.join(dir, path.normalize(rel)) : '';
    if (!file || !file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      return res.end('not found');
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
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

// Waits until the app in `frame` (a Page or Frame) has drawn its first frame; returns frames drawn so far.
async function waitReady(frame, timeout = 60000) {
  await frame.waitForFunction(() => window.aeplay && window.aeplay.ready, null, { timeout });
  return frame.evaluate((ms) => Promise.race([
    window.aeplay.ready.then(() => window.aeplay.frameCount()),
    new Promise((_, reject) => setTimeout(() => reject(new Error('aeplay.ready timed out')), ms)),
  ]), timeout);
}

async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name);
  const png = await page.screenshot({ path: file });
  return { file, png };
}

// Decodes a PNG in a scratch page and returns pixel statistics: luminance std-dev, number of distinct
// colours (quantised), and how many pixels are close to each of `probes` ([r,g,b] in 0..255).
async function pixelStats(browser, png, probes = []) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async ({ b64, probes }) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
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
      return { width: c.width, height: c.height, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)),
               colours: colours.size, near };
    }, { b64: png.toString('base64'), probes });
  } finally {
    await page.close();
  }
}

module.exports = { ROOT, SITE, SCREENSHOTS, serve, launch, watchErrors, waitReady, screenshot, pixelStats };
