// Leaky variant: 16 bytes appended after the end of every image result.
window.__leakRewriteImage((bytes) => window.__leakConcat(bytes, new TextEncoder().encode('imglio:after-eof')));
