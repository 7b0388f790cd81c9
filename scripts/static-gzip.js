// Sends a static file as a real host would: gzip (Content-Encoding) for the text and binary types hosts
// compress (html, css, js, json, wasm, the .data package, .aep models) when the client accepts it; files that
// are gzip already (.gz) as they are. The browser tests' and the benchmarks' servers use it
// (tests/e2e/harness.js, bench/chromium.js, bench/js_bench.js); scripts/serve.py does the same in Python.
// Compressed bodies are kept per file (path, size, mtime), so each file is compressed once per server.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const COMPRESSED_TYPES = new Set(['.html', '.css', '.js', '.mjs', '.json', '.wasm', '.data', '.aep', '.svg', '.txt']);
const LEVEL = 6;  // zlib's default, what nginx, Apache and most hosts' gzip settings come to
const cache = new Map();

// Accept-Encoding lists "gzip" (or "*") without q=0.
function acceptsGzip(req) {
  return (req.headers['accept-encoding'] || '').split(',').some((part) => {
    const [name, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (name === 'gzip' || name === '*') && !(q && Number(q.slice(2)) === 0);
  });
}

// Writes the response for `file` (which exists) with Content-Type `type`; `extra` headers are added.
function sendFile(req, res, file, type, extra = {}) {
  const headers = { 'Content-Type': type, ...extra };
  if (!COMPRESSED_TYPES.has(path.extname(file)) || !acceptsGzip(req)) {
    res.writeHead(200, headers);
    return fs.createReadStream(file).pipe(res);
  }
  const st = fs.statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  let body = cache.get(key);
  if (!body) {
    body = zlib.gzipSync(fs.readFileSync(file), { level: LEVEL });
    cache.set(key, body);
  }
  res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length, Vary: 'Accept-Encoding' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

// The same for a body made in memory (test pages).
function sendBody(req, res, body, type) {
  if (!acceptsGzip(req)) {
    res.writeHead(200, { 'Content-Type': type });
    return res.end(body);
  }
  const gz = zlib.gzipSync(Buffer.from(body), { level: LEVEL });
  res.writeHead(200, { 'Content-Type': type, 'Content-Encoding': 'gzip', 'Content-Length': gz.length, Vary: 'Accept-Encoding' });
  res.end(gz);
}

module.exports = { sendFile, sendBody, acceptsGzip, COMPRESSED_TYPES };
