// aeplay in a course page on another origin, driven by messages (web/messages.js, web/aeplay-embed.js):
// the promise API over postMessage, the events (ready, change, training, height), frames that size
// themselves (the height event, H5P's resizer protocol, lti.frameResize), bad messages refused or ignored
// while the page keeps working, and allow= restricting the parent origins that are answered.
// The course pages are tests/e2e/fixtures/*.html, served from `localhost`; the site from `127.0.0.1`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./harness');

const FIXTURES = path.join(__dirname, 'fixtures');

// The app's frame of `page` (the one showing `site`), once it exists.
async function appFrame(page, site) {
  for (let i = 0; i < 200; ++i) {
    const f = page.frames().find((x) => x !== page.mainFrame() && x.url().startsWith(site.url));
    if (f) return f;
    await page.waitForTimeout(50);
  }
  throw new Error(`no app frame among ${page.frames().map((f) => f.url())}`);
}

// Polls `fn` in `where` (a page or frame) until it returns a truthy value; returns that value.
async function until(where, fn, arg, what, timeout = 20000) {
  const t0 = Date.now();
  for (;;) {
    const v = await where.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The notices on the page in `frame`, without two that are reported as diagnostics rather than failures:
// - the one a build that predates allow= in the C++ URL parser shows for it ("unknown parameter");
// - after training in a cross-origin frame, "Could not save your model in this browser": Chromium denies
//   IndexedDB to third-party frames when third-party storage is blocked (as in Playwright's contexts); the
//   page says so (web/api.js), and that is right.
async function notices(frame, t) {
  const all = await frame.evaluate(() => window.aeplay.state().notices);
  const old = all.filter((n) => /^URL parameter allow=.*unknown parameter/.test(n));
  if (old.length) t.diagnostic(`this build's URL parser does not know allow= yet: ${old[0]}`);
  const storage = all.filter((n) => /^Could not save your model in this browser: /.test(n));
  if (storage.length) t.diagnostic(`the cross-origin frame has no IndexedDB here: ${storage[0]}`);
  return all.filter((n) => !old.includes(n) && !storage.includes(n));
}

// Waits until the frame's height has settled: the last `height` event the host page (course.log or
// host.log) received equals what the page in the frame measures, the iframe has that height, and it stays
// so for a second. (The layout's contentHeight may depend on the frame's own height, so a self-sizing frame
// can take a few rounds.) Returns {height, events: the height events so far}.
async function settledHeight(page, frame, timeout = 20000) {
  const t0 = Date.now();
  let last = null, since = 0;
  for (;;) {
    const measured = await frame.evaluate(() => {
      const l = typeof aeplay.layout === 'function' ? aeplay.layout() : null;
      return l && l.contentHeight > 0 ? Math.ceil(l.contentHeight) : document.documentElement.scrollHeight;
    });
    const seen = await page.evaluate(() => {
      const log = (window.course || window.host).log;
      const events = log.filter((m) => m.data.aeplay === 1 && m.data.event === 'height').map((m) => m.data.data.height);
      return { events, iframe: document.getElementById('app').clientHeight };
    });
    const h = seen.events[seen.events.length - 1];
    const ok = h === measured && seen.iframe === h;
    if (ok && last === h) {
      if (Date.now() - since >= 1000) return { height: h, events: seen.events };
    } else {
      last = ok ? h : null;
      since = Date.now();
    }
    if (Date.now() - t0 > timeout) {
      throw new Error(`the frame's height did not settle: measured ${measured}, events ${seen.events}, iframe ${seen.iframe}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

// Overrides aeplay.layout() in the frame so that it reports contentHeight `height` (null: put back what was there).
function fakeLayoutHeight(frame, height) {
  return frame.evaluate((height) => {
    const api = window.aeplay;
    if (!('realLayout' in window)) window.realLayout = api.layout;
    if (height === null) {
      if (window.realLayout) api.layout = window.realLayout; else delete api.layout;
      return;
    }
    const real = window.realLayout;
    api.layout = () => Object.assign(real ? real() : { width: innerWidth, height: innerHeight, views: {} },
                                     { contentHeight: height });
  }, height);
}

test('course pages drive aeplay across origins by messages', { timeout: 200000 }, async (t) => {
  const site = await h.serve(h.SITE, { host: '127.0.0.1' });
  const host = await h.serve(FIXTURES, { host: 'localhost' });
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); await host.close(); });
  const hostOrigin = new URL(host.url).origin;
  const siteOrigin = new URL(site.url).origin;
  assert.notEqual(hostOrigin, siteOrigin);
  const open = async (file, query, extra = '') => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    const errors = h.watchErrors(page);
    await page.goto(`${host.url}${file}?site=${encodeURIComponent(site.url)}&query=${encodeURIComponent(query)}${extra}`);
    const frame = await appFrame(page, site);
    return { context, page, frame, errors };
  };

  await t.test('aeplay-embed.js: the promise API, events and a frame that takes its height', async () => {
    const t0 = Date.now();
    const { context, page, frame, errors } = await open('course.html', 'embed=1&digit=3');
    await page.waitForFunction(() => window.course && window.course.connecting, null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => course.connecting), true, await page.evaluate(() => course.connectError));
    t.diagnostic(`connected after ${Date.now() - t0} ms`);
    assert.notEqual(new URL(frame.url()).origin, new URL(page.url()).origin);

    // The ready and height events came from the site's origin; the iframe has the reported height.
    const settled = await settledHeight(page, frame);
    t.diagnostic(`height events until the frame settled: ${settled.events.join(', ')}`);
    assert.ok(settled.events.length <= 30, `the height kept changing: ${settled.events}`);
    const first = await page.evaluate(() => ({
      ready: course.log.filter((m) => m.data.aeplay === 1 && m.data.event === 'ready'),
      origins: [...new Set(course.log.map((m) => m.origin))],
      methods: course.ap.info.methods,
      heights: course.heights,
    }));
    assert.equal(first.ready.length, 1, 'one ready event');
    assert.equal(first.ready[0].data.data.ready, true);
    assert.deepEqual(first.origins, [siteOrigin]);
    assert.equal(first.heights[first.heights.length - 1], settled.height, 'ap.on(\'height\') missed the last height');
    for (const m of ['setNoise', 'loadDigit', 'draw', 'getMetrics', 'getArrays', 'train', 'state', 'layout', 'selectModel',
                     'loadModel', 'trainFamily', 'training', 'sample', 'latent']) {
      assert.ok(first.methods.includes(m), `no method ${m}`);
    }
    assert.equal((await page.evaluate(() => course.ap.state())).digit, 3, 'the URL settings of the frame');

    // The layout asks for another height: the page reports it, and the iframe takes it.
    await fakeLayoutHeight(frame, 640);
    await until(page, () => document.getElementById('app').clientHeight === 640 && course.heights.includes(640),
                null, 'the iframe to take the height 640');
    assert.ok(await page.evaluate(() => course.log.some((m) => m.data.subject === 'lti.frameResize' && m.data.height === 640)),
              'no lti.frameResize with the new height');

    // setNoise, loadDigit, getMetrics, getArrays: answers match what the page in the frame says itself.
    await page.evaluate(() => course.ap.setNoise('mask', 0.5));
    assert.equal(await page.evaluate(() => course.ap.loadDigit(42)), true);
    const viaMessages = await page.evaluate(async () => {
      const [s, m, a] = await Promise.all([course.ap.state(), course.ap.getMetrics(), course.ap.getArrays()]);
      return { s, m, isF32: a.clean instanceof Float32Array && a.reconstruction instanceof Float32Array,
               length: a.clean.length, clean: Array.from(a.clean), reconstruction: Array.from(a.reconstruction) };
    });
    const inFrame = await frame.evaluate(() => {
      const a = window.aeplay.getArrays();
      return { s: window.aeplay.state(), clean: Array.from(a.clean), reconstruction: Array.from(a.reconstruction) };
    });
    assert.equal(viaMessages.s.noise, 'mask:0.5');
    assert.equal(inFrame.s.noise, 'mask:0.5');
    assert.equal(viaMessages.s.digit, 42);
    assert.equal(inFrame.s.digit, 42);
    assert.equal(viaMessages.s.label, inFrame.s.label);
    assert.ok(viaMessages.isF32, 'arrays do not arrive as Float32Array');
    assert.equal(viaMessages.length, 784);
    assert.deepEqual(viaMessages.clean, inFrame.clean);
    assert.deepEqual(viaMessages.reconstruction, inFrame.reconstruction);
    assert.equal(viaMessages.m.reconstructionMse, inFrame.s.metrics.reconstructionMse);
    assert.equal(viaMessages.m.corruptedMse, inFrame.s.metrics.corruptedMse);
    assert.ok(viaMessages.m.reconstructionMse > 0 && viaMessages.m.reconstructionMse < viaMessages.m.corruptedMse,
              JSON.stringify(viaMessages.m));
    // ... and a change event followed with that state.
    const change = await until(page, () => course.changes.find((c) => c.digit === 42 && c.noise === 'mask:0.5'), null,
                               'a change event for digit 42 with mask:0.5');
    assert.equal(change.metrics.reconstructionMse, inFrame.s.metrics.reconstructionMse);

    // draw: a 7 in canvas units becomes the input.
    await page.evaluate(() => course.ap.draw([[[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]]]));
    const drawn = await frame.evaluate(() => ({ source: aeplay.state().source, ink: aeplay.getArrays().clean.reduce((a, b) => a + b) }));
    assert.equal(drawn.source, 'drawing');
    assert.ok(drawn.ink > 30, `the drawing left too little ink (${drawn.ink})`);
    await until(page, () => course.changes.some((c) => c.source === 'drawing'), null, 'a change event for the drawing');

    // Errors reject with the page's message; no answer in time rejects with a timeout.
    const rejections = await page.evaluate(async () => {
      const why = (p) => p.then(() => 'resolved', (e) => (e instanceof Error ? e.message : 'not an Error: ' + e));
      return {
        level: await why(course.ap.setNoise('gaussian', 11)),
        method: await why(course.ap.call('nope')),
        timeout: await why(course.ap.request('loadTrainingSet', [], { timeout: 1 })),
      };
    });
    assert.match(rejections.level, /^setNoise: level: gaussian sigma must be in \[0, 10\], not 11$/);
    assert.match(rejections.method, /^unknown method "nope"/);
    assert.match(rejections.timeout, /no answer to loadTrainingSet within 1 ms/);
    assert.equal(await frame.evaluate(() => aeplay.state().noise), 'mask:0.5', 'a refused setNoise changed the noise');

    // train (small) through messages; training events at most ~2 a second; the trained model is shown.
    const trainT0 = Date.now();
    await page.evaluate(() => course.ap.train({ layers: '784,32', images: 1000, epochs: 1 }));
    const done = await until(page, () => course.trainings.find((e) => e.state === 'done'), null, 'training done', 90000);
    t.diagnostic(`train 784-32 on 1000 images, 1 epoch: ${Date.now() - trainT0} ms to the 'done' event`);
    assert.equal(done.epochs, 1);
    assert.equal(done.history.epochs.length, 1);
    assert.ok(Number.isFinite(done.history.epochs[0][2]) && done.history.epochs[0][2] > 0, JSON.stringify(done));
    const trainings = await page.evaluate(() => course.trainings);
    const running = trainings.filter((e) => e.state === 'running');
    for (let i = 1; i < running.length; ++i) {
      assert.ok(running[i].t - running[i - 1].t > 400, `training events ${running[i].t - running[i - 1].t} ms apart`);
    }
    const tr = await frame.evaluate(() => aeplay.training());
    assert.deepEqual(done.history.epochs, tr.history.epochs);
    await until(page, () => course.changes.some((c) => c.model === 'trained'), null, 'a change event for the trained model');
    assert.equal((await page.evaluate(() => course.ap.state())).model, 'trained');

    // A second connection to the ready page (hello answers at once), with resizing turned off.
    const second = await page.evaluate(async () => {
      course.ap.close();
      const ap = await AeplayEmbed.connect(document.getElementById('app'), { resize: false });
      window.heights2 = [];
      ap.on('height', (d) => heights2.push(d.height));
      course.ap2 = ap;
      return { closed: await course.ap.state().then(() => 'answered', (e) => e.message), digit: (await ap.state()).digit };
    });
    assert.equal(second.closed, 'aeplay: the connection is closed');
    assert.equal(second.digit, 42);
    await fakeLayoutHeight(frame, 700);
    await until(page, () => window.heights2.includes(700), null, 'the height event on the second connection');
    assert.equal(await page.evaluate(() => document.getElementById('app').clientHeight), 640, 'resize: false resized');
    await fakeLayoutHeight(frame, null);

    // A frame that is not aeplay: connect gives up after connectTimeout.
    const noAeplay = await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.src = src;
      document.body.appendChild(f);
      return AeplayEmbed.connect(f, { connectTimeout: 1500 }).then(() => 'connected', (e) => e.message);
    }, site.url + 'style.css');
    assert.match(noAeplay, /did not answer within 1500 ms/);

    assert.deepEqual(await notices(frame, t), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('H5P resizer and lti.frameResize; bad messages refused or ignored, the page keeps working', async () => {
    const { context, page, frame, errors } = await open('frame-host.html', 'embed=1', '&h5p=1');
    await until(page, () => host.log.some((m) => m.data.aeplay === 1 && m.data.event === 'ready'), null, 'the ready event', 60000);
    const sent = (pred) => page.evaluate((src) => host.log.filter((m) => (0, eval)(src)(m.data)).length, pred);

    // H5P: the page said hello, the resizer double answered hello, the page asked to resize.
    await until(page, () => host.log.some((m) => m.data.context === 'h5p' && m.data.action === 'prepareResize'), null,
                'an H5P prepareResize');
    const h5p0 = await page.evaluate(() => host.log.filter((m) => m.data.context === 'h5p').map((m) => m.data));
    assert.equal(h5p0[0].action, 'hello');
    const prep = h5p0.find((m) => m.action === 'prepareResize');
    assert.equal(typeof prep.scrollHeight, 'number');
    assert.equal(typeof prep.clientHeight, 'number');
    const before = (await settledHeight(page, frame)).height;  // the H5P double resized the iframe to it
    assert.ok(await page.evaluate((b) => host.h5pHeights[host.h5pHeights.length - 1] === b ||
                                        (host.h5pHeights.length === 0 && b === 300), before),
              'the iframe\'s height does not come from the H5P rounds');
    // The layout asks for 520 px: height event, lti.frameResize, and an H5P round that resizes the iframe.
    await fakeLayoutHeight(frame, 520);
    await until(page, () => host.h5pHeights.includes(520) && document.getElementById('app').clientHeight === 520, null,
                'the H5P round to give the iframe 520 px');
    const round = await page.evaluate(() => host.log.map((m) => m.data).filter((d) => d.context === 'h5p' ||
      d.subject === 'lti.frameResize' || d.event === 'height'));
    const i520 = round.findIndex((d) => d.action === 'prepareResize' && d.scrollHeight === 520);
    assert.ok(i520 >= 0, JSON.stringify(round));
    assert.equal(round[i520].clientHeight, before, 'prepareResize: clientHeight is the frame\'s height before');
    assert.ok(round.slice(i520).some((d) => d.action === 'resize' && d.scrollHeight === 520), 'no H5P resize with 520');
    assert.ok(round.some((d) => d.subject === 'lti.frameResize' && d.height === 520), 'no lti.frameResize with 520');
    assert.ok(round.some((d) => d.event === 'height' && d.data.height === 520), 'no height event with 520');
    // The resizer's own messages: ready -> the page says hello (once: no hello loop); resize -> prepareResize.
    const hellos = await sent('(d) => d.context === "h5p" && d.action === "hello"');
    const preps = await sent('(d) => d.context === "h5p" && d.action === "prepareResize"');
    await page.evaluate(() => host.send({ context: 'h5p', action: 'ready' }));
    await page.evaluate(() => host.send({ context: 'h5p', action: 'resize' }));
    await page.waitForTimeout(800);
    assert.equal(await sent('(d) => d.context === "h5p" && d.action === "hello"'), hellos + 1, 'hello after ready');
    assert.ok(await sent('(d) => d.context === "h5p" && d.action === "prepareResize"') >= preps + 2,
              'prepareResize after the resizer\'s hello and resize');
    await fakeLayoutHeight(frame, null);

    // A known state; every bad message below must leave it as it is.
    const setup = await page.evaluate(async () => [
      await host.ask({ aeplay: 1, id: 's1', method: 'setNoise', args: ['saltpepper', 0.2] }),
      await host.ask({ aeplay: 1, id: 's2', method: 'loadDigit', args: [7] }),
      await host.ask({ aeplay: 1, id: 's3', method: 'setSeed', args: [5] }),
    ]);
    assert.deepEqual(setup.map((r) => r.id), ['s1', 's2', 's3']);
    assert.ok(setup.every((r) => !('error' in r)), JSON.stringify(setup));
    const base = await frame.evaluate(() => { const s = aeplay.state(); return { s, frames: aeplay.frameCount() }; });
    assert.equal(base.s.noise, 'saltpepper:0.2');
    assert.equal(base.s.digit, 7);

    const results = await page.evaluate(async () => {
      const big = 'x'.repeat(10 * 1024 * 1024);
      const cycle = []; cycle.push(cycle);
      let deep = [1]; for (let i = 0; i < 12; ++i) deep = [deep];
      const points = (n) => Array.from({ length: n }, (_, i) => [(i % 100) / 100, 0.5]);
      const r = (id, method, args) => ({ aeplay: 1, id, method, args });
      const cases = [  // [name, message, expected error (regex source) or null: ignored (no reply)]
        ['a string', 'hello', null],
        ['a number', 42, null],
        ['null', null, null],
        ['an array', [1, 2, 3], null],
        ['a reply-shaped message', { aeplay: 1, id: 'x1', result: 1 }, null],
        ['an event-shaped message', { aeplay: 1, event: 'change', data: {} }, null],
        ['no id', { aeplay: 1, method: 'state', args: [] }, '^a request needs an id'],
        ['an object id', { aeplay: 1, id: { a: 1 }, method: 'state' }, '^a request needs an id'],
        ['a 65-character id', { aeplay: 1, id: 'i'.repeat(65), method: 'state' }, '^a request needs an id'],
        ['protocol 2', { aeplay: 2, id: 'p2', method: 'state' }, '^unsupported protocol 2'],
        ['unknown method', r('m1', 'eval', ['1+1']), '^unknown method "eval"'],
        ['__proto__', r('m2', '__proto__', []), '^unknown method "__proto__"'],
        ['constructor', r('m3', 'constructor', []), '^unknown method "constructor"'],
        ['toString', r('m4', 'toString', []), '^unknown method "toString"'],
        ['hasOwnProperty', r('m5', 'hasOwnProperty', ['x']), '^unknown method "hasOwnProperty"'],
        ['a number as method', r('m6', 42, []), '^unknown method 42'],
        ['no method', { aeplay: 1, id: 'm7' }, '^unknown method undefined'],
        ['args a string', r('a1', 'setNoise', 'mask'), '^setNoise: args must be an array'],
        ['args an array-like object', r('a2', 'setNoise', { 0: 'mask', 1: 0.3, length: 2 }), '^setNoise: args must be an array'],
        ['NaN level', r('n1', 'setNoise', ['gaussian', NaN]), 'must be a finite number, not NaN'],
        ['Infinity level', r('n2', 'setNoise', ['gaussian', Infinity]), 'must be a finite number, not Infinity'],
        ['-Infinity level', r('n3', 'setNoise', ['mask', -Infinity]), 'must be a finite number, not -Infinity'],
        ['mask level 1', r('n4', 'setNoise', ['mask', 1]), 'probability must be in \\[0, 1\\), not 1$'],
        ['negative sigma', r('n5', 'setNoise', ['gaussian', -0.1]), 'sigma must be in \\[0, 10\\]'],
        ['a string level', r('n6', 'setNoise', ['gaussian', '0.5']), 'must be a finite number, not "0.5"'],
        ['unknown noise type', r('n7', 'setNoise', ['blur', 0.3]), 'must be one of none, gaussian, mask, saltpepper, dropout'],
        ['too many arguments', r('n8', 'setNoise', ['mask', 0.3, 'extra']), '^setNoise takes at most 2 arguments, not 3'],
        ['digit 10000', r('d1', 'loadDigit', [10000]), 'whole number 0\\.\\.9999, not 10000'],
        ['digit -1', r('d2', 'loadDigit', [-1]), 'whole number 0\\.\\.9999, not -1'],
        ['digit 1.5', r('d3', 'loadDigit', [1.5]), 'whole number 0\\.\\.9999, not 1.5'],
        ['digit "7"', r('d4', 'loadDigit', ['7']), 'whole number 0\\.\\.9999, not "7"'],
        ['digit missing', r('d5', 'loadDigit', []), '^loadDigit: argument 1 is missing'],
        ['negative seed', r('e1', 'setSeed', [-3]), '^setSeed: argument 1 must be a whole number'],
        ['a huge stroke (20000 points)', r('w1', 'draw', [[points(20000)]]), 'at most 10000 points in all'],
        ['101 strokes', r('w2', 'draw', [Array.from({ length: 101 }, () => [[0.5, 0.5]])]), 'at most 100 strokes'],
        ['a point outside 0..1', r('w3', 'draw', [[[[0.5, 0.5], [2, 0.5]]]]), 'draw: argument 1\\[0\\]\\[1\\]\\[0\\] must be a finite number in \\[0, 1\\]'],
        ['a NaN point', r('w4', 'draw', [[[[NaN, 0.5]]]]), 'must be a finite number in \\[0, 1\\], not NaN'],
        ['a point of 3 numbers', r('w5', 'draw', [[[[0.1, 0.2, 0.3]]]]), 'must be a point \\[x, y\\]'],
        ['strokes a string', r('w6', 'draw', ['abc']), 'must be an array of at most 100 strokes'],
        ['a Float32Array', r('w7', 'draw', [new Float32Array(8)]), 'holds a Float32Array: only numbers, strings'],
        ['a Date', r('w8', 'loadDigit', [new Date()]), 'holds a Date'],
        ['a 10 MB payload', { aeplay: 1, id: 'big1', method: 'state', args: [], junk: big }, 'larger than the limit of 1048576 bytes'],
        ['a 10 MB argument', r('big2', 'setNoise', [big, 0.5]), 'larger than the limit of 1048576 bytes'],
        ['a 2-million-element array', r('big3', 'draw', [new Array(2e6).fill(0)]), 'larger than the limit of 1048576 bytes'],
        ['nested junk', r('j1', 'setNoise', [deep]), 'nested more than 8 levels deep'],
        ['a cyclic array', r('j2', 'draw', [cycle]), 'nested more than 8 levels deep'],
        ['a __proto__ option', r('t1', 'train', [JSON.parse('{"layers": "784,32", "__proto__": {"images": 1}}')]), 'unknown option "__proto__"'],
        ['an unknown option', r('t2', 'train', [{ layers: '784,32', evil: 1 }]), 'unknown option "evil" \\(known: layers, noise, lr, batch, images, epochs\\)'],
        ['layers not starting at 784', r('t3', 'train', [{ layers: '783,32' }]), 'must start with the image size 784'],
        ['layers text', r('t4', 'train', [{ layers: '784,32;alert(1)' }]), 'must be layer sizes like "784,64,16"'],
        ['0 images', r('t5', 'train', [{ layers: '784,32', images: 0 }]), 'train: argument 1.images must be a whole number 1..60000, not 0'],
        ['lr Infinity', r('t6', 'train', [{ lr: Infinity }]), 'train: argument 1.lr must be a finite number'],
        ['lr 0', r('t9', 'train', [{ lr: 0 }]), 'train: argument 1.lr must be in \\(0, 10\\], not 0'],
        ['a bad training noise', r('t7', 'train', [{ noise: 'mask:1.5' }]), 'probability must be in \\[0, 1\\)'],
        ['options an array', r('t8', 'train', [[1, 2]]), 'train: argument 1 must be an object'],
        ['a CLI-only preset', r('f1', 'trainFamily', [{ preset: 'hinton2006' }]), 'preset must be one of undercomplete'],
        ['a model id that is a number', r('s1', 'selectModel', [42]), 'must be a string of 1..200 characters'],
        ['a path as model id', r('s2', 'loadModel', ['../../etc/passwd']), 'must be a model of the catalog'],
        ['sample 100000 digits', r('v1', 'sample', [100000]), 'whole number 1..1024'],
        ['showInside "yes"', r('v2', 'showInside', ['yes']), 'must be true or false'],
        ['state with an argument', r('v3', 'state', [1]), '^state takes no arguments, not 1'],
        ['hello with an argument', r('v4', 'hello', [{}]), '^hello takes no arguments, not 1'],
        ['an unknown layout', r('l1', 'setLayout', ['grid']), 'must be one of auto, strip, full, stack, not "grid"'],
        ['unknown panels', r('l2', 'setLayout', ['strip', 'model,evil']), "must be '', 'none' or a list of model, train, inside, latent"],
        ['an unknown export format', r('x1', 'exportModel', ['exe']), 'must be one of aep, safetensors, npz, onnx'],
      ];
      const out = [];
      let n = 0;
      for (const [name, message, expected] of cases) {
        const reply = await host.ask(message, expected ? 5000 : 600);
        const good = await host.ask({ aeplay: 1, id: 'good' + ++n, method: 'state', args: [] });
        out.push({ name, expected, id: message && typeof message === 'object' ? message.id : undefined,
                   reply: reply === 'no reply' ? reply : { id: reply.id, error: reply.error, hasResult: 'result' in reply },
                   good: good.result ? { id: good.id, noise: good.result.noise, digit: good.result.digit, seed: good.result.seed,
                                         model: good.result.model, source: good.result.source,
                                         training: good.result.training.state, trainImages: good.result.trainImages,
                                         mse: good.result.metrics.reconstructionMse }
                                     : good });
      }
      // From a sibling frame of the host page (same origin, any origin allowed): not the parent, ignored.
      host.fromSibling({ aeplay: 1, id: 'sib', method: 'setNoise', args: ['none'] });
      await new Promise((r) => setTimeout(r, 800));
      return { out, sibling: host.siblingReplies.length + host.log.filter((m) => m.data.id === 'sib').length };
    });
    t.diagnostic(`${results.out.length} bad messages`);
    assert.ok(results.out.length >= 20);
    for (const c of results.out) {
      if (c.expected === null) {
        assert.equal(c.reply, 'no reply', `${c.name}: answered ${JSON.stringify(c.reply)}`);
      } else {
        assert.notEqual(c.reply, 'no reply', `${c.name}: no reply`);
        assert.equal(c.reply.hasResult, false, `${c.name}: got a result`);
        assert.match(c.reply.error, new RegExp(c.expected), `${c.name}`);
        const validId = typeof c.id === 'string' ? c.id.length <= 64 : Number.isSafeInteger(c.id);
        assert.equal(c.reply.id, validId ? c.id : null, `${c.name}: reply id`);
      }
      // The next good message is answered with the unchanged state.
      assert.ok(c.good.id && c.good.id.startsWith('good'), `${c.name}: the next good request got ${JSON.stringify(c.good)}`);
      assert.deepEqual({ ...c.good, id: undefined },
                       { id: undefined, noise: 'saltpepper:0.2', digit: 7, seed: 5, model: base.s.model, source: 'test',
                         training: base.s.training.state, trainImages: base.s.trainImages,
                         mse: base.s.metrics.reconstructionMse }, `${c.name} changed the state`);
    }
    assert.equal(results.sibling, 0, 'a request from a sibling frame was answered');
    // Still working: draws frames, answers, and the state is the one set before.
    await h.nextFrames(frame, 3);
    const after = await frame.evaluate(() => ({ s: aeplay.state(), frames: aeplay.frameCount() }));
    assert.ok(after.frames > base.frames);
    assert.equal(after.s.noise, 'saltpepper:0.2');
    const ok = await page.evaluate(() => host.ask({ aeplay: 1, id: 7, method: 'loadDigit', args: [8] }));
    assert.deepEqual(ok, { aeplay: 1, id: 7, result: true });
    assert.equal(await frame.evaluate(() => aeplay.state().digit), 8);
    assert.deepEqual(await notices(frame, t), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  await t.test('allow=: other parent origins are ignored, allowed ones answered; a malformed allow= answers no one', async () => {
    for (const [allow, answered] of [[`http://127.0.0.1:1,https://school.example`, false], ['not-an-origin', false],
                                     [`https://school.example,${hostOrigin}`, true]]) {
      const { context, page, frame, errors } = await open('frame-host.html', `embed=1&allow=${encodeURIComponent(allow)}`);
      await h.waitReady(frame);
      await h.nextFrames(frame, 3);
      const r = await page.evaluate(async () => {
        const hello = await host.ask({ aeplay: 1, id: 'h', method: 'hello' }, 1500);
        const set = await host.ask({ aeplay: 1, id: 'n', method: 'setNoise', args: ['dropout', 0.4] }, 1500);
        await new Promise((res) => setTimeout(res, 600));
        return { hello, set, log: host.log.map((m) => ({ origin: m.origin, data: m.data })) };
      });
      const noise = await frame.evaluate(() => aeplay.state().noise);
      const shown = (await frame.evaluate(() => aeplay.state().notices));
      t.diagnostic(`allow=${allow}: ${r.log.length} messages from the frame, noise ${noise}, notices ${JSON.stringify(shown)}`);
      if (answered) {
        assert.equal(r.hello.result.ready, true);
        assert.equal(r.set.id, 'n');
        assert.ok(!('error' in r.set), JSON.stringify(r.set));
        assert.equal(noise, 'dropout:0.4');
        assert.ok(r.log.some((m) => m.data.event === 'ready'), 'no ready event to the allowed parent');
        assert.ok(r.log.some((m) => m.data.subject === 'lti.frameResize'), 'no lti.frameResize to the allowed parent');
        assert.ok(r.log.every((m) => m.origin === siteOrigin));
        assert.deepEqual(await notices(frame, t), []);
      } else {
        assert.equal(r.hello, 'no reply');
        assert.equal(r.set, 'no reply');
        assert.deepEqual(r.log, [], 'the frame posted to a parent outside allow=');
        assert.equal(noise, 'gaussian:0.5', 'an ignored request changed the noise');
        const n = await notices(frame, t);
        if (allow === 'not-an-origin') assert.ok(n.length <= 1 && n.every((x) => /allow/.test(x)), JSON.stringify(n));
        else assert.deepEqual(n, []);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});
