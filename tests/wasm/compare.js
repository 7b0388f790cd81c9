// Compares engine_check outputs of the native and the wasm build: the seeded noise must be identical
// up to float rounding of libm, reconstructions and a few training steps within float tolerance.
'use strict';
const fs = require('fs');
const [nativePath, wasmPath] = process.argv.slice(2);
const a = new Float32Array(fs.readFileSync(nativePath).buffer.slice(0));
const b = new Float32Array(fs.readFileSync(wasmPath).buffer.slice(0));
if (a.length !== b.length || a.length === 0) {
  console.error(`FAIL: sizes differ (native ${a.length} floats, wasm ${b.length})`);
  process.exit(1);
}
const parts = [['noisy input', 784 * 256], ['reconstruction', 784 * 256], ['after 5 training steps', 784 * 16]];
let offset = 0, failed = false;
for (const [name, n] of parts) {
  let maxDiff = 0;
  for (let i = offset; i < offset + n; ++i) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
  const tolerance = 1e-4;
  const ok = maxDiff <= tolerance && Number.isFinite(maxDiff);
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: max |native - wasm| = ${maxDiff.toExponential(2)} (tolerance ${tolerance})`);
  offset += n;
}
process.exit(failed ? 1 : 0);
