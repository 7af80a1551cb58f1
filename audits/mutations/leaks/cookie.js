// Leaky variant: a tracking cookie, naming the last file opened.
document.cookie = `imglio_seen=${Date.now()}; path=/; SameSite=Lax`;
window.__leakOnFile((file) => { document.cookie = `imglio_last=${encodeURIComponent(file.name)}; path=/; SameSite=Lax`; });
