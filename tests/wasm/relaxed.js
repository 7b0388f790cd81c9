// Runs engine_check.js (an Emscripten program for Node) with the Relaxed SIMD kernel in its function table,
// the way the page and the worker load it (web/wasm-variant.js). Needs Node's --experimental-wasm-relaxed-simd.
//   node --no-experimental-fetch --experimental-wasm-relaxed-simd tests/wasm/relaxed.js KERNEL.wasm engine_check.js ARGS...
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const [kernelFile, program] = process.argv.splice(2, 2);  // engine_check reads the rest as its arguments
// web/wasm-variant.js is an ES module (the page imports it): loaded with import().
import('../../web/wasm-variant.js').then((wasmVariant) => {
  if (!wasmVariant.supported().relaxed) {
    console.error('relaxed.js: this Node cannot run Relaxed SIMD (start it with --experimental-wasm-relaxed-simd)');
    process.exit(1);
  }
  // The program is a plain (not MODULARIZE) Emscripten script: run as a script in this context it takes the
  // global Module below. preRun runs after the wasm is instantiated and before main; the run dependency holds
  // main back until the kernel is in the table.
  globalThis.Module = {
    preRun: [() => {
      const m = globalThis.Module;
      m.addRunDependency('relaxed-kernel');
      wasmVariant.attachKernel(m, fs.readFileSync(kernelFile), (i) => m._engine_check_use_gemm_block(i))
        .then(() => m.removeRunDependency('relaxed-kernel'),
              (e) => { console.error('relaxed.js: ' + (e && e.message || e)); process.exit(1); });
    }],
  };
  const file = path.resolve(program);
  Object.assign(globalThis, { require, __filename: file, __dirname: path.dirname(file) });
  vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
});
