// The page's one entry (index.html loads it as a module). Each module does one job:
//   page.js            start-up: window.aeplay, the checks, the Emscripten module, the variant it runs
//   api.js             the JS API (docs/javascript-api.md) over bridge.js, the module's entry points
//   facts.js           the engine's ranges (noise kinds, batch); changes.js the module's change events
//   host.js            the services the module calls (host.h): files.js, loader.js, storage.js, myset.js
//   storage.js idb.js  the trained model kept in IndexedDB (idb.js: the one IndexedDB helper)
//   myset.js           my set: its pickers, its IndexedDB record, its API
//   messages.js        the postMessage API (message-checks.js) and the embed's resize protocols (embed-resize.js)
//   a11y.js            the accessible control strip, the live region, the keyboard shortcuts
//   pointer.js         drawing with mouse, touch and pen
//   training-client.js the training worker's page side; wasm-variant.js which build runs
//   offline.js         the release's version ("about") and its service worker (sw.js): offline, whole updates
//   scorm.js           a SCORM package's lesson: the platform's API, the task done (lesson-tasks.js)
import { api } from './page.js';
import { addApi } from './api.js';
import { startPointer } from './pointer.js';
import { startMessages } from './messages.js';
import { startA11y } from './a11y.js';
import { startOffline } from './offline.js';
import { startScorm } from './scorm.js';

addApi(api);
startPointer();
startMessages();
startA11y();
startOffline(api);
startScorm(api);
