// Runs an exported ONNX model in ONNX Runtime (npm onnxruntime-node, CPU):
//   node ort_run.js MODEL.onnx INPUT.f32 ROWS COLS OUT_DIR
// INPUT.f32 holds ROWS x COLS little-endian float32 (row-major); every output is written to
// OUT_DIR/NAME.f32 and its dims are printed as one JSON object {NAME: [dims...]}.
'use strict';
const fs = require('fs');
const path = require('path');

let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  console.error(`FAIL: onnxruntime-node not found (NODE_PATH=${process.env.NODE_PATH}); scripts/setup.sh installs it from web/package.json`);
  process.exit(1);
}

async function main() {
  const [model, inputFile, rows, cols, outDir] = process.argv.slice(2);
  const bytes = fs.readFileSync(inputFile);
  const input = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, [Number(rows), Number(cols)]) };
  const results = await session.run(feeds);
  const dims = {};
  for (const name of session.outputNames) {
    const t = results[name];
    fs.writeFileSync(path.join(outDir, name + '.f32'), Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    dims[name] = t.dims;
  }
  console.log(JSON.stringify(dims));
}

main().catch((e) => {
  console.error('FAIL: ' + e.message);
  process.exit(1);
});
