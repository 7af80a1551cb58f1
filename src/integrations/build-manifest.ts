/**
 * Writes dist/.well-known/imglio/manifest.json (format: src/lib/build-manifest.ts)
 * at astro:build:done, LAST: after the security envelope has hashed the
 * inline code, written the headers and gzipped the assets, so every byte it
 * describes is final. Prints the manifest's SHA-256 and writes it to
 * build/manifest.sha256.
 *
 * WASM: every inlined module is found in the emitted chunks themselves (the
 * Latin-1 template literal that src/integrations/inline-wasm.ts generates),
 * evaluated as JavaScript to the exact string the codec turns into the bytes
 * it compiles, and hashed; build/inline-wasm/ (written by the same plugin)
 * names its source. A payload without a record, or a record without a
 * payload, fails the build. Feature-detection probes (byte-array literals
 * handed to WebAssembly.validate) are listed too, named after the
 * wasm-feature-detect detector they come from.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import type { AstroIntegration } from 'astro';
import { injectBuildSummary } from '../lib/build-summary.ts';
import { hasRootAbsoluteUrl } from '../lib/relative-urls.ts';
import {
  createManifest,
  listedPaths,
  MANIFEST_PATH,
  serializeManifest,
  workerUrls,
  type BuiltFile,
  type ManifestWasm,
} from '../lib/build-manifest.ts';
import type { ResponseHeaders } from '../lib/security-headers.ts';
import { INLINED_WASM_DIR, type InlinedWasmRecord } from './inline-wasm.ts';
import { gzipStatic, isGzipCandidate, RESPONSE_HEADERS_JSON } from './security-envelope.ts';
import { sourceInfo } from './source-info.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MANIFEST_SHA256_FILE = join(ROOT, 'build', 'manifest.sha256');
/** Written by the prefetch integration: root-relative paths in the order the site fetches them at idle. */
export const PREFETCH_ORDER_FILE = join(ROOT, 'build', 'prefetch-order.json');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

// A backtick, the wasm magic's NUL (escaped as a minifier writes it, or raw), then "asm".
// eslint-disable-next-line no-control-regex -- the magic number starts with a NUL byte
const WASM_LITERAL_START = /`(?:\\0|\\x00|\\u0000|\\u\{0\}|\x00)asm/g;

/** The source text of the template literal starting at `start` (a backtick); refuses substitutions. */
function templateLiteralAt(code: string, start: number): string {
  for (let i = start + 1; i < code.length; i += 1) {
    const char = code[i];
    if (char === '\\') i += 1;
    else if (char === '`') return code.slice(start, i + 1);
    else if (char === '$' && code[i + 1] === '{') throw new Error('inlined wasm literal contains a substitution');
  }
  throw new Error('unterminated inlined wasm literal');
}

/**
 * Every inlined wasm module in one chunk, as the bytes the codec passes to
 * WebAssembly.compile: the literal evaluated by V8 (so every escape the
 * minifier chose is undone exactly as in the browser), one byte per char.
 */
export function inlinedWasmPayloads(code: string): Uint8Array[] {
  const payloads: Uint8Array[] = [];
  for (const match of code.matchAll(WASM_LITERAL_START)) {
    const text = runInNewContext(templateLiteralAt(code, match.index ?? 0)) as string;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) {
      const unit = text.charCodeAt(i);
      if (unit > 0xff) throw new Error('inlined wasm literal holds a character above U+00FF');
      bytes[i] = unit;
    }
    payloads.push(bytes);
  }
  return payloads;
}

/**
 * Tiny modules written as `new Uint8Array([0,97,115,109,…])` that feature
 * detection hands to WebAssembly.validate (wasm-feature-detect's simd and
 * threads probes). They are WebAssembly bytes too: WEBCAT's hook hashes every
 * buffer passed to validate/compile/instantiate, so they are listed.
 */
export function wasmArrayLiterals(code: string): Uint8Array[] {
  return [...code.matchAll(/new Uint8Array\(\[(0,97,115,109(?:,\d{1,3})*)\]\)/g)].map((match) => Uint8Array.from((match[1] ?? '').split(','), Number));
}

/** The probes wasm-feature-detect ships, by the name of the detector that uses each. */
function featureProbeRecords(): InlinedWasmRecord[] {
  const file = join(ROOT, 'node_modules', 'wasm-feature-detect', 'dist', 'esm', 'index.js');
  if (!existsSync(file)) return [];
  const code = readFileSync(file, 'utf8');
  const records: InlinedWasmRecord[] = [];
  for (const match of code.matchAll(/new Uint8Array\(\[(0,97,115,109(?:,\d{1,3})*)\]\)/g)) {
    const before = code.slice(0, match.index ?? 0);
    const names = [...before.matchAll(/(?:^|,|export const )(\w+)=(?:\(\)=>|async)/g)];
    const name = names[names.length - 1]?.[1] ?? 'unknown';
    const bytes = Uint8Array.from((match[1] ?? '').split(','), Number);
    records.push({ sha256: sha256Hex(bytes), size: bytes.length, source: `wasm-feature-detect/dist/esm/index.js#${name}` });
  }
  return records;
}

function readRecords(): Map<string, InlinedWasmRecord> {
  const records = new Map<string, InlinedWasmRecord>();
  if (!existsSync(INLINED_WASM_DIR)) return records;
  for (const name of readdirSync(INLINED_WASM_DIR).sort()) {
    const record = JSON.parse(readFileSync(join(INLINED_WASM_DIR, name), 'utf8')) as InlinedWasmRecord;
    records.set(record.sha256, record);
  }
  return records;
}

export function readPrefetchOrder(file = PREFETCH_ORDER_FILE): string[] {
  if (!existsSync(file)) return [];
  const list = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' && item.startsWith('/'))) {
    throw new Error(`${relative(ROOT, file)} must be a JSON array of root-relative paths`);
  }
  return list as string[];
}

export function buildManifest(): AstroIntegration {
  return {
    name: 'imglio:build-manifest',
    hooks: {
      'astro:build:start': () => {
        // Records of an earlier build must not name modules this one no longer inlines.
        rmSync(INLINED_WASM_DIR, { recursive: true, force: true });
      },
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir).replace(/[\\/]$/, '');
        const toPath = (file: string): string => `/${relative(dist, file).split(sep).join('/')}`;
        const manifestFile = join(dist, ...MANIFEST_PATH.split('/').filter(Boolean));
        rmSync(manifestFile, { force: true });
        rmSync(`${manifestFile}.gz`, { force: true });

        // 1. The code: worker scripts and WebAssembly payloads, from the emitted chunks.
        const workers = new Set<string>();
        const payloads = new Map<string, { size: number; chunks: Set<string> }>();
        const allFiles = walk(dist);
        for (const file of allFiles) {
          const path = toPath(file);
          if (!/\.m?js$/.test(path)) continue;
          const code = readFileSync(file, 'utf8');
          for (const worker of workerUrls(path, code)) workers.add(worker);
          for (const payload of [...inlinedWasmPayloads(code), ...wasmArrayLiterals(code)]) {
            const sha256 = sha256Hex(payload);
            const entry = payloads.get(sha256) ?? { size: payload.length, chunks: new Set<string>() };
            entry.chunks.add(path);
            payloads.set(sha256, entry);
          }
        }

        const records = readRecords();
        const probes = new Map(featureProbeRecords().map((record) => [record.sha256, record]));
        const problems: string[] = [];
        const wasm: ManifestWasm[] = [];
        for (const [sha256, entry] of payloads) {
          const record = records.get(sha256) ?? probes.get(sha256);
          if (!record) problems.push(`a wasm payload in ${[...entry.chunks].join(', ')} (sha256 ${sha256}) was not inlined by the inline-wasm plugin nor is a known feature probe`);
          else wasm.push({ sha256, size: entry.size, source: record.source, chunks: [...entry.chunks] });
        }
        for (const record of records.values()) {
          if (!payloads.has(record.sha256)) problems.push(`${record.source} was inlined but no emitted chunk carries it`);
        }
        const allPaths = allFiles.map(toPath);
        for (const worker of workers) {
          if (!allPaths.includes(worker)) problems.push(`a script starts the worker ${worker}, which is not in the build`);
        }
        if (problems.length > 0) throw new Error(`The build manifest cannot be written:\n${problems.join('\n')}`);

        const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
        const headers = JSON.parse(readFileSync(RESPONSE_HEADERS_JSON, 'utf8')) as ResponseHeaders;
        const source = sourceInfo(ROOT);

        // 2. The human summary on /verify/ (a listed file, so it goes in before anything is hashed).
        const verifyPage = join(dist, 'verify', 'index.html');
        if (!existsSync(verifyPage)) throw new Error('The build has no /verify/ page for the build summary');
        const page = injectBuildSummary(readFileSync(verifyPage, 'utf8'), {
          commit: source.commit,
          dirty: source.dirty,
          version: pkg.version,
          sourceDateEpoch: source.sourceDateEpoch,
          csp: headers.html['Content-Security-Policy'] ?? '',
          fileCount: listedPaths(allPaths).length,
          wasm,
        });
        if (hasRootAbsoluteUrl(page)) throw new Error('The build summary put a root-absolute URL into /verify/ (it would break under a path prefix)');
        writeFileSync(verifyPage, page);
        if (existsSync(`${verifyPage}.gz`)) writeFileSync(`${verifyPage}.gz`, gzipStatic(Buffer.from(page)));

        // 3. Every file's final bytes.
        const files: BuiltFile[] = allFiles.map((file) => {
          const bytes = readFileSync(file);
          return { path: toPath(file), size: bytes.length, sha256: sha256Hex(bytes) };
        });
        const manifest = createManifest({
          name: pkg.name,
          version: pkg.version,
          source,
          files,
          headers,
          wasm,
          workers: [...workers],
          prefetch: readPrefetchOrder(),
        });
        const text = serializeManifest(manifest);
        mkdirSync(dirname(manifestFile), { recursive: true });
        writeFileSync(manifestFile, text);
        if (isGzipCandidate(manifestFile, Buffer.byteLength(text))) writeFileSync(`${manifestFile}.gz`, gzipStatic(Buffer.from(text)));
        const digest = sha256Hex(text);
        mkdirSync(dirname(MANIFEST_SHA256_FILE), { recursive: true });
        writeFileSync(MANIFEST_SHA256_FILE, `${digest}  dist${MANIFEST_PATH}\n`);
        logger.info(
          `${MANIFEST_PATH}: ${manifest.files.length} files, ${manifest.wasm.length} wasm modules, commit ${source.commit}${source.dirty ? ' (dirty)' : ''}, SOURCE_DATE_EPOCH ${source.sourceDateEpoch}`,
        );
        logger.info(`manifest sha256 ${digest} → build/manifest.sha256`);
      },
    },
  };
}
