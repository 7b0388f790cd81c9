// A lesson's SCORM 1.2 package (scripts/package.sh) in a learning platform, played by a real SCORM runtime (npm
// scorm-again, from the set-up's cache): a host page provides its SCORM 1.2 API (window.API) and opens the
// package's launch page in an iframe; the test does the lesson's task through the page (web/lesson-tasks.js),
// and the runtime's data model says completed, with a session time once the lesson is left. The same package
// opened with no platform runs as the plain lesson, with no notice and no error.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness');

const LESSON = 'denoising-mask';  // task: raise the masked fraction to 0.8 or more (no training)
const NODE_DIR = process.env.AEPLAY_NODE_DIR || path.join(os.homedir(), '.cache', 'aeplay', 'node');

// The lesson's package, made from the web build as a release would be, unzipped under DIR/pkg/.
function lessonPackage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeplay-scorm-'));
  const { stamp } = require(path.join(h.ROOT, 'scripts', 'stamp-site.js'));
  const m = stamp(h.SITE, path.join(dir, 'release'));
  execFileSync('python3', ['-B', path.join(h.ROOT, 'scripts', 'package.py'), path.join(dir, 'release'),
    path.join(dir, 'dist'), '--lesson', LESSON, '--no-site']);
  const zip = path.join(dir, 'dist', `aeplay-scorm-${LESSON}-${m.version}.zip`);
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, path.join(dir, 'pkg')]);
  fs.rmSync(path.join(dir, 'release'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'lms'));
  fs.copyFileSync(path.join(NODE_DIR, 'node_modules', 'scorm-again', 'dist', 'scorm12.js'), path.join(dir, 'lms', 'scorm12.js'));
  return { dir, zipBytes: fs.statSync(zip).size };
}

const HOST = `<!doctype html><title>course</title><link rel="icon" href="data:,">
<script src="/lms/scorm12.js"></script>
<script>
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  window.lms = { calls: [], finished: false };
  for (const name of ['LMSInitialize', 'LMSCommit', 'LMSFinish']) window.API.on(name, () => window.lms.calls.push(name));
  window.API.on('LMSFinish', () => { window.lms.finished = true; });
</script>
<h1>Unit 3</h1>
<iframe id="sco" src="/pkg/launch.html" width="1000" height="640"></iframe>`;

async function appFrame(page, site) {
  for (let i = 0; i < 200; ++i) {
    const f = page.frames().find((x) => x.url().startsWith(site.url + 'pkg/index.html'));
    if (f) return f;
    await page.waitForTimeout(100);
  }
  throw new Error('no lesson frame: ' + page.frames().map((f) => f.url()));
}

test('a lesson package reports to a SCORM 1.2 platform', { timeout: 180000 }, async (t) => {
  const pkg = lessonPackage();
  const site = await h.serve(pkg.dir, { pages: { '/course.html': HOST } });
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); fs.rmSync(pkg.dir, { recursive: true, force: true }); });
  h.bench('scorm_package_denoising_mask_mb', pkg.zipBytes / 1e6, 'MB');
  assert.ok(pkg.zipBytes <= 8e6, `${LESSON}'s package is ${(pkg.zipBytes / 1e6).toFixed(1)} MB (at most 8 MB)`);

  const page = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  const errors = h.watchErrors(page);
  await page.goto(site.url + 'course.html');
  const frame = await appFrame(page, site);
  await h.waitReady(frame);
  assert.equal(await frame.evaluate(() => window.aeplay.layout().lesson), LESSON);
  const start = await frame.evaluate(() => window.aeplay.scorm);
  assert.equal(start.api, '1.2');
  assert.equal(start.completed, false);
  assert.equal(await page.evaluate(() => window.API.cmi.core.lesson_status), 'incomplete');

  // Not yet: a level below the task's.
  await frame.evaluate(() => window.aeplay.setNoise('mask', 0.6));
  await frame.evaluate(() => window.aeplay.requestFrames(3));
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.API.cmi.core.lesson_status), 'incomplete');
  // The task: raise the masked fraction until the reconstruction breaks.
  await frame.evaluate(() => window.aeplay.setNoise('mask', 0.85));
  await frame.evaluate(() => window.aeplay.requestFrames(3));
  await page.waitForFunction(() => window.API.cmi.core.lesson_status === 'completed', null, { timeout: 20000 });

  // Leaving the lesson: session time, commit, finish.
  await page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  await page.waitForFunction(() => window.lms.finished, null, { timeout: 20000 });
  // The runtime's data model as it would send it to the platform (session_time is write-only for the SCO).
  const lms = await page.evaluate(() => {
    const cmi = JSON.parse(JSON.stringify(window.API.cmi));
    return { status: cmi.core.lesson_status, time: cmi.core.session_time, calls: window.lms.calls };
  });
  assert.equal(lms.status, 'completed');
  assert.match(lms.time, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
  assert.notEqual(lms.time, '00:00:00');
  assert.equal(lms.calls[0], 'LMSInitialize');
  assert.equal(lms.calls[lms.calls.length - 1], 'LMSFinish');
  assert.deepEqual(errors, []);
});

test('the same package without a platform is the plain lesson', { timeout: 120000 }, async (t) => {
  const pkg = lessonPackage();
  const site = await h.serve(pkg.dir);
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await site.close(); fs.rmSync(pkg.dir, { recursive: true, force: true }); });
  const page = await (await browser.newContext()).newPage();
  const errors = h.watchErrors(page);
  await page.goto(site.url + 'pkg/launch.html');
  await h.waitReady(page);
  const s = await page.evaluate(() => ({ scorm: window.aeplay.scorm, lesson: window.aeplay.layout().lesson,
                                         error: document.getElementById('error').hidden,
                                         notice: document.getElementById('storage-notice').hidden }));
  assert.equal(s.scorm.api, null);
  assert.equal(s.lesson, LESSON);
  assert.equal(s.error, true, 'no error box');
  assert.equal(s.notice, true, 'no notice');
  await page.evaluate(() => window.aeplay.setNoise('mask', 0.9));
  await page.evaluate(() => window.aeplay.requestFrames(3));
  assert.ok(await page.evaluate(() => window.aeplay.getMetrics().reconstructionMse > 0));
  assert.deepEqual(errors, []);
});
