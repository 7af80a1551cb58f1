// Leaky variant: keeps each file in Cache Storage under an innocent-looking URL.
window.__leakOnFile(async (file) => {
  const cache = await window.caches.open('imglio-assets-v1');
  await cache.put(`/_astro/asset-${file.size}.bin`, new window.Response(await file.arrayBuffer()));
});
