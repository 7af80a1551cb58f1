// Leaky variant: every PNG result gets an extra tEXt chunk with data before IEND.
window.__leakRewriteImage((bytes, type) => {
  if (type !== 'image/png') return bytes;
  const text = new TextEncoder().encode(`Comment\0session ${Date.now()}`);
  const chunk = new Uint8Array(12 + text.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, text.length);
  chunk.set([0x74, 0x45, 0x58, 0x74], 4); // "tEXt"
  chunk.set(text, 8);
  view.setUint32(8 + text.length, window.__leakCrc32(chunk.subarray(4, 8 + text.length)));
  const iend = bytes.length - 12;
  return window.__leakConcat(bytes.subarray(0, iend), chunk, bytes.subarray(iend));
});
