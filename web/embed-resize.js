// How the page in an iframe tells its parent the height its layout needs (web/messages.js sends them): the
// message API's 'height' event, Canvas/Moodle's {subject: 'lti.frameResize', height} and the H5P resizer's
// protocol (h5p-resizer.js in the parent). makeResize(api, toParent, postEvent) returns
// {check, h5p, hello, height}: check() measures and reports a change, h5p(action) answers the resizer.
const MAX_HEIGHT = 100000;

export function makeResize(api, toParent, postEvent) {
  // The height the layout needs: aeplay.layout().contentHeight when the page has it, else the document's.
  function measure() {
    let h = NaN;
    if (typeof api.layout === 'function') {
      try { const l = api.layout(); h = l ? Number(l.contentHeight) : NaN; } catch (e) { h = NaN; }
    }
    if (!(Number.isFinite(h) && h > 0)) h = document.documentElement.scrollHeight;
    return Math.min(MAX_HEIGHT, Math.max(1, Math.ceil(h)));
  }
  let lastHeight = 0;
  // H5P's resizer and its content speak {context: 'h5p', action, ...}. As content: say hello (again when the
  // resizer announces itself with 'ready'); its hello answers ours; then for every height change send
  // prepareResize {scrollHeight, clientHeight}; the resizer replies resizePrepared, and we send resize
  // {scrollHeight}, the height it gives the iframe. Its 'resize' (its window changed size) asks for a new
  // round. Our hello is never sent in answer to its hello (that loops).
  let h5pFriendly = false;
  function h5pSend(action) {
    const m = { context: 'h5p', action };
    if (action === 'prepareResize') { m.scrollHeight = lastHeight; m.clientHeight = document.documentElement.clientHeight; }
    if (action === 'resize') m.scrollHeight = lastHeight;
    toParent(m);
  }
  function h5p(action) {
    if (action === 'ready') h5pSend('hello');
    else if (action === 'hello') { h5pFriendly = true; h5pSend('prepareResize'); }
    else if (action === 'resizePrepared' && h5pFriendly) h5pSend('resize');
    else if (action === 'resize' && h5pFriendly) h5pSend('prepareResize');
  }
  function check() {
    const h = measure();
    if (h === lastHeight) return;
    lastHeight = h;
    postEvent('height', { height: h });
    toParent({ subject: 'lti.frameResize', height: h });  // Canvas, Moodle and other LTI consumers
    if (h5pFriendly) h5pSend('prepareResize');
  }
  return { check, h5p, hello: () => h5pSend('hello'), height: () => lastHeight };
}
