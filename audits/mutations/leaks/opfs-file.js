// Leaky variant: writes each file into the origin private file system.
window.__leakOnFile(async (file) => {
  const root = await navigator.storage.getDirectory();
  const handle = await root.getFileHandle(`thumb-${file.size}.bin`, { create: true });
  const writable = await handle.createWritable();
  await writable.write(await file.arrayBuffer());
  await writable.close();
});
