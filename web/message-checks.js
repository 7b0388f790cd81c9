// The argument checkers of the message API (web/messages.js): each takes (value, what) and returns the value
// to pass on or throws a Refused error whose message says what was wrong. Also the limits on a request and
// checkSize, which measures a request as JSON without building the text. Noise levels and the batch size are
// checked against the engine's own ranges (web/facts.js), read once the module runs.
import { getFacts, noiseKind, pixelNoises, levelInRange, rangeText } from './facts.js';

export const LIMITS = Object.freeze({
  requestBytes: 1 << 20,  // a request's size as JSON (1 MiB = 1,048,576 characters)
  depth: 8,               // nesting of arrays/objects in a request
  idChars: 64,            // an id: a string of 1..64 characters or a whole number
  inFlight: 64,           // requests being worked on at once (waiting for the page to start, loading, ...)
  strokes: 100,           // draw(): strokes per call
  points: 10000,          // draw(): points per call, all strokes together
});

export class Refused extends Error {}
export const refuse = (message) => { throw new Refused(message); };
export const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
export const printable = (v) => {
  const s = typeof v === 'string' ? v : String(v);
  return (s.length > 40 ? s.slice(0, 40) + '...' : s).replace(/[^\x20-\x7e]/g, '?');
};
export const describe = (v) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'number' ? String(v)
  : typeof v === 'string' ? `"${printable(v)}"` : typeof v);
export const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

export const int = (lo, hi) => (v, what) => (Number.isInteger(v) && v >= lo && v <= hi ? v
  : refuse(`${what} must be a whole number ${lo}..${hi}, not ${describe(v)}`));
export const finite = (lo, hi) => (v, what) => (typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v
  : refuse(`${what} must be a finite number in [${lo}, ${hi}], not ${describe(v)}`));
export const bool = (v, what) => (typeof v === 'boolean' ? v : refuse(`${what} must be true or false, not ${describe(v)}`));
export const str = (max, pattern) => (v, what) => (typeof v === 'string' && v.length >= 1 && v.length <= max &&
  (!pattern || pattern.test(v)) ? v : refuse(`${what} must be a string of 1..${max} characters${
    pattern ? ' like the examples in docs/javascript-api.md' : ''}, not ${describe(v)}`));
export const oneOf = (list) => (v, what) => (typeof v === 'string' && list.includes(v) ? v
  : refuse(`${what} must be one of ${list.join(', ')}, not ${describe(v)}`));

// The noise level's range per type: the engine's (ae::kNoiseKinds, through web/facts.js).
export function noiseLevel(type, level, what) {
  if (typeof level !== 'number' || !Number.isFinite(level)) refuse(`${what} must be a finite number, not ${describe(level)}`);
  const k = noiseKind(type);
  if (levelInRange(k, level)) return level;
  return refuse(k.maxExclusive ? `${what}: a ${type} probability must be in ${rangeText(k)}, not ${level}`
    : `${what}: ${type} ${k.levelName} must be in ${rangeText(k)}, not ${level}`);
}
// The noise types setNoise and train take: the pixel noises, none first.
export const noiseType = (v, what) => oneOf(pixelNoises())(v, what);
// A noise spec as train() takes it: "none", "gaussian:0.5", "gaussian:0.5:noclip", "mask:0.3", ...
export function noiseSpec(v, what, emptyOk) {
  if (emptyOk && v === '') return v;
  if (typeof v !== 'string' || v.length > 40) refuse(`${what} must be a noise like "gaussian:0.5" or "none", not ${describe(v)}`);
  if (v === 'none') return v;
  const m = /^([a-z]+):([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)(:noclip)?$/.exec(v);
  if (!m || m[1] === 'none' || !pixelNoises().includes(m[1]) || (m[3] && m[1] !== 'gaussian')) {
    refuse(`${what} must be a noise like "gaussian:0.5" or "none", not ${describe(v)}`);
  }
  noiseLevel(m[1], Number(m[2]), what);
  return v;
}
// The batch size: the engine's range (batch_size.h); the trainer also refuses one over the training images.
export const batchSize = (v, what) => int(getFacts().batch.min, getFacts().batch.max)(v, what);
export function layers(v, what) {
  if (typeof v !== 'string' || v.length > 200 || !/^[0-9]{1,5}(,[0-9]{1,5}){1,16}$/.test(v)) {
    refuse(`${what} must be layer sizes like "784,64,16" (2..17 sizes), not ${describe(v)}`);
  }
  const sizes = v.split(',').map(Number);
  if (sizes[0] !== 784) refuse(`${what} must start with the image size 784, not ${sizes[0]}`);
  if (sizes.some((n) => n < 1 || n > 65536)) refuse(`${what}: every size must be 1..65536`);
  return v;
}
// An options object: only the listed keys, each checked; a fresh object is passed on.
export const options = (spec) => (v, what) => {
  if (!isPlainObject(v)) refuse(`${what} must be an object like {${Object.keys(spec).join(', ')}}, not ${describe(v)}`);
  const out = {};
  for (const key of Object.keys(v)) {
    if (!own(spec, key)) refuse(`${what}: unknown option "${printable(key)}" (known: ${Object.keys(spec).join(', ')})`);
    if (v[key] !== undefined) out[key] = spec[key](v[key], `${what}.${key}`);
  }
  return out;
};
export function strokes(v, what) {
  if (!Array.isArray(v) || v.length > LIMITS.strokes) refuse(`${what} must be an array of at most ${LIMITS.strokes} strokes`);
  let points = 0;
  return v.map((s, i) => {
    if (!Array.isArray(s) || s.length < 1) refuse(`${what}[${i}] must be a stroke: an array of [x, y] points`);
    points += s.length;
    if (points > LIMITS.points) refuse(`${what}: at most ${LIMITS.points} points in all`);
    return s.map((p, j) => {
      if (!Array.isArray(p) || p.length !== 2) refuse(`${what}[${i}][${j}] must be a point [x, y]`);
      return [finite(0, 1)(p[0], `${what}[${i}][${j}][0]`), finite(0, 1)(p[1], `${what}[${i}][${j}][1]`)];
    });
  });
}
// panels as the URL takes them: '' (the layout's choice), 'none', or a list of model, train, inside, latent, data.
export function panels(v, what) {
  const names = ['model', 'train', 'inside', 'latent', 'data'];
  const list = typeof v === 'string' && v.length <= 40 ? v.split(',') : null;
  if (v === '' || v === 'none' || (list && list.every((p) => names.includes(p)) && new Set(list).size === list.length)) return v;
  return refuse(`${what} must be '', 'none' or a list of ${names.join(', ')}, not ${describe(v)}`);
}

// The size of a request as JSON, counted without building the text (stops at the limit); also refuses
// anything that is not plain data (typed arrays, dates, maps, ...) or nested too deeply (also cycles).
export function checkSize(root) {
  const limit = LIMITS.requestBytes;
  let total = 0;
  const over = () => refuse(`the request is larger than the limit of ${limit} bytes (as JSON)`);
  const walk = (v, depth) => {
    if (total > limit) over();
    if (v === null || v === undefined) { total += 4; return; }
    switch (typeof v) {
      case 'boolean': total += 5; return;
      case 'number': total += Number.isFinite(v) ? String(v).length : 4; return;
      case 'string': if (v.length > limit) over(); total += JSON.stringify(v).length; return;
      case 'object': break;
      default: refuse(`the request holds a ${typeof v}: only numbers, strings, booleans, null, arrays and plain objects`);
    }
    if (depth >= LIMITS.depth) refuse(`the request is nested more than ${LIMITS.depth} levels deep`);
    if (Array.isArray(v)) {
      if (v.length > limit) over();
      total += 1 + Math.max(1, v.length);
      for (let i = 0; i < v.length; ++i) walk(v[i], depth + 1);
      return;
    }
    if (!isPlainObject(v)) {
      refuse(`the request holds a ${Object.prototype.toString.call(v).slice(8, -1)}: only numbers, strings, booleans, null, arrays and plain objects`);
    }
    const keys = Object.keys(v);
    if (keys.length > limit) over();
    total += 1 + Math.max(1, keys.length);
    for (const k of keys) { total += JSON.stringify(k).length + 1; walk(v[k], depth + 1); }
  };
  walk(root, 0);
  if (total > limit) over();
}
