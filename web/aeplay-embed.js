// aeplay-embed.js: the course page's side of aeplay's message API (docs/javascript-api.md). Load it from the
// aeplay site, then drive an aeplay <iframe> on any origin with the same calls as window.aeplay, as promises:
//
//   <iframe id="ap" src="https://your.host/aeplay/?embed=1" style="width:100%;border:0"></iframe>
//   <script src="https://your.host/aeplay/aeplay-embed.js"></script>
//   <script>
//     AeplayEmbed.connect(document.getElementById('ap')).then(async (ap) => {
//       await ap.setNoise('mask', 0.5);
//       ap.on('change', (s) => console.log(s.metrics.reconstructionMse));
//     });
//   </script>
//
// connect(iframe, {timeout = 30000, connectTimeout = 60000, resize = true, origin}) resolves once the page in
// the frame is ready; every call then resolves with its result (Float32Arrays arrive as Float32Arrays) or
// rejects with an Error carrying the page's message (or a timeout). With resize, the iframe takes the
// height the page reports (the 'height' event).
(function (global) {
  'use strict';
  const PROTOCOL = 1;
  const EVENTS = ['ready', 'failed', 'change', 'training', 'height', 'error'];

  function connect(iframe, options) {
    const opts = Object.assign({ timeout: 30000, connectTimeout: 60000, resize: true, origin: null }, options || {});
    if (!iframe || typeof iframe.contentWindow === 'undefined' || iframe.tagName !== 'IFRAME') {
      return Promise.reject(new TypeError('AeplayEmbed.connect: give it the <iframe> element that shows aeplay'));
    }
    let origin = opts.origin;
    try { origin = origin || new URL(iframe.getAttribute('src') || iframe.src, location.href).origin; } catch (e) { origin = null; }
    if (!origin || origin === 'null') {
      return Promise.reject(new TypeError('AeplayEmbed.connect: the iframe has no http(s) src (or pass {origin})'));
    }
    const prefix = 'ae' + Math.random().toString(36).slice(2, 10) + '-';
    let counter = 0;
    const pending = new Map();  // id -> {resolve, reject, timer, method}
    const listeners = Object.create(null);
    EVENTS.forEach((e) => { listeners[e] = new Set(); });
    let closed = false;
    let readyInfo = null;

    function emit(event, data) {
      if (!listeners[event]) return;
      for (const fn of Array.from(listeners[event])) {
        try { fn(data); } catch (e) { setTimeout(() => { throw e; }); }  // a listener's bug stays its own
      }
    }
    let lastHeight = null;  // the latest height the page reported (its ready info or a height event)
    function setHeight(h) {
      if (typeof h === 'number' && Number.isFinite(h) && h >= 1 && h <= 100000) lastHeight = h;
      if (opts.resize && typeof h === 'number' && Number.isFinite(h) && h >= 1 && h <= 100000) {
        iframe.style.height = Math.ceil(h) + 'px';
      }
    }

    function request(method, args, timeout) {
      if (closed) return Promise.reject(new Error('aeplay: the connection is closed'));
      const id = prefix + ++counter;
      return new Promise((resolve, reject) => {
        const ms = timeout === undefined ? opts.timeout : timeout;
        const timer = ms > 0 && Number.isFinite(ms) ? setTimeout(() => {
          pending.delete(id);
          const err = new Error(`aeplay: no answer to ${method} within ${ms} ms`);
          err.timeout = true;
          reject(err);
        }, ms) : null;
        pending.set(id, { resolve, reject, timer, method });
        try {
          iframe.contentWindow.postMessage({ aeplay: PROTOCOL, id, method, args: Array.from(args || []) }, origin);
        } catch (e) {
          pending.delete(id);
          clearTimeout(timer);
          reject(e);
        }
      });
    }

    function onMessage(e) {
      if (e.source !== iframe.contentWindow || e.origin !== origin) return;  // only our frame's page
      const d = e.data;
      if (!d || typeof d !== 'object' || d.aeplay !== PROTOCOL) return;
      if (typeof d.event === 'string') {
        if (d.event === 'height' && d.data) setHeight(d.data.height);
        if (d.event === 'ready') { readyInfo = d.data; if (d.data) setHeight(d.data.height); }
        emit(d.event, d.data);
        return;
      }
      if (d.id === null) { emit('error', new Error(d.error)); return; }  // a request the page could not read
      const p = pending.get(d.id);
      if (!p) return;
      pending.delete(d.id);
      clearTimeout(p.timer);
      if (Object.prototype.hasOwnProperty.call(d, 'error')) {
        const err = new Error(String(d.error));
        err.method = p.method;
        p.reject(err);
      } else {
        p.resolve(d.result);
      }
    }
    global.addEventListener('message', onMessage);

    const client = {
      iframe, origin,
      get info() { return readyInfo; },  // the page's hello: protocol, methods, limits, height, state
      call: (method, ...args) => request(method, args),
      request: (method, args, { timeout } = {}) => request(method, args, timeout),
      on(event, fn) {
        if (!listeners[event]) throw new Error(`aeplay: no event "${event}" (events: ${EVENTS.join(', ')})`);
        listeners[event].add(fn);
        // A height listener hears the height known so far at once: the page reports it only when it changes.
        if (event === 'height' && lastHeight !== null) {
          const h = lastHeight;
          setTimeout(() => { if (listeners.height.has(fn)) { try { fn({ height: h }); } catch (e) { setTimeout(() => { throw e; }); } } });
        }
        return () => listeners[event].delete(fn);
      },
      off(event, fn) { if (listeners[event]) listeners[event].delete(fn); },
      close() {
        closed = true;
        global.removeEventListener('message', onMessage);
        for (const p of pending.values()) { clearTimeout(p.timer); p.reject(new Error('aeplay: the connection is closed')); }
        pending.clear();
      },
    };
    const addMethods = (names) => {
      for (const name of names || []) {
        if (typeof name === 'string' && /^[a-z][A-Za-z0-9]*$/.test(name) && !(name in client)) {
          client[name] = (...args) => request(name, args);
        }
      }
    };

    return new Promise((resolve, reject) => {
      let done = false, retry = null;
      const finish = (err) => {
        if (done) return;
        done = true;
        clearTimeout(giveUp);
        clearInterval(retry);
        iframe.removeEventListener('load', sayHello);
        offReady(); offFailed();
        if (err) { client.close(); reject(err); } else { addMethods(readyInfo.methods); resolve(client); }
      };
      const giveUp = setTimeout(() => finish(new Error(
        `aeplay did not answer within ${opts.connectTimeout} ms: is the iframe showing the aeplay page at ${origin}, ` +
        'and is this page\'s origin in its allow= list?')), opts.connectTimeout);
      const offReady = client.on('ready', () => finish());
      const offFailed = client.on('failed', (d) => finish(new Error((d && d.message) || 'aeplay could not start')));
      // Ask the page whether it is there (it may have been ready before this ran). Only once the frame shows
      // a document of another origin or a loaded one (a message to the initial about:blank would be refused),
      // and again every 500 ms until the page answers: its script may not be listening yet.
      let answered = false;
      function frameLoaded() {
        try {
          const doc = iframe.contentDocument;  // null for a cross-origin document
          return doc === null || (doc.readyState === 'complete' && doc.URL !== 'about:blank');
        } catch (e) { return true; }
      }
      function sayHello() {
        if (done || answered || !frameLoaded()) return;
        request('hello', [], 0).then((info) => {
          if (done || answered) return;
          answered = true;
          clearInterval(retry);
          if (info && info.failed) finish(new Error(info.failed));
          else if (info && info.ready) { readyInfo = info; setHeight(info.height); finish(); }
          // else: the 'ready' event follows
        }, (err) => finish(err));
      }
      iframe.addEventListener('load', sayHello);
      retry = setInterval(sayHello, 500);
      sayHello();
    }).finally(() => {
      // hellos still unanswered (sent before the page listened) will never be answered: forget them
      for (const [id, p] of pending) if (p.method === 'hello') { pending.delete(id); clearTimeout(p.timer); }
    });
  }

  global.AeplayEmbed = Object.freeze({ connect, protocol: PROTOCOL });
})(window);
