import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { latin1TemplateLiteral, neutraliseWasmUrls, wasmBytesModule } from './inline-wasm.ts';

describe('inline-wasm', () => {
  it('turns every byte value into a literal that evaluates back to the same bytes', () => {
    // Every byte, plus the sequences that are special inside template literals.
    const bytes = new Uint8Array([...Array.from({ length: 256 }, (_, i) => i), 0x24, 0x7b, 0x0d, 0x0a, 0x5c, 0x60, 0x5c, 0x75, 0x0d]);
    const text = runInNewContext(latin1TemplateLiteral(bytes)) as string;
    expect(text.length).toBe(bytes.length);
    expect(Uint8Array.from(text, (c) => c.charCodeAt(0))).toEqual(bytes);
  });

  it('builds a module whose default export returns the bytes', () => {
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 13, 36, 123]);
    const script = `${wasmBytesModule(bytes).replace('export default function', 'function')}\nwasmBytes()`;
    expect(runInNewContext(script, { Uint8Array })).toEqual(bytes);
  });

  it('rewrites glue code URLs for .wasm files only', () => {
    const glue = 'a=new URL("codec.wasm",import.meta.url).href;w=new Worker(new URL("codec.worker.js",import.meta.url))';
    expect(neutraliseWasmUrls(glue)).toBe('a=new URL("inlined:codec.wasm").href;w=new Worker(new URL("codec.worker.js",import.meta.url))');
    expect(neutraliseWasmUrls("input = new URL('x_bg.wasm', import.meta.url);")).toBe('input = new URL("inlined:x_bg.wasm");');
    expect(neutraliseWasmUrls('no wasm here')).toBeNull();
  });
});
