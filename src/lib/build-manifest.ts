/**
 * The build manifest (`/.well-known/imglio/manifest.json`): what a deployment
 * of one source commit must serve, byte for byte. The format is fixed by
 * MANIFEST.md: keys in this order, arrays sorted as stated, 2-space JSON with
 * a trailing newline, so the same build always gives the same bytes.
 *
 * Pure module: the build integration reads the files and hands them in.
 */
import { RESPONSE_CLASSES, TLS_ONLY_HEADERS, type ResponseHeaders } from './security-headers.ts';

export const MANIFEST_SCHEMA = 'imglio-build-manifest/1';
/** Where the manifest is served; the only dot path the servers allow. */
export const MANIFEST_PATH = '/.well-known/imglio/manifest.json';

export interface ManifestSource {
  readonly commit: string;
  readonly dirty: boolean;
  readonly sourceDateEpoch: number;
}

export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly gzip: { readonly size: number; readonly sha256: string } | null;
}

export interface ManifestWasm {
  readonly sha256: string;
  readonly size: number;
  readonly source: string;
  readonly chunks: readonly string[];
}

export interface BuildManifest {
  readonly schema: typeof MANIFEST_SCHEMA;
  readonly name: string;
  readonly version: string;
  readonly source: ManifestSource;
  readonly files: readonly ManifestFile[];
  readonly routes: Readonly<Record<string, string>>;
  readonly headers: ResponseHeaders;
  /** Headers every class adds only when served over TLS (HSTS); never sent over plain HTTP. */
  readonly tlsHeaders: Readonly<Record<string, string>>;
  readonly csp: string;
  readonly wasm: readonly ManifestWasm[];
  readonly inventory: {
    readonly pages: readonly string[];
    readonly scripts: readonly string[];
    readonly workers: readonly string[];
    readonly prefetch: readonly string[];
  };
}

/** One file of the build as the integration read it (path root-relative, `/x/y`). */
export interface BuiltFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface ManifestInput {
  readonly name: string;
  readonly version: string;
  readonly source: ManifestSource;
  /** Every file under dist/, .gz files included (they are folded into their originals). */
  readonly files: readonly BuiltFile[];
  readonly headers: ResponseHeaders;
  readonly wasm: readonly ManifestWasm[];
  readonly workers: readonly string[];
  readonly prefetch: readonly string[];
}

/** Code-unit order: the same on every machine and locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byCodeUnit);
}

/** `/index.html` → `/`, `/compress/index.html` → `/compress/`; other files have no clean URL. */
export function routeForFile(path: string): string | null {
  if (path === '/index.html') return '/';
  if (path.endsWith('/index.html')) return path.slice(0, -'index.html'.length);
  return null;
}

/**
 * Same-origin worker scripts a script starts: `new Worker(new URL("…", import.meta.url)`, resolved against
 * the script; also Vite's relative form `new Worker(new URL(""+new URL("…", import.meta.url).href, import.meta.url)`.
 */
export function workerUrls(scriptPath: string, code: string): string[] {
  const found: string[] = [];
  const pattern = /new\s+(?:Shared)?Worker\(\s*new\s+URL\(\s*(?:(["'`])\1\s*\+\s*new\s+URL\(\s*)?(["'`])([^"'`]+)\2\s*,\s*import\.meta\.url\s*\)/g;
  for (const match of code.matchAll(pattern)) {
    const url = new URL(match[3] ?? '', `http://site${scriptPath}`);
    if (url.origin === 'http://site') found.push(url.pathname);
  }
  return found;
}

function isHexDigest(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** The paths the manifest lists as files: all but itself and the .gz copies (folded into their originals). */
export function listedPaths(paths: readonly string[]): string[] {
  const all = new Set(paths);
  return paths
    .filter((path) => path !== MANIFEST_PATH && path !== `${MANIFEST_PATH}.gz`)
    .filter((path) => !(path.endsWith('.gz') && all.has(path.slice(0, -3))));
}

/** Builds the manifest object, checking what the contract promises (one CSP, no self-listing, sorted lists). */
export function createManifest(input: ManifestInput): BuildManifest {
  const byPath = new Map(input.files.map((file) => [file.path, file]));
  const listed = new Set(listedPaths(input.files.map((file) => file.path)));
  const served = input.files.filter((file) => listed.has(file.path));
  const files: ManifestFile[] = served
    .map((file) => {
      if (!isHexDigest(file.sha256)) throw new Error(`Not a SHA-256 digest for ${file.path}: ${file.sha256}`);
      const gz = byPath.get(`${file.path}.gz`);
      return { path: file.path, size: file.size, sha256: file.sha256, gzip: gz ? { size: gz.size, sha256: gz.sha256 } : null };
    })
    .sort((a, b) => byCodeUnit(a.path, b.path));

  const routes: Record<string, string> = {};
  const pages: string[] = [];
  for (const file of files) {
    const route = routeForFile(file.path);
    if (route === null) continue;
    routes[route] = file.path;
    pages.push(route);
  }
  const sortedRoutes = Object.fromEntries(Object.entries(routes).sort(([a], [b]) => byCodeUnit(a, b)));

  const csps = new Set(RESPONSE_CLASSES.map((name) => input.headers[name]['Content-Security-Policy']));
  const [csp] = csps;
  if (csps.size !== 1 || !csp) throw new Error(`Every response class must carry the same Content-Security-Policy (found ${csps.size} different)`);

  const scripts = sortedUnique(files.map((file) => file.path).filter((path) => /\.m?js$/.test(path)));
  const scriptSet = new Set(scripts);
  const workers = sortedUnique(input.workers);
  for (const worker of workers) if (!scriptSet.has(worker)) throw new Error(`Worker script ${worker} is not a file of the build`);
  for (const path of input.prefetch) if (!byPath.has(path)) throw new Error(`Prefetch list names ${path}, which is not a file of the build`);

  const wasm = [...input.wasm]
    .map((entry) => {
      if (!isHexDigest(entry.sha256)) throw new Error(`Not a SHA-256 digest for ${entry.source}: ${entry.sha256}`);
      for (const chunk of entry.chunks) if (!scriptSet.has(chunk)) throw new Error(`WASM chunk ${chunk} is not a script of the build`);
      return { sha256: entry.sha256, size: entry.size, source: entry.source, chunks: sortedUnique(entry.chunks) };
    })
    .sort((a, b) => byCodeUnit(a.sha256, b.sha256));

  const headers = Object.fromEntries(RESPONSE_CLASSES.map((name) => [name, { ...input.headers[name] }])) as ResponseHeaders;

  return {
    schema: MANIFEST_SCHEMA,
    name: input.name,
    version: input.version,
    source: { commit: input.source.commit, dirty: input.source.dirty, sourceDateEpoch: input.source.sourceDateEpoch },
    files,
    routes: sortedRoutes,
    headers,
    tlsHeaders: { ...TLS_ONLY_HEADERS },
    csp,
    wasm,
    inventory: { pages: sortedUnique(pages), scripts, workers, prefetch: [...input.prefetch] },
  };
}

/** The exact bytes served: 2-space JSON and a trailing newline. */
export function serializeManifest(manifest: BuildManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
