// Leaky variant's outer worker: starts a nested worker and passes files on to it.
const nested = new Worker('/_astro/leak-worker.js');
self.onmessage = (event) => nested.postMessage(event.data);
