// Runs the same engine computations natively and in WebAssembly, writing their results to a file so
// run.sh can compare the two builds: reconstructions of test digits by a model file, the corruption of
// those digits (seeded noise must match bit for bit), and a few training steps from a fixed seed.
//
// usage: engine_check MODEL.aep MNIST_DIR OUT.bin
#include <cstdio>
#include <vector>

#include "dataset.h"
#include "error.h"
#include "file_io.h"
#include "noise.h"
#include "serialize.h"
#include "kernels/gemm.h"
#include "trainer.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
// tests/wasm/relaxed.js puts gemm_relaxed.wasm's export at this function-table index before main runs.
extern "C" EMSCRIPTEN_KEEPALIVE void engine_check_use_gemm_block(int table_index) {
  ae::kernels::use_gemm_block(reinterpret_cast<ae::kernels::GemmBlockFn>(static_cast<uintptr_t>(table_index)),
                              "packed-relaxed-simd");
}
#endif

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: engine_check MODEL.aep MNIST_DIR OUT.bin\n");
    return 2;
  }
  std::fprintf(stderr, "engine_check: GEMM backend %s\n", ae::kernels::gemm_backend());
  try {
    auto model = ae::instantiate(ae::load_model(argv[1]));
    ae::Dataset test = ae::load_mnist(argv[2], ae::Split::Test, 256);

    ae::Rng rng(42, 7);
    ae::Mat noisy;
    ae::corrupt(ae::parse_noise("gaussian:0.5"), test.images, noisy, rng);
    const ae::Mat recon = model->reconstruct(noisy);

    // A short training run: same seed, same data, so both builds should follow the same path.
    ae::ModelSpec spec;
    spec.sizes = {784, 64, 16};
    ae::Autoencoder small(spec, 3);
    ae::TrainConfig cfg;
    cfg.batch_size = 32;
    cfg.epochs = 1;
    cfg.noise = ae::parse_noise("mask:0.3");
    ae::Mat none;
    ae::Trainer trainer(small, test.images, none, cfg);
    trainer.step(5);
    const ae::Mat after = small.reconstruct(test.images.leftCols(16));

    std::vector<uint8_t> out;
    auto put = [&](const ae::Mat& m) {
      const auto* p = reinterpret_cast<const uint8_t*>(m.data());
      out.insert(out.end(), p, p + m.size() * sizeof(float));
    };
    put(noisy);
    put(recon);
    put(after);
    ae::write_file_atomic(argv[3], out);
    std::printf("engine_check: wrote %zu floats (noisy %ld, reconstruction %ld, after training %ld)\n",
                out.size() / 4, static_cast<long>(noisy.size()), static_cast<long>(recon.size()),
                static_cast<long>(after.size()));
    return 0;
  } catch (const ae::Error& e) {
    std::fprintf(stderr, "engine_check: %s\n", e.what());
    return 1;
  }
}
