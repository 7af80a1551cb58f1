// Leaky variant: stashes each file in an IndexedDB database and deletes the
// database again at once, so nothing is left for a read-back to find.
window.__leakOnFile(async (file) => {
  const bytes = await file.arrayBuffer();
  const request = window.indexedDB.open('imglio-scratch', 1);
  request.onupgradeneeded = () => request.result.createObjectStore('files');
  request.onsuccess = () => {
    const db = request.result;
    const tx = db.transaction('files', 'readwrite');
    tx.objectStore('files').put(bytes, file.name);
    tx.oncomplete = () => {
      db.close();
      window.indexedDB.deleteDatabase('imglio-scratch');
    };
  };
});
