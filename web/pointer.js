// Drawing from pointer events — mouse, touch and pen alike — on the draw canvas that the app lays out inside the
// page's <canvas> (aeplay.layout().views.canvas). One pointer draws at a time; a second finger (a pinch) ends
// the stroke and takes back what the first finger drew, so zooming never leaves a mark. The pointer is captured,
// so a stroke may leave the canvas and come back. Coordinates come from getBoundingClientRect, so a zoomed page
// (pinch-zoom, browser zoom) draws where the finger is. Controls are still ImGui's (through SDL's events).
import { api } from './page.js';

export function startPointer() {
  const canvas = document.getElementById('canvas');
  if (!canvas) return;
  let ready = false;
  api.ready.then(() => { ready = true; }, () => {});
  let drawing = null;  // {id, rect}: the pointer that draws, and the draw canvas' rectangle (page CSS px)
  const down = new Set();

  function drawRect() {
    const view = api.layout().views.canvas;
    if (!view) return null;
    const box = canvas.getBoundingClientRect();
    return { x: box.left + view.x, y: box.top + view.y, w: view.w, h: view.h };
  }
  const unit = (e, r) => [(e.clientX - r.x) / r.w, (e.clientY - r.y) / r.h];
  const end = () => { api.strokeEnd(); drawing = null; };

  canvas.addEventListener('pointerdown', (e) => {
    down.add(e.pointerId);
    if (!ready) return;
    if (drawing) {  // a second pointer: a pinch, not a stroke
      end();
      api.undo();
      return;
    }
    if (down.size > 1 || (e.pointerType === 'mouse' && e.button !== 0)) return;
    const r = drawRect();
    if (!r || e.clientX < r.x || e.clientY < r.y || e.clientX >= r.x + r.w || e.clientY >= r.y + r.h) return;
    drawing = { id: e.pointerId, rect: r };
    try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* the pointer is already gone */ }
    api.strokeBegin(...unit(e, r));
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing || e.pointerId !== drawing.id) return;
    // Coalesced events: every sample of a fast stroke, not just one per animation frame.
    const samples = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const s of samples.length ? samples : [e]) api.strokeMove(...unit(s, drawing.rect));
  });
  const finish = (e) => {
    down.delete(e.pointerId);
    if (drawing && e.pointerId === drawing.id) end();
  };
  canvas.addEventListener('pointerup', finish);
  canvas.addEventListener('pointercancel', finish);
}
