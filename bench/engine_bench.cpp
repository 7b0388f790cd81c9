// engine_bench: the engine's side of bench/suite.sh. The same program runs natively and as WebAssembly
// (Node and Chromium, see bench/wasm_bench.js), so every engine row of the table comes from one source.
// Prints one JSON object per line; asserts nothing.
//
//   engine_bench --images FILE [--train 64,256] [--gemm 64,256] [--latency] [--threads N] [--fixed-threads]
//                [--omp-threads N] [--reps 7] [--seconds 0.5] [--limit 8192]
//
// --threads N: the engine's pool (default 0, every core), used as `aeplay train` uses it: each training step
// on the pool or on one thread, whichever measures faster now (kernels/step_threads.h); --fixed-threads
// keeps the pool on every step (the pool alone, for bench/threads.sh's comparison).
//
// AE-ref: 784 -> 256 ReLU -> 32 ReLU -> 256 ReLU -> 784 sigmoid, MSE, Adam lr 1e-3, float32.
//   train    samples/s of loss_and_gradient + Adam step on real MNIST batches (median of --reps timed
//            repetitions of about --seconds each, after a warm-up) and the achieved GFLOP/s.
//   gemm     the 11 GEMMs of one AE-ref training step at that batch, written exactly as the dense layer
//            writes them (Z = W·A, dW = dZ·Aᵀ, dA = Wᵀ·dZ), timed back to back: the engine's GEMM roof.
//   latency  one digit: corrupt (gaussian 0.5) + encode + decode, median milliseconds.
//            --kernel gemm (default: ae::kernels::gemm, what the layers call: Eigen natively, the packed
//            simd128 kernel in wasm), eigen (Eigen's products), packed (ae::kernels::gemm_packed),
//            reference (the naive loop; slow).
//   --check  compares ae::kernels::gemm_packed with gemm_reference on the AE-ref shapes (max abs error).
//   memory   peak resident memory (native: getrusage; wasm: the linear memory size), after the above.
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "dataset.h"
#include "denormals.h"
#include "error.h"
#include "kernels/step_threads.h"
#include "kernels/thread_pool.h"
#include "idx.h"
#include "kernels/gemm.h"
#include "model.h"
#include "noise.h"
#include "optim.h"
#include "rng.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/heap.h>
#define AEPLAY_RUNTIME "wasm"
#else
#include <sys/resource.h>
#define AEPLAY_RUNTIME "native"
#endif

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::vector<int> int_list(const std::string& s) {
  std::vector<int> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find(',', pos);
    if (end == std::string::npos) end = s.size();
    if (end > pos) out.push_back(std::atoi(s.substr(pos, end - pos).c_str()));
    pos = end + 1;
  }
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Runs `fn(steps)` for about `seconds` per repetition, `reps` times after a warm-up; returns the median
// seconds per step.
template <class F>
double time_per_step(F&& fn, int reps, double seconds) {
  fn(3);  // warm-up: allocates workspaces and optimizer state
  auto t0 = Clock::now();
  fn(3);
  const double guess = std::max(since(t0) / 3, 1e-7);
  const int steps = std::max(1, static_cast<int>(seconds / guess));
  std::vector<double> per;
  for (int r = 0; r < reps; ++r) {
    t0 = Clock::now();
    fn(steps);
    per.push_back(since(t0) / steps);
  }
  return median(per);
}

// FLOPs of one training sample: forward 2·in·out per layer, backward 4·in·out (dW and dA), minus the
// first layer's dA (never computed). 4 layers of AE-ref: 2·(784·256 + 256·32)·2 directions.
double train_flops_per_sample(const ae::ModelSpec& spec) {
  double f = 0;
  for (size_t i = 0; i + 1 < spec.sizes.size(); ++i) f += 2.0 * 6.0 * spec.sizes[i] * spec.sizes[i + 1];
  return f - 2.0 * spec.sizes[0] * spec.sizes[1];
}

double peak_memory_mib() {
#ifdef __EMSCRIPTEN__
  return static_cast<double>(emscripten_get_heap_size()) / (1 << 20);
#else
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
#endif
}

}  // namespace

#ifdef __EMSCRIPTEN__
// bench/js_bench.js puts gemm_relaxed.wasm's export at this function-table index for the relaxed rows.
extern "C" EMSCRIPTEN_KEEPALIVE void engine_bench_use_gemm_block(int table_index) {
  ae::kernels::use_gemm_block(reinterpret_cast<ae::kernels::GemmBlockFn>(static_cast<uintptr_t>(table_index)),
                              "packed-relaxed-simd");
}
#endif

int main(int argc, char** argv) try {
  // Denormals flushed for the whole process, as the trainer does (set before any worker thread exists, so
  // OpenMP's threads inherit it): AE-ref's always-black output pixels drive their MSE gradients into the
  // denormal range within a second of training, which cost a third of the batch-64 throughput.
  ae::FlushDenormalsToZero ftz;
  std::string images_path, train_list, gemm_list;
  std::string kernel = "gemm";
  bool latency = false, check = false, fixed_threads = false;
  int threads = -1, omp_threads = 1, reps = 7, limit = 8192;
  double seconds = 0.5;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw ae::Error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--images") images_path = next();
    else if (a == "--train") train_list = next();
    else if (a == "--gemm") gemm_list = next();
    else if (a == "--latency") latency = true;
    else if (a == "--check") check = true;
    else if (a == "--kernel") {
      kernel = next();
      if (kernel != "gemm" && kernel != "eigen" && kernel != "packed" && kernel != "reference")
        throw ae::Error("--kernel must be gemm, eigen, packed or reference, got '" + kernel + "'");
    }
    else if (a == "--threads") threads = std::atoi(next().c_str());
    else if (a == "--fixed-threads") fixed_threads = true;
    else if (a == "--omp-threads") omp_threads = std::atoi(next().c_str());
    else if (a == "--reps") reps = std::max(1, std::atoi(next().c_str()));
    else if (a == "--seconds") seconds = std::atof(next().c_str());
    else if (a == "--limit") limit = std::atoi(next().c_str());
    else throw ae::Error("unknown option " + a);
  }
  // --threads: the engine's own pool (kernels/thread_pool.h), what `aeplay train` uses; --omp-threads: Eigen's
  // OpenMP threads instead (an AEPLAY_OPENMP build), kept for the comparison in bench/suite.sh.
  if (threads < 0) threads = omp_threads > 1 ? 1 : 0;  // one threading at a time
  ae::kernels::set_threads(threads);
  Eigen::setNbThreads(omp_threads);
  const int eigen_threads = std::max(Eigen::nbThreads(), ae::kernels::threads());
  const char* threading = ae::kernels::threads() > 1 ? "pool" : Eigen::nbThreads() > 1 ? "openmp" : "none";
  const char* policy_env = std::getenv("OMP_WAIT_POLICY");
  const char* wait_policy = policy_env ? policy_env : "";  // reported, so the table can name the best setting
  const char* rt = AEPLAY_RUNTIME;

  ae::ModelSpec spec;  // AE-ref (the default spec)
  ae::Mat images;
  if (!images_path.empty()) {
    ae::IdxArray idx = ae::read_idx(images_path);
    images = ae::make_dataset(idx, nullptr, limit, images_path).images;
  }

  for (int batch : int_list(train_list)) {
    if (images.cols() < batch) throw ae::Error("--train needs --images with at least one batch");
    ae::Autoencoder model(spec, 1);
    ae::Optimizer opt(ae::OptimConfig{});
    auto params = model.parameter_refs();
    ae::Workspace ws;
    ae::Mat xb;
    const ae::Index nb = images.cols() / batch;
    ae::Index next = 0;
    double loss = 0;
    ae::kernels::StepThreads step_threads;  // as the trainer chooses: one thread or the pool, the faster
    auto run = [&](int steps) {
      for (int s = 0; s < steps; ++s) {
        std::optional<ae::kernels::StepScope> timed;
        if (!fixed_threads) timed.emplace(step_threads);
        xb = images.middleCols((next++ % nb) * batch, batch);  // the trainer's gather, as a copy
        loss = model.loss_and_gradient(xb, xb, ws);
        opt.step(params);
      }
    };
    const double per = time_per_step(run, reps, seconds);
    const double sps = batch / per;
    const long pooled = step_threads.pooled_steps(), steps = pooled + step_threads.serial_steps();
    std::printf("{\"kind\":\"train\",\"runtime\":\"%s\",\"threads\":%d,\"threading\":\"%s\",\"omp_wait_policy\":\"%s\","
                "\"batch\":%d,\"samples_per_s\":%.1f,\"gflops\":%.2f,\"ms_per_batch\":%.4f,\"loss\":%.3f,\"backend\":\"%s\","
                "\"adaptive\":%s,\"pooled_share\":%.3f}\n",
                rt, eigen_threads, threading, wait_policy, batch, sps, sps * train_flops_per_sample(spec) / 1e9, per * 1e3, loss,
                ae::kernels::gemm_backend(), fixed_threads ? "false" : "true",
                fixed_threads ? (ae::kernels::threads() > 1 ? 1.0 : 0.0) : steps ? double(pooled) / double(steps) : 0.0);
    std::fflush(stdout);
  }

  for (int batch : int_list(gemm_list)) {
    // The GEMMs of one training step, as (M, N, K, op) with C(MxN) = op(A)(MxK) · op(B)(KxN).
    struct G { int m, n, k; char op; };  // op: 'N' W·A, 'T' dZ·Aᵀ, 'W' Wᵀ·dZ
    std::vector<G> gemms;
    const std::vector<int>& s = spec.sizes;
    std::vector<std::pair<int, int>> layers;  // (in, out) of the 4 layers
    for (size_t i = 0; i + 1 < s.size(); ++i) layers.push_back({s[i], s[i + 1]});
    for (size_t i = s.size() - 1; i > 0; --i) layers.push_back({s[i], s[i - 1]});
    for (auto [in, out] : layers) gemms.push_back({out, batch, in, 'N'});
    for (size_t l = 0; l < layers.size(); ++l) {
      auto [in, out] = layers[l];
      gemms.push_back({out, in, batch, 'T'});
      if (l > 0) gemms.push_back({in, batch, out, 'W'});
    }
    struct Buf { ae::Mat A, B, C; };
    std::vector<Buf> bufs;
    double flops = 0;
    for (const G& g : gemms) {
      Buf b;
      if (g.op == 'N') { b.A = ae::Mat::Random(g.m, g.k); b.B = ae::Mat::Random(g.k, g.n); }
      if (g.op == 'T') { b.A = ae::Mat::Random(g.m, g.k); b.B = ae::Mat::Random(g.n, g.k); }
      if (g.op == 'W') { b.A = ae::Mat::Random(g.k, g.m); b.B = ae::Mat::Random(g.k, g.n); }
      b.C = ae::Mat::Zero(g.m, g.n);
      bufs.push_back(std::move(b));
      flops += 2.0 * g.m * g.n * g.k;
    }
    auto run = [&](int steps) {
      for (int st = 0; st < steps; ++st)
        for (size_t i = 0; i < gemms.size(); ++i) {
          Buf& b = bufs[i];
          const G& g = gemms[i];
          if (kernel != "eigen") {
            auto fn = kernel == "gemm"     ? ae::kernels::gemm
                      : kernel == "packed" ? ae::kernels::gemm_packed
                                           : ae::kernels::gemm_reference;
            if (g.op == 'N') fn(false, false, g.m, g.n, g.k, b.A.data(), g.m, b.B.data(), g.k, false, b.C.data(), g.m);
            else if (g.op == 'T') fn(false, true, g.m, g.n, g.k, b.A.data(), g.m, b.B.data(), g.n, true, b.C.data(), g.m);
            else fn(true, false, g.m, g.n, g.k, b.A.data(), g.k, b.B.data(), g.k, false, b.C.data(), g.m);
            continue;
          }
          if (gemms[i].op == 'N') b.C.noalias() = b.A * b.B;
          else if (gemms[i].op == 'T') b.C.noalias() += b.A * b.B.transpose();
          else b.C.noalias() = b.A.transpose() * b.B;
        }
    };
    const double per = time_per_step(run, reps, seconds);
    std::printf("{\"kind\":\"gemm\",\"runtime\":\"%s\",\"kernel\":\"%s\",\"threads\":%d,\"threading\":\"%s\","
                "\"omp_wait_policy\":\"%s\",\"batch\":%d,\"gflops\":%.2f,\"ms_per_step\":%.4f,\"gemms\":%zu,"
                "\"backend\":\"%s\"}\n",
                rt, kernel.c_str(), eigen_threads, threading, wait_policy, batch, flops / per / 1e9, per * 1e3, gemms.size(),
                ae::kernels::gemm_backend());
    std::fflush(stdout);
  }

  if (check) {
    // gemm_packed against the reference on the AE-ref shapes (and ragged edges), every transpose.
    double worst = 0;
    const int shapes[][3] = {{256, 64, 784}, {784, 256, 64}, {32, 64, 256}, {256, 784, 256}, {13, 7, 300}, {9, 1, 5}};
    for (auto& sh : shapes)
      for (int t = 0; t < 4; ++t) {
        const bool ta = t & 1, tb = t & 2;
        const int m = sh[0], n = sh[1], k = sh[2];
        ae::Mat A = ta ? ae::Mat::Random(k, m) : ae::Mat::Random(m, k), B = tb ? ae::Mat::Random(n, k) : ae::Mat::Random(k, n);
        ae::Mat C1 = ae::Mat::Random(m, n), C2 = C1;
        ae::kernels::gemm_packed(ta, tb, m, n, k, A.data(), static_cast<int>(A.rows()), B.data(),
                                 static_cast<int>(B.rows()), t == 3, C1.data(), m);
        ae::kernels::gemm_reference(ta, tb, m, n, k, A.data(), static_cast<int>(A.rows()), B.data(),
                                    static_cast<int>(B.rows()), t == 3, C2.data(), m);
        worst = std::max(worst, static_cast<double>((C1 - C2).cwiseAbs().maxCoeff()));
      }
    std::printf("{\"kind\":\"check\",\"runtime\":\"%s\",\"backend\":\"%s\",\"max_abs_error\":%.3g}\n", rt,
                ae::kernels::gemm_backend(), worst);
  }

  if (latency) {
    // One digit through the playground's pipeline: corrupt, encode, decode (a trained-size model; the
    // weights do not change the cost).
    ae::Autoencoder model(spec, 1);
    ae::Mat x = images.cols() ? ae::Mat(images.col(0)) : ae::Mat(ae::Mat::Constant(784, 1, 0.5f));
    ae::Mat noisy;
    ae::NoiseSpec noise{ae::NoiseKind::Gaussian, 0.5f};
    ae::Rng rng(7, 1);
    // Timed in groups of 50 digits (browsers round performance.now() to 0.1 ms without cross-origin
    // isolation); the median over the groups of the mean per digit.
    std::vector<double> ms;
    float sink = 0;
    for (int g = 0; g < 11; ++g) {
      auto t0 = Clock::now();
      for (int i = 0; i < 50; ++i) {
        ae::corrupt(noise, x, noisy, rng);
        ae::Mat codes = model.encode(noisy);
        ae::Mat out = model.decode(codes);
        sink += out(0, 0);
      }
      if (g > 0) ms.push_back(since(t0) * 1e3 / 50);
    }
    std::printf("{\"kind\":\"latency\",\"runtime\":\"%s\",\"ms\":%.4f,\"sink\":%.3f}\n", rt, median(ms), sink);
  }
  std::printf("{\"kind\":\"memory\",\"runtime\":\"%s\",\"peak_mib\":%.1f}\n", rt, peak_memory_mib());
  std::fflush(stdout);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "engine_bench: %s\n", e.what());
  return 1;
}
