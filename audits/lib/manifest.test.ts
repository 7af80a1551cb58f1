import { describe, expect, it } from 'vitest';
import { fileForPath, headerDifferences, manifestDifferences, parseManifest, responseClassFor, type BuildManifest } from './manifest.ts';

const HASH = (c: string) => c.repeat(64);
const security = { 'Content-Security-Policy': "default-src 'none'", 'X-Content-Type-Options': 'nosniff' };
const SMALL_MANIFEST: BuildManifest = {
  schema: 'imglio-build-manifest/1',
  name: 'imglio',
  version: '0.1.0',
  source: { commit: 'a'.repeat(40), dirty: false, sourceDateEpoch: 1764600000 },
  files: [
    { path: '/404.html', size: 3, sha256: HASH('1'), gzip: null },
    { path: '/_astro/app.js', size: 10, sha256: HASH('2'), gzip: { size: 8, sha256: HASH('3') } },
    { path: '/_astro/image.worker-x.js', size: 10, sha256: HASH('4'), gzip: null },
    { path: '/index.html', size: 20, sha256: HASH('5'), gzip: null },
  ],
  routes: { '/': '/index.html' },
  headers: {
    html: { ...security, 'Cache-Control': 'no-cache' },
    astro: { ...security, 'Cache-Control': 'public, max-age=31536000, immutable' },
    worker: { ...security, 'Cache-Control': 'public, max-age=31536000, immutable' },
    notFound: { ...security, 'Cache-Control': 'no-cache' },
    methodNotAllowed: { ...security, Allow: 'GET, HEAD' },
  },
  csp: "default-src 'none'",
  wasm: [],
  inventory: { pages: ['/'], scripts: ['/_astro/app.js', '/_astro/image.worker-x.js'], workers: ['/_astro/image.worker-x.js'], prefetch: [] },
};

describe('build manifest', () => {
  it('parses a valid manifest and names every problem of an invalid one', () => {
    expect(parseManifest(JSON.stringify(SMALL_MANIFEST)).files).toHaveLength(4);
    expect(() => parseManifest('{')).toThrow(/not JSON/);
    const broken = { ...SMALL_MANIFEST, schema: 'other/2', files: [{ path: 'index.html', size: 1.5, sha256: 'xyz', gzip: 3 }], headers: { html: {} } };
    expect(() => parseManifest(JSON.stringify(broken))).toThrow(/schema is "other\/2".*files\[0\]\.path.*files\[0\]\.size.*files\[0\]\.sha256.*files\[0\]\.gzip.*headers\.astro is missing/);
  });

  it('maps paths and clean URLs to files, and files to response classes', () => {
    expect(fileForPath(SMALL_MANIFEST, '/')?.path).toBe('/index.html');
    expect(fileForPath(SMALL_MANIFEST, '/_astro/app.js')?.sha256).toBe(HASH('2'));
    expect(fileForPath(SMALL_MANIFEST, '/_astro/extra.js')).toBeUndefined();
    expect(responseClassFor(SMALL_MANIFEST, '/_astro/image.worker-x.js')).toBe('worker');
    expect(responseClassFor(SMALL_MANIFEST, '/_astro/app.js')).toBe('astro');
    expect(responseClassFor(SMALL_MANIFEST, '/index.html')).toBe('html');
    expect(responseClassFor(SMALL_MANIFEST, '/favicon.svg')).toBe('html');
  });

  it('compares headers exactly: value, count, and nothing unlisted beyond transport headers', () => {
    const expected = SMALL_MANIFEST.headers.html;
    const ok = { 'content-security-policy': ["default-src 'none'"], 'x-content-type-options': ['nosniff'], 'cache-control': ['no-cache'], date: ['x'], etag: ['"1"'], 'content-type': ['text/html'], server: ['nginx'] };
    expect(headerDifferences(expected, ok)).toEqual([]);
    expect(headerDifferences(expected, { ...ok, 'content-security-policy': ["default-src 'none'; connect-src *"] })).toEqual([`Content-Security-Policy is "default-src 'none'; connect-src *", expected "default-src 'none'" (+ "connect-src *")`]);
    expect(headerDifferences(expected, { ...ok, 'content-security-policy': ["default-src 'none'", "default-src 'none'"] })[0]).toMatch(/^Content-Security-Policy sent 2 times/);
    const { 'cache-control': _omitted, ...withoutCache } = ok;
    expect(headerDifferences(expected, withoutCache)).toEqual(['Cache-Control missing (expected "no-cache")']);
    expect(headerDifferences(expected, { ...ok, 'set-cookie': ['id=1'] })).toEqual(['unexpected header set-cookie: "id=1" (not in the manifest)']);
  });

  it('lists how a served manifest differs from the expected one, by file and header', () => {
    const edited: BuildManifest = {
      ...SMALL_MANIFEST,
      files: [...SMALL_MANIFEST.files.filter((f) => f.path !== '/index.html'), { path: '/index.html', size: 21, sha256: HASH('6'), gzip: null }, { path: '/_astro/extra.js', size: 1, sha256: HASH('7'), gzip: null }],
      headers: { ...SMALL_MANIFEST.headers, html: { ...SMALL_MANIFEST.headers.html, 'Content-Security-Policy': 'default-src *' } },
      source: { ...SMALL_MANIFEST.source, dirty: true },
      inventory: { ...SMALL_MANIFEST.inventory, prefetch: ['/_astro/app.js'] },
    };
    expect(manifestDifferences(SMALL_MANIFEST, SMALL_MANIFEST)).toEqual([]);
    expect(manifestDifferences(SMALL_MANIFEST, edited)).toEqual([
      `/index.html: the served manifest lists sha256 ${HASH('6')} (21 bytes), the expected build ${HASH('5')} (20 bytes)`,
      '/_astro/extra.js: in the served manifest, not in the expected build',
      `headers.html: Content-Security-Policy is "default-src *", expected "default-src 'none'"`,
      'source.dirty is true, the expected build\'s false',
      'inventory.prefetch is ["/_astro/app.js"], the expected build\'s []',
    ]);
    expect(manifestDifferences(SMALL_MANIFEST, { ...SMALL_MANIFEST, routes: {}, version: '0.2.0' })).toEqual(['version is "0.2.0", the expected build\'s "0.1.0"', 'routes./ is absent, the expected build\'s "/index.html"']);
  });
});
