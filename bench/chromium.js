// What the in-browser benchmarks share: the site served on a free local port and the headless Chromium of the
// browser tests (Debian's, software WebGL through SwiftShader, as tests/e2e/harness.js launches it).
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SITE = process.env.AEPLAY_SITE || path.join(ROOT, 'build-web', 'site');
const NODE_DIR = process.env.AEPLAY_NODE_DIR || path.join(os.homedir(), '.cache', 'aeplay', 'node');
const { chromium } = require(path.join(NODE_DIR, 'node_modules', 'playwright-core'));
const { sendFile, sendBody } = require(path.join(ROOT, 'scripts', 'static-gzip.js'));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

// Serves the site (or another folder, `site`), gzipped as a host would (scripts/static-gzip.js); `route(pathname)`
// may answer first with {body, type} (made here) or {file} (elsewhere on disk).
function serveSite(route = () => null, site = SITE) {
  const server = http.createServer((req, res) => {
    const u = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const own = route(u);
    if (own && own.body !== undefined) return sendBody(req, res, own.body, own.type || 'application/octet-stream');
    const file = own ? own.file : path.join(site, u === '/' ? 'index.html' : path.normalize(u));
    if (!own && !file.startsWith(site)) { res.writeHead(404); return res.end(); }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); return res.end(); }
    sendFile(req, res, file, TYPES[path.extname(file)] || 'application/octet-stream');
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

function launchChromium() {
  return chromium.launch({
    executablePath: process.env.AEPLAY_CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// The playground at the browser tests' size, once its first reconstruction is drawn and its full test set is in.
async function openPlayground(browser, url, query = '') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url + query);
  await page.waitForFunction(() => window.aeplay && window.aeplay.ready, null, { timeout: 120000 });
  await page.evaluate(() => window.aeplay.ready.then(() => window.aeplay.testSetLoaded).then(() => true));
  return page;
}

module.exports = { ROOT, SITE, serveSite, launchChromium, openPlayground };
