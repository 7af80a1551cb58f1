/**
 * `imglio-audit verify <url>`: proves that a deployment serves exactly the
 * files and headers of one build. It reads the deployment's manifest (or an
 * expected one from a clean build), downloads every listed file plain and
 * with `Accept-Encoding: gzip`, crawls every page and script the site links,
 * probes a 404 and a 405, and fails on any byte, file or header that is not
 * the build's. Read-only apart from the one POST the server must refuse.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { references } from '../lib/bundle-scan.ts';
import { fileForPath, headerDifferences, manifestDifferences, MANIFEST_PATH, parseManifest, responseClassFor, type BuildManifest, type ManifestFile, type ResponseClass } from '../lib/manifest.ts';
import { rawRequest, type RawResponse } from './http-raw.ts';
import type { ManifestRecord } from './manifest-record.ts';
import { crawlDeployment } from './scanner.ts';

export type VerifyCheckId = 'manifest' | 'expected-build' | 'files' | 'routes' | 'unlisted' | 'headers' | 'probes';

export interface VerifyCheck {
  readonly id: VerifyCheckId;
  readonly title: string;
  readonly status: 'pass' | 'fail';
  readonly summary: string;
  readonly evidence: string[];
}

export interface ExpectedBuild {
  /** What the expectation came from: a manifest file or a commit built in a clean clone. */
  readonly source: string;
  readonly manifest: BuildManifest;
  readonly sha256: string;
}

export interface VerifyRequest {
  readonly method: string;
  readonly url: string;
  readonly acceptEncoding: string | null;
  readonly status: number;
  readonly contentEncoding: string | null;
  readonly bytes: number;
  readonly sha256: string;
}

export interface VerifyResult {
  readonly kind: 'verify';
  readonly target: { readonly url: string; readonly description: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly manifest: ManifestRecord;
  /** The manifest everything was compared with. */
  readonly reference: { readonly source: string; readonly sha256: string | null };
  readonly checks: VerifyCheck[];
  readonly verdict: 'pass' | 'fail';
  readonly requests: VerifyRequest[];
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const single = (r: RawResponse, name: string) => r.headers[name]?.join(', ') ?? null;
const CONCURRENCY = 4;

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  }));
  return results;
}

/** Groups identical header problems of one class, naming the responses they were seen on. */
class HeaderLedger {
  private readonly seen = new Map<string, string[]>();
  private responses = 0;

  note(responseClass: ResponseClass, label: string, expected: Readonly<Record<string, string>>, response: RawResponse): void {
    this.responses += 1;
    for (const problem of headerDifferences(expected, response.headers)) {
      const key = `[${responseClass}] ${problem}`;
      const list = this.seen.get(key) ?? [];
      list.push(label);
      this.seen.set(key, list);
    }
  }

  check(): VerifyCheck {
    const evidence = [...this.seen].map(([problem, labels]) => `${problem} — on ${labels.length} response(s): ${labels.slice(0, 8).join(', ')}${labels.length > 8 ? `, … ${labels.length - 8} more` : ''}`);
    return {
      id: 'headers',
      title: 'Every response carries exactly the manifest\'s headers for its class',
      status: evidence.length ? 'fail' : 'pass',
      summary: evidence.length ? `${this.seen.size} header difference(s)` : `${this.responses} response(s) checked against the manifest's headers (html, astro, worker, notFound, methodNotAllowed)`,
      evidence,
    };
  }
}

export async function verifyDeployment(baseUrl: string, options: { expected?: ExpectedBuild } = {}): Promise<VerifyResult> {
  const startedAt = new Date().toISOString();
  const base = new URL(baseUrl);
  const urlFor = (path: string) => new URL(path.replace(/^\//, ''), base).href;
  /** The path relative to the site root ('/…'), or null for a URL outside the deployment. */
  const sitePath = (url: string): string | null => {
    const u = new URL(url);
    if (u.origin !== base.origin || !u.pathname.startsWith(base.pathname)) return null;
    return `/${u.pathname.slice(base.pathname.length)}`;
  };
  const requests: VerifyRequest[] = [];
  const get = async (url: string, acceptEncoding: string | null, method = 'GET'): Promise<RawResponse> => {
    const response = await rawRequest(url, { method, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}, ...(method === 'POST' ? { body: '' } : {}) });
    requests.push({ method, url, acceptEncoding, status: response.status, contentEncoding: single(response, 'content-encoding'), bytes: response.body.length, sha256: sha256(response.body) });
    return response;
  };
  const checks: VerifyCheck[] = [];

  // The deployment's own manifest, recorded by its SHA-256 whatever the comparison uses.
  const manifestUrl = urlFor(`/${MANIFEST_PATH}`);
  let served: BuildManifest | null = null;
  let servedSha: string | null = null;
  const manifestProblems: string[] = [];
  try {
    const response = await get(manifestUrl, null);
    if (response.status !== 200) manifestProblems.push(`GET ${manifestUrl}: status ${response.status}, expected 200`);
    else {
      servedSha = sha256(response.body);
      served = parseManifest(response.body.toString('utf8'));
    }
  } catch (error) {
    manifestProblems.push(`${manifestUrl}: ${(error as Error).message}`);
  }
  const manifest: ManifestRecord = { url: manifestUrl, sha256: servedSha, commit: served?.source.commit ?? null, dirty: served?.source.dirty ?? null, version: served?.version ?? null };
  checks.push({
    id: 'manifest',
    title: 'The deployment serves a valid build manifest',
    status: manifestProblems.length ? 'fail' : 'pass',
    summary: manifestProblems.length ? 'no valid manifest at /.well-known/imglio/manifest.json' : `manifest sha256 ${servedSha}, commit ${manifest.commit}${manifest.dirty ? ' (dirty work tree)' : ''}, ${served?.files.length} file(s)`,
    evidence: manifestProblems,
  });

  const expected = options.expected;
  if (expected) {
    const differences = served ? (servedSha === expected.sha256 ? [] : manifestDifferences(expected.manifest, served)) : ['the deployment serves no manifest to compare'];
    if (served && servedSha !== expected.sha256 && differences.length === 0) differences.push(`the served manifest's bytes (sha256 ${servedSha}) differ from the expected manifest's (${expected.sha256}) only in their formatting (the same fields and values)`);
    checks.push({
      id: 'expected-build',
      title: 'The served manifest is the expected clean build\'s manifest',
      status: differences.length ? 'fail' : 'pass',
      summary: differences.length ? `the deployment's manifest differs from ${expected.source} (${differences.length} difference(s))` : `identical to ${expected.source} (sha256 ${expected.sha256})`,
      evidence: differences.map((d) => `manifest: ${d}`),
    });
  }
  const reference = expected?.manifest ?? served;
  if (!reference) {
    return { kind: 'verify', target: { url: base.href, description: 'deployment verified read-only against its build manifest' }, startedAt, finishedAt: new Date().toISOString(), manifest, reference: { source: 'none', sha256: null }, checks, verdict: 'fail', requests };
  }

  const headers = new HeaderLedger();
  // Over HTTPS every class also carries the manifest's TLS-only headers (HSTS); over plain HTTP they must be absent.
  const expectedFor = (c: ResponseClass): Readonly<Record<string, string>> => ({ ...(reference.headers[c] ?? {}), ...(base.protocol === 'https:' ? (reference.tlsHeaders ?? {}) : {}) });
  const fileProblems: string[] = [];
  const bodies = new Map<string, Buffer>();

  /** Compares one response for a listed file; returns problems naming the file. */
  const compareFile = (file: ManifestFile, label: string, response: RawResponse, acceptGzip: boolean): string[] => {
    const problems: string[] = [];
    const is404Page = file.path === '/404.html';
    if (response.status !== 200 && !(is404Page && response.status === 404)) return [`${label}: status ${response.status}, expected 200`];
    const encoding = single(response, 'content-encoding');
    const via = acceptGzip ? ' (Accept-Encoding: gzip)' : '';
    if (encoding && encoding !== 'gzip') return [`${label}${via}: Content-Encoding ${encoding}, expected none or gzip`];
    if (!acceptGzip && encoding) return [`${label}: Content-Encoding ${encoding} on a request that accepts none`];
    const gotSha = sha256(response.body);
    if (encoding === 'gzip') {
      if (file.gzip) {
        if (gotSha !== file.gzip.sha256) {
          let content = 'and does not decompress';
          try {
            const inflated = sha256(gunzipSync(response.body));
            content = inflated === file.sha256 ? 'though it decompresses to the listed file (recompressed on the way?)' : `and decompresses to sha256 ${inflated}, not the listed file`;
          } catch {
            // content stays 'does not decompress'
          }
          problems.push(`${label}${via}: gzip body sha256 ${gotSha} (${response.body.length} bytes), the manifest's .gz is ${file.gzip.sha256} (${file.gzip.size} bytes), ${content}`);
        }
      } else {
        // No pre-compressed file in the build: the server compressed on the fly; the content must still be the file.
        let plain: Buffer | null = null;
        try {
          plain = gunzipSync(response.body);
        } catch (error) {
          problems.push(`${label}${via}: the gzip body does not decompress: ${(error as Error).message}`);
        }
        if (plain && sha256(plain) !== file.sha256) problems.push(`${label}${via}: decompressed body sha256 ${sha256(plain)} (${plain.length} bytes), the manifest lists ${file.sha256} (${file.size} bytes)`);
      }
    } else if (gotSha !== file.sha256) {
      problems.push(`${label}${via}: body sha256 ${gotSha} (${response.body.length} bytes), the manifest lists ${file.sha256} (${file.size} bytes)`);
    }
    return problems;
  };

  let gzipServed = 0;
  let gzipOnTheFly = 0;
  let gzipNotServed = 0;
  /** A 404 (nginx answers a direct request for its internal 404 page with a 404) has the 404 class's headers. */
  const classOf = (path: string, response: RawResponse): ResponseClass => (response.status === 404 ? 'notFound' : responseClassFor(reference, path));
  await mapLimited(reference.files, CONCURRENCY, async (file) => {
    const url = urlFor(file.path);
    try {
      const plain = await get(url, null);
      if (plain.status === 200 || plain.status === 404) bodies.set(file.path, plain.body);
      fileProblems.push(...compareFile(file, file.path, plain, false));
      headers.note(classOf(file.path, plain), file.path, expectedFor(classOf(file.path, plain)), plain);
      const gzipped = await get(url, 'gzip');
      fileProblems.push(...compareFile(file, file.path, gzipped, true));
      const encoded = single(gzipped, 'content-encoding') === 'gzip';
      if (encoded && file.gzip) gzipServed += 1;
      else if (encoded) gzipOnTheFly += 1;
      else if (file.gzip) gzipNotServed += 1;
      headers.note(classOf(file.path, gzipped), `${file.path} (gzip)`, expectedFor(classOf(file.path, gzipped)), gzipped);
    } catch (error) {
      fileProblems.push(`${file.path}: ${(error as Error).message}`);
    }
  });
  checks.push({
    id: 'files',
    title: 'Every file of the build is served byte for byte, plain and gzip-encoded',
    status: fileProblems.length ? 'fail' : 'pass',
    summary: fileProblems.length
      ? `${new Set(fileProblems.map((p) => p.split(/[: ]/)[0])).size} file(s) differ from the manifest`
      : `${reference.files.length} file(s) identical to the manifest; gzip: ${gzipServed} pre-compressed .gz served as built, ${gzipOnTheFly} compressed on the fly (decompressed and compared), ${gzipNotServed} with a .gz in the build served uncompressed`,
    evidence: fileProblems.sort(),
  });

  // Clean URLs serve their page file.
  const routeProblems: string[] = [];
  const routeEntries = Object.entries(reference.routes);
  await mapLimited(routeEntries, CONCURRENCY, async ([route, path]) => {
    const file = reference.files.find((f) => f.path === path);
    if (!file) {
      routeProblems.push(`${route}: the manifest routes it to ${path}, which it does not list`);
      return;
    }
    try {
      const response = await get(urlFor(route), null);
      routeProblems.push(...compareFile(file, `${route} (→ ${path})`, response, false));
      headers.note('html', route, expectedFor('html'), response);
      if (response.status === 200) bodies.set(route, response.body);
    } catch (error) {
      routeProblems.push(`${route}: ${(error as Error).message}`);
    }
  });
  checks.push({
    id: 'routes',
    title: 'Every clean URL serves the page file the manifest routes it to',
    status: routeProblems.length ? 'fail' : 'pass',
    summary: routeProblems.length ? `${routeProblems.length} route problem(s)` : `${routeEntries.length} route(s) serve their file`,
    evidence: routeProblems.sort(),
  });

  // Everything the site links, found by the audit's crawler and by the references in every downloaded file.
  const crawlStart = [base.href, ...reference.inventory.pages.map(urlFor)];
  const crawl = await crawlDeployment(crawlStart);
  const candidates = new Set<string>([...crawl.pages, ...crawl.scripts]);
  for (const [path, body] of bodies) {
    if (!/\.(m?js|html|css|svg|webmanifest)$/.test(path) && !path.endsWith('/')) continue;
    const fileUrl = urlFor(path.endsWith('/') ? `${path}index.html` : path);
    for (const ref of references(fileUrl, body.toString('utf8'))) candidates.add(ref);
  }
  const unlisted: string[] = [];
  const redirects: string[] = [];
  const unlistedCandidates = [...candidates].filter((url) => {
    const path = sitePath(url);
    return path !== null && path !== `/${MANIFEST_PATH}` && !fileForPath(reference, path);
  });
  await mapLimited(unlistedCandidates, CONCURRENCY, async (url) => {
    try {
      const response = await get(url, null);
      if (response.status === 200) unlisted.push(`${sitePath(url)}: served (${response.body.length} bytes, sha256 ${sha256(response.body)}) and linked from the site, but not in the manifest`);
      else if (response.status >= 300 && response.status < 400) redirects.push(`${sitePath(url)} → ${single(response, 'location')}`);
    } catch (error) {
      unlisted.push(`${sitePath(url)}: ${(error as Error).message}`);
    }
  });
  checks.push({
    id: 'unlisted',
    title: 'Nothing the site links is missing from the manifest',
    status: unlisted.length ? 'fail' : 'pass',
    summary: unlisted.length
      ? `${unlisted.length} reachable file(s) not in the manifest`
      : `${crawl.pages.length} page(s) and ${crawl.scripts.length} script(s) crawled, ${candidates.size} linked URL(s) checked, every one in the manifest${redirects.length ? ` (${redirects.length} redirect(s) to clean URLs)` : ''}`,
    evidence: [...unlisted.sort(), ...redirects.sort().map((r) => `redirect (not a file): ${r}`)],
  });

  // The two error classes, probed directly.
  const probeProblems: string[] = [];
  const missing = urlFor(`/imglio-verify-missing-${randomBytes(6).toString('hex')}/`);
  const notFound = await get(missing, null);
  if (notFound.status !== 404) probeProblems.push(`GET ${sitePath(missing)}: status ${notFound.status}, expected 404`);
  const page404 = reference.files.find((f) => f.path === '/404.html');
  if (page404 && sha256(notFound.body) !== page404.sha256) probeProblems.push(`GET ${sitePath(missing)}: the 404 body (sha256 ${sha256(notFound.body)}) is not /404.html of the manifest (${page404.sha256})`);
  headers.note('notFound', `404 probe GET ${sitePath(missing)}`, expectedFor('notFound'), notFound);
  const post = await get(base.href, null, 'POST');
  if (post.status !== 405) probeProblems.push(`POST ${sitePath(base.href)}: status ${post.status}, expected 405`);
  headers.note('methodNotAllowed', `405 probe POST ${sitePath(base.href)}`, expectedFor('methodNotAllowed'), post);
  checks.push({
    id: 'probes',
    title: 'A missing page answers 404 with the build\'s 404 page; a POST answers 405',
    status: probeProblems.length ? 'fail' : 'pass',
    summary: probeProblems.length ? `${probeProblems.length} probe problem(s)` : '404 and 405 as built',
    evidence: probeProblems,
  });
  checks.push(headers.check());

  return {
    kind: 'verify',
    target: { url: base.href, description: 'deployment verified read-only against its build manifest' },
    startedAt,
    finishedAt: new Date().toISOString(),
    manifest,
    reference: { source: expected ? expected.source : 'the deployment\'s own manifest', sha256: expected ? expected.sha256 : servedSha },
    checks,
    verdict: checks.every((c) => c.status === 'pass') ? 'pass' : 'fail',
    requests,
  };
}
