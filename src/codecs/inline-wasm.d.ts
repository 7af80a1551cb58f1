/** Modules made by src/integrations/inline-wasm.ts: the wasm file's bytes, decoded on call. */
declare module '*?inline-wasm' {
  const wasmBytes: () => Uint8Array;
  export default wasmBytes;
}
