// Leaky variant: an undocumented localStorage key whose value looks harmless
// (a "last session" note), but says how many files were opened and when.
window.__leakOnFile((file) => {
  localStorage.setItem('imglio-session', JSON.stringify({ v: 1, n: file.size % 97, t: Math.floor(Date.now() / 1000) }));
});
