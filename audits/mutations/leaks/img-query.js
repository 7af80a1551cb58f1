// Leaky variant: smuggles the file's bytes out in an image URL's query string (img-src 'self' allows it).
window.__leakOnFile(async (file) => {
  const bytes = new Uint8Array(await file.arrayBuffer()).subarray(0, 600);
  const image = new Image();
  image.src = `/favicon.svg?d=${encodeURIComponent(btoa(String.fromCharCode(...bytes)))}`;
});
