// The TensorFlow.js peer of AE-ref, shared by Node and Chromium (bench/js_bench.js loads it in both):
// 784 -> 256 ReLU -> 32 ReLU -> 256 ReLU -> 784 sigmoid, MSE summed over pixels and averaged over images
// (the engine's loss), Adam lr 1e-3, float32, on the same MNIST images. Returns samples/s (median of
// `reps` timed repetitions of about `seconds` each, after a warm-up).
(function (root) {
  'use strict';
  async function tfjsTrain(tf, images, count, batches, reps, seconds) {
    const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
    const results = [];
    for (const batch of batches) {
      const model = tf.sequential();
      model.add(tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu', kernelInitializer: 'heNormal' }));
      model.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' }));
      model.add(tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: 'heNormal' }));
      model.add(tf.layers.dense({ units: 784, activation: 'sigmoid' }));
      const opt = tf.train.adam(1e-3);
      const nb = Math.floor(count / batch);
      const xs = [];
      for (let b = 0; b < Math.min(nb, 32); ++b) xs.push(tf.tensor2d(images.subarray(b * batch * 784, (b + 1) * batch * 784), [batch, 784]));
      let next = 0, lastLoss = 0;
      const run = (steps) => {
        for (let s = 0; s < steps; ++s) {
          const x = xs[next++ % xs.length];
          const cost = opt.minimize(() => tf.mean(tf.sum(tf.squaredDifference(model.apply(x), x), 1)), true);
          if (s === steps - 1) lastLoss = cost.dataSync()[0];
          cost.dispose();
        }
      };
      run(3);
      let t0 = now();
      run(3);
      const steps = Math.max(1, Math.round(seconds / Math.max((now() - t0) / 3000, 1e-6)));
      const rates = [];
      for (let r = 0; r < reps; ++r) {
        t0 = now();
        run(steps);
        rates.push((steps * batch) / ((now() - t0) / 1000));
      }
      rates.sort((a, b) => a - b);
      results.push({ batch, samples_per_s: rates[Math.floor(rates.length / 2)], loss: lastLoss });
      xs.forEach((x) => x.dispose());
      model.dispose();
      opt.dispose();
    }
    return results;
  }
  if (typeof module !== 'undefined' && module.exports) module.exports = { tfjsTrain };
  else root.tfjsTrain = tfjsTrain;
})(typeof self !== 'undefined' ? self : this);
