// Leaky variant's worker: uploads whatever it is given.
self.onmessage = (event) => { fetch('/upload', { method: 'POST', body: event.data }).catch(() => {}); };
