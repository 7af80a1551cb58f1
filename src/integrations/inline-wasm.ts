/**
 * Makes WebAssembly load under `connect-src 'none'`.
 *
 * jSquash (and libheif-js) fetch their `.wasm` at run time, which the CSP
 * blocks. This Vite plugin does two things, in page and worker bundles alike:
 *
 * 1. `import bytes from 'pkg/x.wasm?inline-wasm'` becomes a JS module that
 *    carries the file's bytes (base64) and exports them as a Uint8Array, so
 *    the wasm arrives inside a same-origin script chunk. Codec modules then
 *    `WebAssembly.compile(bytes)` and hand the Module to the package's init.
 * 2. Glue code's default `new URL('x.wasm', import.meta.url)` is rewritten to
 *    an inert `inlined:` URL so Vite never emits the `.wasm` as an asset (the
 *    envelope integration fails the build if one reaches dist) and nothing
 *    could ever fetch it.
 *
 * Every module it inlines in a build is recorded in build/inline-wasm/ (one
 * JSON file per SHA-256), so the build manifest can name the source of each
 * payload it finds in the emitted chunks.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const INLINED_WASM_DIR = join(ROOT, 'build', 'inline-wasm');

export interface InlinedWasmRecord {
  readonly sha256: string;
  readonly size: number;
  /** Package path (`@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm`), or the path in the repository. */
  readonly source: string;
}

/** The stable name of a wasm file: its path inside node_modules, else relative to the repository. */
export function wasmSourceName(file: string): string {
  const normal = file.replace(/\\/g, '/');
  const marker = normal.lastIndexOf('/node_modules/');
  return marker >= 0 ? normal.slice(marker + '/node_modules/'.length) : relative(ROOT, file).replace(/\\/g, '/');
}

function recordInlined(file: string, bytes: Uint8Array): void {
  const record: InlinedWasmRecord = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, source: wasmSourceName(file) };
  mkdirSync(INLINED_WASM_DIR, { recursive: true });
  writeFileSync(join(INLINED_WASM_DIR, `${record.sha256}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

const QUERY = '?inline-wasm';
const RESOLVED_PREFIX = '\0inline-wasm:';
/** The same for other binary data a worker needs (the SVG renderer's font): not wasm, so not recorded as such. */
const BYTES_QUERY = '?inline-bytes';
const BYTES_PREFIX = '\0inline-bytes:';
const WASM_URL = /new URL\(\s*(["'])([^"'\n]+?\.wasm)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * The bytes as a template literal of Latin-1 characters, one per byte: after
 * gzip this is within ~5 % of the raw wasm (base64 costs ~35 %). Only `\`,
 * the backtick, `$` and CR need escaping (template literals turn a raw CR
 * into LF); every other byte, NUL included, may appear as itself.
 */
export function latin1TemplateLiteral(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 0x4000;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    let text = '';
    for (const byte of bytes.subarray(start, start + CHUNK)) {
      if (byte === 0x5c) text += '\\\\';
      else if (byte === 0x60) text += '\\`';
      else if (byte === 0x24) text += '\\$';
      else if (byte === 0x0d) text += '\\r';
      else text += String.fromCharCode(byte);
    }
    parts.push(text);
  }
  return `\`${parts.join('')}\``;
}

/** The JS module that stands in for one wasm file. */
export function wasmBytesModule(bytes: Uint8Array): string {
  return [
    `const text = ${latin1TemplateLiteral(bytes)};`,
    // A plain loop: fetch('data:…') would be blocked by connect-src 'none'.
    'export default function wasmBytes() {',
    '  const bytes = new Uint8Array(text.length);',
    '  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);',
    '  return bytes;',
    '}',
  ].join('\n');
}

/** Replaces every `new URL('x.wasm', import.meta.url)` with an inert URL; null when there is none. */
export function neutraliseWasmUrls(code: string): string | null {
  if (!code.includes('.wasm') || !code.includes('import.meta.url')) return null;
  let changed = false;
  const result = code.replace(WASM_URL, (_match, _quote: string, file: string) => {
    changed = true;
    return `new URL(${JSON.stringify(`inlined:${file}`)})`;
  });
  return changed ? result : null;
}

export interface InlineWasmOptions {
  /**
   * Page bundles only reach codec modules through the registry (for option
   * schemas); wasm runs in workers. 'stub' gives page bundles an empty
   * stand-in so each codec's megabytes are not built twice. Build only: the
   * dev server runs worker modules through the page's plugins.
   */
  readonly bytes?: 'inline' | 'stub';
}

const STUB_MODULE = 'export default function wasmBytes() { throw new Error("WebAssembly codecs run only in the image worker"); }';

export function inlineWasm(options: InlineWasmOptions = {}): Plugin {
  let stub = false;
  let building = false;
  return {
    name: 'imglio:inline-wasm',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build';
      stub = options.bytes === 'stub' && building;
    },
    async resolveId(source, importer, options) {
      const query = source.endsWith(QUERY) ? QUERY : source.endsWith(BYTES_QUERY) ? BYTES_QUERY : null;
      if (!query) return null;
      const resolved = await this.resolve(source.slice(0, -query.length), importer, { ...options, skipSelf: true });
      if (!resolved) throw new Error(`inline-wasm: cannot resolve ${source} from ${importer ?? 'the entry'}`);
      return (query === QUERY ? RESOLVED_PREFIX : BYTES_PREFIX) + resolved.id.split('?')[0];
    },
    load(id) {
      const wasm = id.startsWith(RESOLVED_PREFIX);
      if (!wasm && !id.startsWith(BYTES_PREFIX)) return null;
      const file = id.slice((wasm ? RESOLVED_PREFIX : BYTES_PREFIX).length);
      if (stub) return STUB_MODULE;
      this.addWatchFile(file);
      const bytes = new Uint8Array(readFileSync(file));
      if (building && wasm) recordInlined(file, bytes);
      return wasmBytesModule(bytes);
    },
    transform(code, id) {
      if (!/\.(m?js|ts)(\?|$)/.test(id) || !id.includes('/node_modules/')) return null;
      const rewritten = neutraliseWasmUrls(code);
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
}
