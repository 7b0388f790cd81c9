// The page as a SCORM package's lesson (scripts/package.sh makes the packages; their launch page opens
// index.html?scorm=1&lesson=...). It finds the learning platform's API the standard way (window.parent up
// to the top, then window.opener's chain: API for SCORM 1.2, else API_1484_11 for SCORM 2004), initialises,
// reports the lesson incomplete, then completed once the lesson's task is done (web/lesson-tasks.js), and on
// leaving records the session time, commits and finishes. With no platform API it is the plain lesson, silently.
//   aeplay.scorm  {api: '1.2' | '2004' | null, task, completed, error}
import { onChange } from './changes.js';
import { notify } from './bridge.js';
import { watchTask } from './lesson-tasks.js';

function scan(win, name) {
  for (let hops = 0; win && hops < 12; ++hops) {
    try {
      if (win[name]) return win[name];
    } catch (e) { return null; }  // another origin's window: the API cannot be there for us
    if (!win.parent || win.parent === win) break;
    win = win.parent;
  }
  return null;
}
function findApi() {
  const look = (name) => scan(window, name) || (window.opener ? scan(window.opener, name) : null);
  const v12 = look('API');
  if (v12) return { kind: '1.2', lms: v12 };
  const v2004 = look('API_1484_11');
  return v2004 ? { kind: '2004', lms: v2004 } : null;
}

const pad = (n, w = 2) => String(Math.floor(n)).padStart(w, '0');
// SCORM 1.2's CMITimespan HHHH:MM:SS.SS, SCORM 2004's ISO 8601 duration.
function timespan(ms, kind) {
  const s = ms / 1000;
  if (kind === '2004') return `PT${Math.floor(s / 3600)}H${Math.floor(s / 60) % 60}M${(s % 60).toFixed(2)}S`;
  return `${pad(s / 3600, 4)}:${pad((s / 60) % 60)}:${pad(s % 60)}.${pad((s * 100) % 100)}`;
}

// The calls of each SCORM version, by what they do.
function adapter({ kind, lms }) {
  if (kind === '1.2') {
    return { start: () => lms.LMSInitialize(''), get: (k) => lms.LMSGetValue(k), set: (k, v) => lms.LMSSetValue(k, v),
             commit: () => lms.LMSCommit(''), finish: () => lms.LMSFinish(''), status: 'cmi.core.lesson_status',
             time: 'cmi.core.session_time', exit: 'cmi.core.exit' };
  }
  return { start: () => lms.Initialize(''), get: (k) => lms.GetValue(k), set: (k, v) => lms.SetValue(k, v),
           commit: () => lms.Commit(''), finish: () => lms.Terminate(''), status: 'cmi.completion_status',
           time: 'cmi.session_time', exit: 'cmi.exit' };
}

export function startScorm(api) {
  const query = new URLSearchParams(location.search);
  const state = (api.scorm = { api: null, task: null, completed: false, error: null });
  if (!query.has('scorm')) return;
  const found = findApi();
  if (!found) return;  // the plain lesson
  const lms = adapter(found);
  const started = Date.now();
  const initialised = String(lms.start()) === 'true';
  if (!initialised) {
    state.error = 'the platform refused to initialise';
    return;
  }
  state.api = found.kind;
  const before = String(lms.get(lms.status));
  state.completed = ['completed', 'passed'].includes(before);
  if (!state.completed) {
    lms.set(lms.status, 'incomplete');
    lms.commit();
  }
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    lms.set(lms.time, timespan(Date.now() - started, found.kind));
    lms.set(lms.exit, state.completed ? '' : 'suspend');
    lms.commit();
    lms.finish();
  };
  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);
  api.scormFinish = finish;  // for a host that ends the attempt itself
  api.ready.then(() => {
    const lesson = api.layout().lesson || query.get('lesson') || '';
    const already = state.completed;
    state.task = watchTask(api, lesson, onChange, () => {
      state.completed = true;
      lms.set(lms.status, 'completed');
      lms.commit();
      if (!already) notify('Done: this lesson now counts as completed.');
    }).task;
    if (!state.completed) notify(`This lesson is done once you ${state.task}.`);
  }, () => {});
}
