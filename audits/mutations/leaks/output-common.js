// Mutation-suite helper (served only by deliberately leaky variants of the
// build, never shipped): lets a variant rewrite the bytes of every result the
// page makes into a Blob (image outputs) or collects from a Response (the
// "Download all" ZIP), before the page offers them for download.
(() => {
  const toBytes = (part) => (part instanceof ArrayBuffer ? new Uint8Array(part) : ArrayBuffer.isView(part) ? new Uint8Array(part.buffer, part.byteOffset, part.byteLength) : null);
  const imageRewrites = [];
  const zipRewrites = [];
  window.__leakRewriteImage = (rewrite) => imageRewrites.push(rewrite);
  window.__leakRewriteZip = (rewrite) => zipRewrites.push(rewrite);
  const OriginalBlob = window.Blob;
  window.Blob = class extends OriginalBlob {
    constructor(parts = [], options = {}) {
      const bytes = parts.length === 1 ? toBytes(parts[0]) : null;
      if (bytes && /^image\//.test(options.type || '') && imageRewrites.length) {
        let out = new Uint8Array(bytes);
        for (const rewrite of imageRewrites) out = rewrite(out, options.type) || out;
        super([out], options);
      } else {
        super(parts, options);
      }
    }
  };
  const blob = window.Response.prototype.blob;
  window.Response.prototype.blob = async function patchedBlob() {
    const original = await blob.call(this);
    if (original.type !== 'application/zip' || !zipRewrites.length) return original;
    let out = new Uint8Array(await original.arrayBuffer());
    for (const rewrite of zipRewrites) out = rewrite(out) || out;
    return new OriginalBlob([out], { type: original.type });
  };
  window.__leakCrc32 = (bytes) => {
    let crc = -1;
    for (const byte of bytes) {
      crc ^= byte;
      for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
    return (crc ^ -1) >>> 0;
  };
  window.__leakConcat = (...arrays) => {
    const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
})();
