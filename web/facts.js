// The engine's facts the page's checks and controls use (aeplay_facts(), src/app/core/page_facts.h): the noise
// kinds (ae::kNoiseKinds: name, label, level name, range, slider end, default, step) and the batch size's range
// (batch_size.h). Read once when the module runs (loader.js); the engine still checks every call itself.
import { fn } from './bridge.js';

let facts = null;

export function loadFacts() {
  facts = Object.freeze(JSON.parse(fn.facts()));
  return facts;
}
export const getFacts = () => facts;

// The row of noise kind `name` ({name, label, levelName, min, max, maxExclusive, sliderMax, default, step,
// pixelNoise}), or undefined.
export const noiseKind = (name) => facts.noiseKinds.find((k) => k.name === name);
// The pixel noises with none first (the noises a DAE trains with; the strip and the message API offer them).
export const pixelNoises = () => facts.noiseKinds.filter((k) => k.pixelNoise).map((k) => k.name);

// Whether `level` is in kind k's range (a probability excludes its max).
export const levelInRange = (k, level) => level >= k.min && (k.maxExclusive ? level < k.max : level <= k.max);
// The range as words: "[0, 10]" or "[0, 1)".
export const rangeText = (k) => `[${k.min}, ${k.max}${k.maxExclusive ? ')' : ']'}`;
