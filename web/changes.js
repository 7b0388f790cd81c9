// What changed in the module, pushed: once per tick the bridge (src/app/bridge/js_events.cpp) compares a small
// struct of what the page follows (the version counters, the models, the data set, the training state, the
// layout's height) with the one it sent last and, when they differ, calls Module.aeplayEvents.changed(c).
// Subscribers (the accessible strip, the message API's events, pauseTraining) get (now, before).
//   c = {input, corruption, model, modelEpoch, testSet, models, loaded, dataset, training, epoch, batches,
//        prediction, contentHeight}   (training: 'idle' | 'running' | 'paused' | 'done' | 'failed')
const subscribers = new Set();
let last = null;

// Calls fn(now, before) at every change; returns the function that ends the subscription.
export function onChange(fn) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}
export const lastChange = () => last;

// The module's side (Module.aeplayEvents).
export const events = {
  changed(c) {
    const before = last;
    last = Object.freeze(c);
    for (const fn of Array.from(subscribers)) {
      try { fn(last, before); } catch (e) { setTimeout(() => { throw e; }); }  // a subscriber's bug stays its own
    }
  },
};
