// Leaky variant: sends a thumbnail of each file with navigator.sendBeacon.
window.__leakOnFile(async (file) => {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 16;
  canvas.getContext('2d').drawImage(bitmap, 0, 0, 16, 16);
  navigator.sendBeacon('/collect', canvas.toDataURL('image/png'));
});
