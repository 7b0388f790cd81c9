// Which WebAssembly build this browser runs, and the Relaxed SIMD GEMM kernel for it. An ES module: imported by
// the page (web/page.js), by the training worker (web/training-worker.js, a dynamic import()) and by the tests
// and benchmarks (Node's import()).
//
//   relaxed   the simd128 build + gemm_relaxed.wasm, whose block loops use f32x4.relaxed_madd (one fused
//             multiply-add on CPUs with FMA), kept only where it measures faster than the simd128 loops (on CPUs
//             whose adds have units of their own it is not) unless wasm=relaxed forces it. Chrome 114+,
//             Firefox 145+. Safari would refuse to even
//             instantiate a module holding these instructions, so they live in that small module of their
//             own and the engine calls it through its function table (ae::kernels::use_gemm_block).
//   simd128   the engine built with emcc -msimd128: every browser with WebAssembly SIMD.
//   scalar    built without SIMD, for the few browsers without it (slower; the page says so).
// The choice is the best variant WebAssembly.validate accepts a probe of (as TF.js, MediaPipe and ONNX Runtime
// Web choose their files); `wasm=relaxed|simd128|scalar` in the URL forces one for tests and comparisons, and
// falls back with a notice when this browser cannot run it.
// (func (result v128) i32.const 0, i8x16.splat, i8x16.popcnt)
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253,
  15, 253, 98, 11];
// (func (result v128) three times (i32.const 0, i8x16.splat), f32x4.relaxed_madd)
const RELAXED_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0, 65, 0,
  253, 15, 65, 0, 253, 15, 65, 0, 253, 15, 253, 133, 2, 11];
const VARIANTS = ['relaxed', 'simd128', 'scalar'];
const KERNEL_FILE = 'aeplay-gemm-relaxed.wasm';

const validates = (bytes) => {
  try { return WebAssembly.validate(new Uint8Array(bytes)); } catch (e) { return false; }
};

// What this runtime can run.
function supported() {
  const simd128 = validates(SIMD_PROBE);
  return { simd128, relaxed: simd128 && validates(RELAXED_PROBE) };
}

// The variant to run: `forced` (the wasm= parameter) when given and runnable, else the best runnable one.
// Returns {variant, forced, page, worker, kernel, notice}: the files to load (kernel null unless relaxed) and a
// sentence for the user when the variant is not the one asked for or is the slow one (badName: wasm= named
// no variant at all).
function choose(forced, can = supported()) {
  const runnable = (v) => v === 'scalar' || (v === 'simd128' && can.simd128) || (v === 'relaxed' && can.relaxed);
  const best = can.relaxed ? 'relaxed' : can.simd128 ? 'simd128' : 'scalar';
  let variant = best, notice = '', badName = false;
  if (forced !== null && forced !== undefined && forced !== '') {
    if (!VARIANTS.includes(forced)) {
      badName = true;  // the app names a bad URL parameter itself (core/url_params.cpp)
      notice = `wasm=${String(forced).slice(0, 40)} is not a build of aeplay (relaxed, simd128 or scalar); using ${best}.`;
    } else if (!runnable(forced)) {
      notice = `This browser cannot run the ${forced} build; using ${best}.`;
    } else {
      variant = forced;
    }
  }
  if (variant === 'scalar' && !can.simd128) {
    notice = (notice ? notice + ' ' : '') +
      'This browser has no WebAssembly SIMD, so aeplay runs its scalar build: training is several times slower.';
  }
  const suffix = variant === 'scalar' ? '-scalar' : '';
  // forced: wasm= asked for exactly this; else the relaxed kernel is kept only where it measures faster.
  return { variant, forced: variant === forced, page: `aeplay${suffix}.js`, worker: `aeplay-worker${suffix}.js`,
           kernel: variant === 'relaxed' ? KERNEL_FILE : null, notice, badName };
}

// Puts the relaxed kernel (its bytes or URL) into an Emscripten module's function table over the same
// memory, and hands the table index to `use` (the module's *_use_gemm_block entry point), whose answer
// (the backend's name) it returns.
async function attachKernel(module, kernel, use) {
  const bytes = typeof kernel === 'string' ? await (await fetch(kernel)).arrayBuffer() : kernel;
  // emcc minifies export names in optimised builds: the memory is the one export that is a Memory.
  const memory = Object.values(module.asm || {}).find((x) => x instanceof WebAssembly.Memory);
  if (!memory) throw new Error('the engine module exports no memory');
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  const index = module.addFunction(instance.exports.gemm_block, 'viiiiiiiii');
  return use(index);
}

export { supported, choose, attachKernel, VARIANTS, KERNEL_FILE };
