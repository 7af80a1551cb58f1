/**
 * The build manifest (`/.well-known/imglio/manifest.json`, schema
 * imglio-build-manifest/1) and the pure comparisons `imglio-audit verify`
 * makes against it: which file a URL path serves, which response class its
 * headers belong to, whether a body or a header set is the one the build
 * produced. Pure: no Node, no DOM.
 */

export const MANIFEST_SCHEMA = 'imglio-build-manifest/1';
export const MANIFEST_PATH = '.well-known/imglio/manifest.json';

export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly gzip: { readonly size: number; readonly sha256: string } | null;
}

export type ResponseClass = 'html' | 'astro' | 'worker' | 'notFound' | 'methodNotAllowed';
export const RESPONSE_CLASSES: readonly ResponseClass[] = ['html', 'astro', 'worker', 'notFound', 'methodNotAllowed'];

export interface BuildManifest {
  readonly schema: string;
  readonly name: string;
  readonly version: string;
  readonly source: { readonly commit: string; readonly dirty: boolean; readonly sourceDateEpoch: number };
  readonly files: readonly ManifestFile[];
  readonly routes: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<ResponseClass, Readonly<Record<string, string>>>>;
  /** Headers every class adds only over TLS (HSTS); absent in manifests of older builds. */
  readonly tlsHeaders?: Readonly<Record<string, string>>;
  readonly csp: string;
  readonly wasm: ReadonlyArray<{ readonly sha256: string; readonly size: number; readonly source: string; readonly chunks: readonly string[] }>;
  readonly inventory: {
    readonly pages: readonly string[];
    readonly scripts: readonly string[];
    readonly workers: readonly string[];
    readonly prefetch: readonly string[];
  };
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parses and checks a manifest's shape; throws with every problem found. */
export function parseManifest(text: string): BuildManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`the manifest is not JSON: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  const m = data as Partial<BuildManifest> | null;
  if (!m || typeof m !== 'object') throw new Error('the manifest is not a JSON object');
  if (m.schema !== MANIFEST_SCHEMA) problems.push(`schema is ${JSON.stringify(m.schema)}, expected "${MANIFEST_SCHEMA}"`);
  if (!Array.isArray(m.files)) problems.push('files is not an array');
  else {
    for (const [i, f] of m.files.entries()) {
      if (typeof f?.path !== 'string' || !f.path.startsWith('/')) problems.push(`files[${i}].path is not a root-relative path`);
      if (!Number.isInteger(f?.size)) problems.push(`files[${i}].size is not an integer`);
      if (typeof f?.sha256 !== 'string' || !HEX64.test(f.sha256)) problems.push(`files[${i}].sha256 is not 64 hex digits`);
      if (f?.gzip !== null && (typeof f?.gzip !== 'object' || !HEX64.test(String(f.gzip?.sha256)) || !Number.isInteger(f.gzip?.size))) problems.push(`files[${i}].gzip is neither null nor { size, sha256 }`);
    }
  }
  if (!m.routes || typeof m.routes !== 'object') problems.push('routes is not an object');
  if (!m.headers || typeof m.headers !== 'object') problems.push('headers is not an object');
  else for (const c of RESPONSE_CLASSES) if (!m.headers[c] || typeof m.headers[c] !== 'object') problems.push(`headers.${c} is missing`);
  if (m.tlsHeaders !== undefined && (!m.tlsHeaders || typeof m.tlsHeaders !== 'object' || Object.values(m.tlsHeaders).some((v) => typeof v !== 'string'))) problems.push('tlsHeaders is not an object of strings');
  if (!m.inventory || !Array.isArray(m.inventory.pages) || !Array.isArray(m.inventory.scripts) || !Array.isArray(m.inventory.workers)) problems.push('inventory.pages/scripts/workers are not arrays');
  if (problems.length) throw new Error(`the manifest is not a valid ${MANIFEST_SCHEMA}: ${problems.join('; ')}`);
  return m as BuildManifest;
}

/** What a URL path (relative to the site root, starting with '/') serves according to the manifest. */
export function fileForPath(manifest: BuildManifest, path: string): ManifestFile | undefined {
  const byPath = new Map(manifest.files.map((f) => [f.path, f]));
  return byPath.get(path) ?? byPath.get(manifest.routes[path] ?? '');
}

/**
 * The response class whose headers a successful response for `path` must
 * carry: the nginx location that serves it. Worker scripts are listed in the
 * inventory, other /_astro/ files are 'astro', everything else (pages and the
 * few root files such as icons) is served by `location /`, whose headers are
 * the 'html' class.
 */
export function responseClassFor(manifest: BuildManifest, path: string): ResponseClass {
  if (manifest.inventory.workers.includes(path)) return 'worker';
  if (path.startsWith('/_astro/')) return 'astro';
  return 'html';
}

/**
 * Headers a response may carry besides the manifest's fixed ones: they
 * describe the transfer (and differ between servers and requests), not
 * what the browser is allowed to do.
 */
export const TRANSPORT_HEADERS: readonly string[] = [
  'accept-ranges',
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'date',
  'etag',
  'keep-alive',
  'last-modified',
  'server',
  'transfer-encoding',
  'vary',
];

/** For list-like values (a CSP's directives, a Permissions-Policy): which parts were added and removed. */
function partsDiffer(expected: string, received: string): string {
  const both = `${expected}${received}`;
  const separator = both.includes(';') ? ';' : both.includes(',') ? ',' : null;
  if (!separator) return '';
  const split = (v: string) => v.split(separator).map((p) => p.trim()).filter(Boolean);
  const want = split(expected);
  const got = split(received);
  const added = got.filter((p) => !want.includes(p));
  const removed = want.filter((p) => !got.includes(p));
  if (added.length === 0 && removed.length === 0) return ' (same parts, in another order)';
  return ` (${[...added.map((p) => `+ ${JSON.stringify(p)}`), ...removed.map((p) => `- ${JSON.stringify(p)}`)].join(', ')})`;
}

/**
 * Every way a response's headers differ from the expected set: a listed
 * header missing, sent twice or with another value, or any header that is
 * neither listed nor a transport header. `received` maps lower-case names to
 * every value received.
 */
export function headerDifferences(expected: Readonly<Record<string, string>>, received: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  const wanted = new Map(Object.entries(expected).map(([name, value]) => [name.toLowerCase(), { name, value }]));
  for (const [lower, { name, value }] of wanted) {
    const got = received[lower] ?? [];
    if (got.length === 0) problems.push(`${name} missing (expected ${JSON.stringify(value)})`);
    else if (got.length > 1) problems.push(`${name} sent ${got.length} times: ${got.map((v) => JSON.stringify(v)).join(', ')} (expected once, ${JSON.stringify(value)})`);
    else if (got[0] !== value) problems.push(`${name} is ${JSON.stringify(got[0])}, expected ${JSON.stringify(value)}${partsDiffer(value, got[0] as string)}`);
  }
  for (const [lower, values] of Object.entries(received)) {
    if (wanted.has(lower) || TRANSPORT_HEADERS.includes(lower)) continue;
    problems.push(`unexpected header ${lower}: ${values.map((v) => JSON.stringify(v)).join(', ')} (not in the manifest)`);
  }
  return problems;
}

const short = (text: string | undefined) => (text === undefined ? 'absent' : text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text);

/** How a manifest differs from the expected one, file by file and field by field (for --expect). */
export function manifestDifferences(expected: BuildManifest, actual: BuildManifest): string[] {
  const problems: string[] = [];
  const mine = new Map(actual.files.map((f) => [f.path, f]));
  const theirs = new Map(expected.files.map((f) => [f.path, f]));
  for (const [path, want] of theirs) {
    const got = mine.get(path);
    if (!got) problems.push(`${path}: in the expected build, missing from the served manifest`);
    else if (got.sha256 !== want.sha256 || got.size !== want.size) problems.push(`${path}: the served manifest lists sha256 ${got.sha256} (${got.size} bytes), the expected build ${want.sha256} (${want.size} bytes)`);
    else if ((got.gzip?.sha256 ?? null) !== (want.gzip?.sha256 ?? null)) problems.push(`${path}.gz: the served manifest lists ${got.gzip?.sha256 ?? 'none'}, the expected build ${want.gzip?.sha256 ?? 'none'}`);
  }
  for (const path of mine.keys()) if (!theirs.has(path)) problems.push(`${path}: in the served manifest, not in the expected build`);
  for (const c of RESPONSE_CLASSES) {
    for (const problem of headerDifferences(expected.headers[c] ?? {}, Object.fromEntries(Object.entries(actual.headers[c] ?? {}).map(([k, v]) => [k.toLowerCase(), [v]])))) {
      problems.push(`headers.${c}: ${problem.replace('(not in the manifest)', '(not in the expected build)')}`);
    }
  }
  // Every other field, named down to the first level inside objects (source.dirty, inventory.prefetch, …).
  const json = (v: unknown) => JSON.stringify(v);
  const fields = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const field of [...fields].filter((f) => f !== 'files' && f !== 'headers')) {
    const want = (expected as unknown as Record<string, unknown>)[field];
    const got = (actual as unknown as Record<string, unknown>)[field];
    if (json(want) === json(got)) continue;
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (isObject(want) && isObject(got)) {
      for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
        if (json(want[key]) !== json(got[key])) problems.push(`${field}.${key} is ${short(json(got[key]))}, the expected build's ${short(json(want[key]))}`);
      }
    } else {
      problems.push(`${field} is ${short(json(got))}, the expected build's ${short(json(want))}`);
    }
  }
  return problems;
}
