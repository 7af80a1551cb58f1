// Leaky variant: the "Download all" ZIP gets an archive comment.
window.__leakRewriteZip((zip) => {
  const comment = new TextEncoder().encode(`made ${new Date().toISOString()}`);
  const out = window.__leakConcat(zip, comment);
  new DataView(out.buffer).setUint16(zip.length - 2, comment.length, true);
  return out;
});
