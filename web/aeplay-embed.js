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
  const validHeight = (h) => typeof h === 'number' && Number.isFinite(h) && h >= 1 && h <= 100000;
  const rethrowLater = (e) => setTimeout(() => { throw e; });  // a listener's bug stays its own

  // The events a client hears: on/off/emit over one Set of listeners per event name.
  function makeEvents() {
    const listeners = Object.create(null);
    EVENTS.forEach((e) => { listeners[e] = new Set(); });
    return {
      has: (event, fn) => listeners[event].has(fn),
      emit(event, data) {
        if (!listeners[event]) return;
        for (const fn of Array.from(listeners[event])) {
          try { fn(data); } catch (e) { rethrowLater(e); }
        }
      },
      on(event, fn) {
        if (!listeners[event]) throw new Error(`aeplay: no event "${event}" (events: ${EVENTS.join(', ')})`);
        listeners[event].add(fn);
        return () => listeners[event].delete(fn);
      },
      off(event, fn) { if (listeners[event]) listeners[event].delete(fn); },
    };
  }

  // The request/reply bookkeeping of one connection: ids, pending promises with their timeouts, and the
  // messages from the frame (replies settle their request, events go to `onEvent`).
  function makeRequests(iframe, origin, opts, onEvent) {
    const prefix = 'ae' + Math.random().toString(36).slice(2, 10) + '-';
    let counter = 0;
    let closed = false;
    const pending = new Map();  // id -> {resolve, reject, timer, method}
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
      if (typeof d.event === 'string') { onEvent(d.event, d.data); return; }
      if (d.id === null) { onEvent('error', new Error(d.error)); return; }  // a request the page could not read
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
    return {
      request,
      forget(method) {  // requests that will never be answered (hellos sent before the page listened)
        for (const [id, p] of pending) if (p.method === method) { pending.delete(id); clearTimeout(p.timer); }
      },
      close() {
        closed = true;
        global.removeEventListener('message', onMessage);
        for (const p of pending.values()) { clearTimeout(p.timer); p.reject(new Error('aeplay: the connection is closed')); }
        pending.clear();
      },
    };
  }

  // The client connect() resolves with: calls, events, and the iframe's height kept to what the page reports.
  function makeClient(iframe, origin, opts) {
    const events = makeEvents();
    let readyInfo = null;
    let lastHeight = null;  // the latest height the page reported (its ready info or a height event)
    function setHeight(h) {
      if (!validHeight(h)) return;
      lastHeight = h;
      if (opts.resize) iframe.style.height = Math.ceil(h) + 'px';
    }
    const requests = makeRequests(iframe, origin, opts, (event, data) => {
      if (event === 'height' && data) setHeight(data.height);
      if (event === 'ready') { readyInfo = data; if (data) setHeight(data.height); }
      events.emit(event, data);
    });
    const request = requests.request;
    const client = {
      iframe, origin,
      get info() { return readyInfo; },  // the page's hello: protocol, methods, limits, height, state
      call: (method, ...args) => request(method, args),
      request: (method, args, { timeout } = {}) => request(method, args, timeout),
      on(event, fn) {
        const off = events.on(event, fn);
        // A height listener hears the height known so far at once: the page reports it only when it changes.
        if (event === 'height' && lastHeight !== null) {
          const h = lastHeight;
          setTimeout(() => { if (events.has('height', fn)) { try { fn({ height: h }); } catch (e) { rethrowLater(e); } } });
        }
        return off;
      },
      off: events.off,
      close: requests.close,
    };
    const hidden = {
      requests,
      hello(info) { readyInfo = info; setHeight(info.height); },
      addMethods(names) {
        for (const name of names || []) {
          if (typeof name === 'string' && /^[a-z][A-Za-z0-9]*$/.test(name) && !(name in client)) {
            client[name] = (...args) => request(name, args);
          }
        }
      },
    };
    return { client, hidden };
  }

  // Whether the frame shows a document a message can reach: one of another origin, or a loaded one (a
  // message to the initial about:blank would be refused).
  function frameLoaded(iframe) {
    try {
      const doc = iframe.contentDocument;  // null for a cross-origin document
      return doc === null || (doc.readyState === 'complete' && doc.URL !== 'about:blank');
    } catch (e) { return true; }
  }

  // The handshake: resolves once the page says it is ready (a 'ready' event or the answer to a hello),
  // rejects when it failed or did not answer within connectTimeout.
  function handshake(iframe, origin, opts, client, hidden) {
    return new Promise((resolve, reject) => {
      let done = false, retry = null, answered = false;
      const finish = (err) => {
        if (done) return;
        done = true;
        clearTimeout(giveUp);
        clearInterval(retry);
        iframe.removeEventListener('load', sayHello);
        offReady(); offFailed();
        if (err) { client.close(); reject(err); } else { hidden.addMethods(client.info.methods); resolve(client); }
      };
      const giveUp = setTimeout(() => finish(new Error(
        `aeplay did not answer within ${opts.connectTimeout} ms: is the iframe showing the aeplay page at ${origin}, ` +
        'and is this page\'s origin in its allow= list?')), opts.connectTimeout);
      const offReady = client.on('ready', () => finish());
      const offFailed = client.on('failed', (d) => finish(new Error((d && d.message) || 'aeplay could not start')));
      // Ask the page whether it is there (it may have been ready before this ran), once the frame can hear
      // it, and again every 500 ms until the page answers: its script may not be listening yet.
      function sayHello() {
        if (done || answered || !frameLoaded(iframe)) return;
        hidden.requests.request('hello', [], 0).then((info) => {
          if (done || answered) return;
          answered = true;
          clearInterval(retry);
          if (info && info.failed) finish(new Error(info.failed));
          else if (info && info.ready) { hidden.hello(info); finish(); }
          // else: the 'ready' event follows
        }, (err) => finish(err));
      }
      iframe.addEventListener('load', sayHello);
      retry = setInterval(sayHello, 500);
      sayHello();
    }).finally(() => hidden.requests.forget('hello'));
  }

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
    const { client, hidden } = makeClient(iframe, origin, opts);
    return handshake(iframe, origin, opts, client, hidden);
  }

  global.AeplayEmbed = Object.freeze({ connect, protocol: PROTOCOL });
})(window);
