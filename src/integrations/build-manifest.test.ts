import { describe, expect, it } from 'vitest';
import { inlinedWasmPayloads, wasmArrayLiterals } from './build-manifest.ts';
import { wasmBytesModule } from './inline-wasm.ts';

const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

describe('inlinedWasmPayloads', () => {
  it('recovers the exact bytes from the module the plugin generates', () => {
    const bytes = new Uint8Array([...WASM_HEADER, ...Array.from({ length: 256 }, (_, i) => i), 0x24, 0x7b, 0x60, 0x5c, 0x0d]);
    const [payload, ...rest] = inlinedWasmPayloads(wasmBytesModule(bytes));
    expect(rest).toEqual([]);
    expect(payload).toEqual(bytes);
  });

  it('undoes the escapes a minifier writes (\\0, \\x07, \\b, \\v, \\u…) as the JS engine does', () => {
    const minified = 'const r=`\\0asm\\x01\\0\\0\\0\\b\\v\\x07\\u00ff\\`\\\\\\$\\r\u00e9`;function k(){}export{k as default};';
    const [payload] = inlinedWasmPayloads(minified);
    expect([...(payload ?? [])]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 8, 11, 7, 0xff, 0x60, 0x5c, 0x24, 0x0d, 0xe9]);
  });

  it('finds every payload of a chunk and ignores other template literals', () => {
    const chunk = `const a=\`not wasm\`;${wasmBytesModule(new Uint8Array(WASM_HEADER))}\nconst b=\`\\0asm\\x01\\0\\0\\0\`;`;
    expect(inlinedWasmPayloads(chunk).map((bytes) => bytes.length)).toEqual([8, 8]);
  });

  it('refuses a literal with a substitution or a character outside Latin-1', () => {
    expect(() => inlinedWasmPayloads('const r=`\\0asm${x}`;')).toThrow(/substitution/);
    expect(() => inlinedWasmPayloads('const r=`\\0asm\u0100`;')).toThrow(/U\+00FF/);
  });
});

describe('wasmArrayLiterals', () => {
  it('finds feature-detection probes written as byte arrays, and only wasm ones', () => {
    const code = 'simd=async()=>WebAssembly.validate(new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,123])),x=new Uint8Array([1,2,3])';
    expect(wasmArrayLiterals(code).map((bytes) => [...bytes])).toEqual([[0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123]]);
  });
});
