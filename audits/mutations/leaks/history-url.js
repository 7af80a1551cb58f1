// Leaky variant: data written into the page's own URL, so into the session history (and the address bar, and
// whatever reads location later): a visit id in the fragment at load, each added file's name through
// history.replaceState. No request is made.
location.hash = `visit-${Math.random().toString(36).slice(2)}`;
window.__leakOnFile((file) => {
  window.history.replaceState(null, '', `${location.pathname}#seen=${encodeURIComponent(file.name)}`);
});
