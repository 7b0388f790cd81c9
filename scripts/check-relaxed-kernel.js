// Checks the Relaxed SIMD kernel module (cmake/RelaxedKernel.cmake) before it ships. It shares the engine's
// linear memory, so it may import nothing but that memory, hold no data segment and never move its stack
// pointer (no global.get/global.set: a stack frame would be carved out of the engine's memory); it exports
// only gemm_block, with the signature ae::kernels::GemmBlockFn, and contains f32x4.relaxed_madd.
//   node --experimental-wasm-relaxed-simd scripts/check-relaxed-kernel.js aeplay-gemm-relaxed.wasm
'use strict';
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const file = process.argv[2];
const fail = (why) => { console.error(`${file}: ${why}`); process.exit(1); };

const kernel = new WebAssembly.Module(fs.readFileSync(file));
const imported = WebAssembly.Module.imports(kernel), exported = WebAssembly.Module.exports(kernel);
if (imported.length !== 1 || imported[0].module !== 'env' || imported[0].name !== 'memory' || imported[0].kind !== 'memory')
  fail(`imports ${JSON.stringify(imported)}: only env.memory is allowed`);
if (exported.length !== 1 || exported[0].name !== 'gemm_block' || exported[0].kind !== 'function')
  fail(`exports ${JSON.stringify(exported)}: only the function gemm_block is expected`);
// wabt's disassembler (Debian wabt) knows the relaxed opcodes.
const dump = execFileSync('wasm-objdump', ['-d', '-x', file], { encoding: 'utf8' });
if (/^\s*Data\[/m.test(dump)) fail('has a data segment');
if (/global\.(get|set)/.test(dump)) fail('uses its stack pointer (global.get/global.set)');
if (!/f32x4\.relaxed_madd/.test(dump)) fail('contains no f32x4.relaxed_madd');
if (!/\(i32, i32, i32, i32, i32, i32, i32, i32, i32\) -> nil/.test(dump)) fail('gemm_block has another signature');
console.log(`${file}: ${fs.statSync(file).size} bytes; imports only env.memory, no data, no stack, relaxed_madd`);
