/** Modules made by src/integrations/inline-wasm.ts: the wasm file's bytes, decoded on call. */
declare module '*?inline-wasm' {
  const wasmBytes: () => Uint8Array;
  export default wasmBytes;
}

/** The same for other binary files a worker needs (src/integrations/inline-wasm.ts, `?inline-bytes`). */
declare module '*?inline-bytes' {
  const bytes: () => Uint8Array;
  export default bytes;
}
