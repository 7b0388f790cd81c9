#!/usr/bin/env node
// Makes a release of the web build: copies SITE (build-web/site) into OUT with every file that must match the
// others (the page's scripts and style, the module's JS/wasm/data, the worker's, the variants, the Relaxed SIMD
// kernel) under v/BUILD/, BUILD being a hash of their contents, so no browser can ever pair files of two
// versions. Stable names stay at the root: index.html and lessons.html (rewritten to load v/BUILD/), the embed
// script aeplay-embed.js, the service worker sw.js, version.json, SHA256SUMS; the data sets (data/) and models
// (assets/) keep their paths (their hashes are in version.json, so the service worker drops a changed one).
//   node scripts/stamp-site.js SITE OUT      (OUT is replaced; prints OUT/version.json's version and build)
// version.json: {name, version (CMake's project VERSION), build, precache: [what the first reconstruction and
// a training run need], files: {path: sha256}}. Node's standard library only.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT_FILES = ['index.html', 'lessons.html', 'aeplay-embed.js', 'sw.js'];
const STABLE_DIRS = ['assets', 'data'];
// Fetched on the first visit (web/loader.js: the default model, the head of MNIST's test set, then all of it).
const FIRST_VISIT = ['assets/models/dae-gaussian.aep', 'data/t10k-head-images-idx3-ubyte.gz',
  'data/t10k-head-labels-idx1-ubyte.gz', 'data/t10k-images-idx3-ubyte.gz', 'data/t10k-labels-idx1-ubyte.gz'];
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

function projectVersion() {
  const cmake = fs.readFileSync(path.join(__dirname, '..', 'CMakeLists.txt'), 'utf8');
  const m = cmake.match(/project\(aeplay VERSION ([0-9.]+)/);
  if (!m) throw new Error('no "project(aeplay VERSION x.y.z" in CMakeLists.txt');
  return m[1];
}

// The files that must match each other: the page's scripts and style and the module's build files.
function versionedFiles(site) {
  return fs.readdirSync(site).filter((n) => fs.statSync(path.join(site, n)).isFile() && !ROOT_FILES.includes(n) &&
    /\.(js|css|wasm|data)$/.test(n)).sort();
}

function walk(dir, rel = '') {
  const out = [];
  for (const n of fs.readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${n}` : n;
    if (fs.statSync(path.join(dir, r)).isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out;
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try { fs.linkSync(from, to); } catch (e) { fs.copyFileSync(from, to); }  // a hard link when on one disk
}

// index.html and lessons.html load their scripts and style from v/BUILD/.
function rewritePage(text, build) {
  return text.replace(/(<script type="module" src=")(main\.js")/, `$1v/${build}/$2`)
    .replace(/(<link rel="stylesheet" href=")(style\.css")/, `$1v/${build}/$2`);
}

function stamp(site, out) {
  if (!fs.existsSync(path.join(site, 'aeplay.wasm'))) throw new Error(`${site}: no web build (aeplay.wasm)`);
  const files = versionedFiles(site);
  const hash = crypto.createHash('sha256');
  for (const n of files) hash.update(n + '\0').update(fs.readFileSync(path.join(site, n)));
  const build = hash.digest('hex').slice(0, 12);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const n of files) copy(path.join(site, n), path.join(out, 'v', build, n));
  for (const n of ROOT_FILES) {
    if (!fs.existsSync(path.join(site, n))) throw new Error(`${site}: ${n} missing`);
    if (n.endsWith('.html')) {
      const page = rewritePage(fs.readFileSync(path.join(site, n), 'utf8'), build);
      if (n === 'index.html' && !page.includes(`v/${build}/main.js`)) throw new Error('index.html: no main.js to version');
      fs.writeFileSync(path.join(out, n), page);
    } else {
      copy(path.join(site, n), path.join(out, n));
    }
  }
  for (const d of STABLE_DIRS) for (const r of walk(site, d)) copy(path.join(site, r), path.join(out, r));
  const all = walk(out);
  const sums = Object.fromEntries(all.map((r) => [r, sha256(fs.readFileSync(path.join(out, r)))]));
  // The service worker's precache: the pages, the page scripts, the simd128/relaxed build and its worker (the
  // scalar build is cached when a browser without SIMD fetches it), what the first visit shows.
  const precache = ['index.html', 'lessons.html', ...files.filter((n) => !n.includes('-scalar')).map((n) => `v/${build}/${n}`),
    ...FIRST_VISIT.filter((r) => sums[r])];
  const manifest = { name: 'aeplay', version: projectVersion(), build, precache, files: sums };
  fs.writeFileSync(path.join(out, 'version.json'), JSON.stringify(manifest, null, 1) + '\n');
  fs.writeFileSync(path.join(out, 'SHA256SUMS'), all.map((r) => `${sums[r]}  ${r}\n`).join(''));
  return manifest;
}

if (require.main === module) {
  const [site, out] = process.argv.slice(2);
  if (!site || !out) {
    console.error('usage: node scripts/stamp-site.js SITE OUT');
    process.exit(2);
  }
  try {
    const m = stamp(path.resolve(site), path.resolve(out));
    console.log(`${out}: aeplay ${m.version}, build ${m.build}`);
  } catch (e) {
    console.error('stamp-site: ' + e.message);
    process.exit(1);
  }
}
module.exports = { stamp, projectVersion };
