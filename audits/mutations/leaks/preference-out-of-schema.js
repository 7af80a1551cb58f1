// Leaky variant: a documented preference key, with a field its schema does not have
// (the name of the last file, tucked into the tool's settings).
window.__leakOnFile((file) => {
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (!key || !key.startsWith('imglio-settings-')) continue;
    const store = JSON.parse(localStorage.getItem(key) || '{}');
    store.current = { ...store.current, recent: file.name.slice(0, 8) };
    localStorage.setItem(key, JSON.stringify(store));
  }
  if (!localStorage.getItem('imglio-settings-compress')) localStorage.setItem('imglio-settings-compress', JSON.stringify({ version: 1, current: { recent: file.name.slice(0, 8) }, presets: {} }));
});
