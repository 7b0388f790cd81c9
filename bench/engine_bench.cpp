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

namespace {

struct Options {
  std::string images_path, train_list, gemm_list, kernel = "gemm";
  bool latency = false, check = false, fixed_threads = false;
  int threads = -1, omp_threads = 1, reps = 7, limit = 8192;
  double seconds = 0.5;
};

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw ae::Error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--images") o.images_path = next();
    else if (a == "--train")
      o.train_list = next();
    else if (a == "--gemm")
      o.gemm_list = next();
    else if (a == "--latency")
      o.latency = true;
    else if (a == "--check")
      o.check = true;
    else if (a == "--kernel") {
      o.kernel = next();
      if (o.kernel != "gemm" && o.kernel != "eigen" && o.kernel != "packed" && o.kernel != "reference")
        throw ae::Error("--kernel must be gemm, eigen, packed or reference, got '" + o.kernel + "'");
    } else if (a == "--threads")
      o.threads = std::atoi(next().c_str());
    else if (a == "--fixed-threads")
      o.fixed_threads = true;
    else if (a == "--omp-threads")
      o.omp_threads = std::atoi(next().c_str());
    else if (a == "--reps")
      o.reps = std::max(1, std::atoi(next().c_str()));
    else if (a == "--seconds")
      o.seconds = std::atof(next().c_str());
    else if (a == "--limit")
      o.limit = std::atoi(next().c_str());
    else throw ae::Error("unknown option " + a);
  }
  return o;
}

// How the run is threaded, as every row reports it.
struct Threading {
  int threads;              // the engine pool's or Eigen's, whichever is larger
  const char* kind;         // "pool", "openmp" or "none"
  const char* wait_policy;  // OMP_WAIT_POLICY, so the table can name the best setting
};

// --threads: the engine's own pool (kernels/thread_pool.h), what `aeplay train` uses; --omp-threads: Eigen's
// OpenMP threads instead (an AEPLAY_OPENMP build), kept for the comparison in bench/suite.sh.
Threading set_up_threads(const Options& o) {
  const int threads = o.threads < 0 ? (o.omp_threads > 1 ? 1 : 0) : o.threads;  // one threading at a time
  ae::kernels::set_threads(threads);
  Eigen::setNbThreads(o.omp_threads);
  const char* policy_env = std::getenv("OMP_WAIT_POLICY");
  return {std::max(Eigen::nbThreads(), ae::kernels::threads()),
          ae::kernels::threads() > 1 ? "pool"
          : Eigen::nbThreads() > 1   ? "openmp"
                                     : "none",
          policy_env ? policy_env : ""};
}

// One "train" row: loss_and_gradient + Adam on real batches, threaded as the trainer does.
void bench_train(const Options& o, const Threading& t, const ae::ModelSpec& spec, const ae::Mat& images, int batch) {
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
      if (!o.fixed_threads) timed.emplace(step_threads);
      xb = images.middleCols((next++ % nb) * batch, batch);  // the trainer's gather, as a copy
      loss = model.loss_and_gradient(xb, xb, ws);
      opt.step(params);
    }
  };
  const double per = time_per_step(run, o.reps, o.seconds);
  const double sps = batch / per;
  const long pooled = step_threads.pooled_steps(), steps = pooled + step_threads.serial_steps();
  std::printf(
      "{\"kind\":\"train\",\"runtime\":\"%s\",\"threads\":%d,\"threading\":\"%s\",\"omp_wait_policy\":\"%s\","
      "\"batch\":%d,\"samples_per_s\":%.1f,\"gflops\":%.2f,\"ms_per_batch\":%.4f,\"loss\":%.3f,\"backend\":\"%s\","
      "\"adaptive\":%s,\"pooled_share\":%.3f}\n",
      AEPLAY_RUNTIME, t.threads, t.kind, t.wait_policy, batch, sps, sps * train_flops_per_sample(spec) / 1e9, per * 1e3,
      loss, ae::kernels::gemm_backend(), o.fixed_threads ? "false" : "true",
      o.fixed_threads ? (ae::kernels::threads() > 1 ? 1.0 : 0.0)
      : steps         ? double(pooled) / double(steps)
                      : 0.0);
  std::fflush(stdout);
}

// The GEMMs of one training step, as (M, N, K, op) with C(MxN) = op(A)(MxK) · op(B)(KxN), and their operands.
struct Gemm {
  int m, n, k;
  char op;  // 'N' W·A, 'T' dZ·Aᵀ, 'W' Wᵀ·dZ
  ae::Mat A, B, C;
};

std::vector<Gemm> training_step_gemms(const ae::ModelSpec& spec, int batch) {
  std::vector<Gemm> gemms;
  const std::vector<int>& s = spec.sizes;
  std::vector<std::pair<int, int>> layers;  // (in, out) of the 4 layers
  for (size_t i = 0; i + 1 < s.size(); ++i) layers.push_back({s[i], s[i + 1]});
  for (size_t i = s.size() - 1; i > 0; --i) layers.push_back({s[i], s[i - 1]});
  for (auto [in, out] : layers) gemms.push_back({out, batch, in, 'N', {}, {}, {}});
  for (size_t l = 0; l < layers.size(); ++l) {
    auto [in, out] = layers[l];
    gemms.push_back({out, in, batch, 'T', {}, {}, {}});
    if (l > 0) gemms.push_back({in, batch, out, 'W', {}, {}, {}});
  }
  for (Gemm& g : gemms) {
    if (g.op == 'N') {
      g.A = ae::Mat::Random(g.m, g.k);
      g.B = ae::Mat::Random(g.k, g.n);
    }
    if (g.op == 'T') {
      g.A = ae::Mat::Random(g.m, g.k);
      g.B = ae::Mat::Random(g.n, g.k);
    }
    if (g.op == 'W') {
      g.A = ae::Mat::Random(g.k, g.m);
      g.B = ae::Mat::Random(g.k, g.n);
    }
    g.C = ae::Mat::Zero(g.m, g.n);
  }
  return gemms;
}

// One GEMM with the chosen --kernel, written exactly as the dense layer writes it.
void run_gemm(const std::string& kernel, Gemm& g) {
  if (kernel != "eigen") {
    auto fn = kernel == "gemm"     ? ae::kernels::gemm
              : kernel == "packed" ? ae::kernels::gemm_packed
                                   : ae::kernels::gemm_reference;
    if (g.op == 'N') fn(false, false, g.m, g.n, g.k, g.A.data(), g.m, g.B.data(), g.k, false, g.C.data(), g.m);
    else if (g.op == 'T')
      fn(false, true, g.m, g.n, g.k, g.A.data(), g.m, g.B.data(), g.n, true, g.C.data(), g.m);
    else
      fn(true, false, g.m, g.n, g.k, g.A.data(), g.k, g.B.data(), g.k, false, g.C.data(), g.m);
    return;
  }
  if (g.op == 'N') g.C.noalias() = g.A * g.B;
  else if (g.op == 'T')
    g.C.noalias() += g.A * g.B.transpose();
  else
    g.C.noalias() = g.A.transpose() * g.B;
}

// One "gemm" row: the GEMMs of one AE-ref training step at `batch`, back to back.
void bench_gemm(const Options& o, const Threading& t, const ae::ModelSpec& spec, int batch) {
  std::vector<Gemm> gemms = training_step_gemms(spec, batch);
  double flops = 0;
  for (const Gemm& g : gemms) flops += 2.0 * g.m * g.n * g.k;
  auto run = [&](int steps) {
    for (int st = 0; st < steps; ++st)
      for (Gemm& g : gemms) run_gemm(o.kernel, g);
  };
  const double per = time_per_step(run, o.reps, o.seconds);
  std::printf(
      "{\"kind\":\"gemm\",\"runtime\":\"%s\",\"kernel\":\"%s\",\"threads\":%d,\"threading\":\"%s\","
      "\"omp_wait_policy\":\"%s\",\"batch\":%d,\"gflops\":%.2f,\"ms_per_step\":%.4f,\"gemms\":%zu,"
      "\"backend\":\"%s\"}\n",
      AEPLAY_RUNTIME, o.kernel.c_str(), t.threads, t.kind, t.wait_policy, batch, flops / per / 1e9, per * 1e3,
      gemms.size(), ae::kernels::gemm_backend());
  std::fflush(stdout);
}

// --check: gemm_packed against the reference on the AE-ref shapes (and ragged edges), every transpose.
void check_packed() {
  double worst = 0;
  const int shapes[][3] = {{256, 64, 784}, {784, 256, 64}, {32, 64, 256}, {256, 784, 256}, {13, 7, 300}, {9, 1, 5}};
  for (auto& sh : shapes)
    for (int t = 0; t < 4; ++t) {
      const bool ta = t & 1, tb = t & 2;
      const int m = sh[0], n = sh[1], k = sh[2];
      ae::Mat A = ta ? ae::Mat::Random(k, m) : ae::Mat::Random(m, k),
              B = tb ? ae::Mat::Random(n, k) : ae::Mat::Random(k, n);
      ae::Mat C1 = ae::Mat::Random(m, n), C2 = C1;
      ae::kernels::gemm_packed(ta, tb, m, n, k, A.data(), static_cast<int>(A.rows()), B.data(),
                               static_cast<int>(B.rows()), t == 3, C1.data(), m);
      ae::kernels::gemm_reference(ta, tb, m, n, k, A.data(), static_cast<int>(A.rows()), B.data(),
                                  static_cast<int>(B.rows()), t == 3, C2.data(), m);
      worst = std::max(worst, static_cast<double>((C1 - C2).cwiseAbs().maxCoeff()));
    }
  std::printf("{\"kind\":\"check\",\"runtime\":\"%s\",\"backend\":\"%s\",\"max_abs_error\":%.3g}\n", AEPLAY_RUNTIME,
              ae::kernels::gemm_backend(), worst);
}

// --latency: one digit through the playground's pipeline: corrupt, encode, decode (a trained-size model; the
// weights do not change the cost).
void bench_latency(const ae::ModelSpec& spec, const ae::Mat& images) {
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
  std::printf("{\"kind\":\"latency\",\"runtime\":\"%s\",\"ms\":%.4f,\"sink\":%.3f}\n", AEPLAY_RUNTIME, median(ms),
              sink);
}

}  // namespace

int main(int argc, char** argv) try {
  // Denormals flushed for the whole process, as the trainer does (set before any worker thread exists, so
  // OpenMP's threads inherit it): AE-ref's always-black output pixels drive their MSE gradients into the
  // denormal range within a second of training, which cost a third of the batch-64 throughput.
  ae::FlushDenormalsToZero ftz;
  const Options o = parse_options(argc, argv);
  const Threading threading = set_up_threads(o);
  const ae::ModelSpec spec{};  // AE-ref (the default spec)
  ae::Mat images;
  if (!o.images_path.empty()) {
    ae::IdxArray idx = ae::read_idx(o.images_path);
    images = ae::make_dataset(idx, nullptr, o.limit, o.images_path).images;
  }
  for (int batch : int_list(o.train_list)) bench_train(o, threading, spec, images, batch);
  for (int batch : int_list(o.gemm_list)) bench_gemm(o, threading, spec, batch);
  if (o.check) check_packed();
  if (o.latency) bench_latency(spec, images);
  std::printf("{\"kind\":\"memory\",\"runtime\":\"%s\",\"peak_mib\":%.1f}\n", AEPLAY_RUNTIME, peak_memory_mib());
  std::fflush(stdout);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "engine_bench: %s\n", e.what());
  return 1;
}
