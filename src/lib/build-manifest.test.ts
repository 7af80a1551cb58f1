import { describe, expect, it } from 'vitest';
import { createManifest, MANIFEST_PATH, routeForFile, serializeManifest, workerUrls, type ManifestInput } from './build-manifest.ts';
import { responseHeaders, securityHeaders } from './security-headers.ts';

const hex = (char: string): string => char.repeat(64);
const headers = responseHeaders(securityHeaders({ scripts: [], styles: [] }));

function input(overrides: Partial<ManifestInput> = {}): ManifestInput {
  return {
    name: 'imglio',
    version: '0.1.0',
    source: { commit: 'a'.repeat(40), dirty: false, sourceDateEpoch: 1764600000 },
    files: [
      { path: '/index.html', size: 10, sha256: hex('1') },
      { path: '/index.html.gz', size: 5, sha256: hex('2') },
      { path: '/_astro/b.js', size: 3, sha256: hex('3') },
      { path: '/_astro/a.worker-x.js', size: 4, sha256: hex('4') },
      { path: '/compress/index.html', size: 11, sha256: hex('5') },
      { path: '/404.html', size: 12, sha256: hex('6') },
      { path: '/robots.txt', size: 7, sha256: hex('7') },
      { path: MANIFEST_PATH, size: 100, sha256: hex('8') },
      { path: `${MANIFEST_PATH}.gz`, size: 50, sha256: hex('9') },
    ],
    headers,
    wasm: [
      { sha256: hex('f'), size: 8, source: 'pkg/z.wasm', chunks: ['/_astro/b.js'] },
      { sha256: hex('c'), size: 9, source: 'pkg/y.wasm', chunks: ['/_astro/b.js', '/_astro/a.worker-x.js'] },
    ],
    workers: ['/_astro/a.worker-x.js'],
    prefetch: ['/_astro/b.js', '/_astro/a.worker-x.js'],
    ...overrides,
  };
}

describe('createManifest', () => {
  const manifest = createManifest(input());

  it('keeps the contract key order', () => {
    expect(Object.keys(manifest)).toEqual(['schema', 'name', 'version', 'source', 'files', 'routes', 'headers', 'tlsHeaders', 'csp', 'wasm', 'inventory']);
    expect(Object.keys(manifest.headers)).toEqual(['html', 'astro', 'worker', 'notFound', 'methodNotAllowed']);
    expect(Object.keys(manifest.inventory)).toEqual(['pages', 'scripts', 'workers', 'prefetch']);
  });

  it('lists every file once, sorted, with its .gz folded in, and never itself', () => {
    expect(manifest.files.map((file) => file.path)).toEqual(['/404.html', '/_astro/a.worker-x.js', '/_astro/b.js', '/compress/index.html', '/index.html', '/robots.txt']);
    expect(manifest.files.find((file) => file.path === '/index.html')?.gzip).toEqual({ size: 5, sha256: hex('2') });
    expect(manifest.files.find((file) => file.path === '/robots.txt')?.gzip).toBeNull();
  });

  it('maps clean URLs to pages (the 404 page has none) and inventories the code', () => {
    expect(manifest.routes).toEqual({ '/': '/index.html', '/compress/': '/compress/index.html' });
    expect(manifest.inventory.pages).toEqual(['/', '/compress/']);
    expect(manifest.inventory.scripts).toEqual(['/_astro/a.worker-x.js', '/_astro/b.js']);
    expect(manifest.inventory.workers).toEqual(['/_astro/a.worker-x.js']);
    // The prefetch list keeps its order: it is the order the site fetches in.
    expect(manifest.inventory.prefetch).toEqual(['/_astro/b.js', '/_astro/a.worker-x.js']);
  });

  it('sorts wasm modules by hash and their chunks by path', () => {
    expect(manifest.wasm.map((entry) => entry.source)).toEqual(['pkg/y.wasm', 'pkg/z.wasm']);
    expect(manifest.wasm[0]?.chunks).toEqual(['/_astro/a.worker-x.js', '/_astro/b.js']);
  });

  it('states the one CSP of every class', () => {
    expect(manifest.csp).toBe(headers.html['Content-Security-Policy']);
    const mixed = { ...headers, worker: { ...headers.worker, 'Content-Security-Policy': "default-src 'none'" } };
    expect(() => createManifest(input({ headers: mixed }))).toThrow(/same Content-Security-Policy/);
  });

  it('refuses lists that name files outside the build', () => {
    expect(() => createManifest(input({ workers: ['/_astro/missing.js'] }))).toThrow(/missing\.js/);
    expect(() => createManifest(input({ prefetch: ['/_astro/missing.js'] }))).toThrow(/missing\.js/);
    expect(() => createManifest(input({ wasm: [{ sha256: hex('a'), size: 1, source: 'x.wasm', chunks: ['/nope.js'] }] }))).toThrow(/nope\.js/);
  });

  it('serialises the same input to the same bytes, whatever the input order', () => {
    const shuffled = input({ files: [...input().files].reverse(), wasm: [...input().wasm].reverse() });
    const text = serializeManifest(createManifest(shuffled));
    expect(text).toBe(serializeManifest(manifest));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schema": "imglio-build-manifest/1",\n');
  });
});

describe('routeForFile', () => {
  it.each([
    ['/index.html', '/'],
    ['/verify/index.html', '/verify/'],
    ['/404.html', null],
    ['/_astro/x.js', null],
  ])('%s → %s', (path, route) => expect(routeForFile(path)).toBe(route));
});

describe('workerUrls', () => {
  it('finds module and classic worker URLs relative to the script, and only same-origin ones', () => {
    const code = 'new Worker(new URL("/_astro/image.worker-D3.js",import.meta.url),{type:"module"});new Worker(new URL(\'./b.worker.js\', import.meta.url));new Worker(self.location.href);new Worker(new URL("https://evil.example/x.js",import.meta.url))';
    expect(workerUrls('/_astro/pool.js', code)).toEqual(['/_astro/image.worker-D3.js', '/_astro/b.worker.js']);
  });

  it('finds Vite\'s relative worker URLs (renderBuiltUrl)', () => {
    const code = 'const b=()=>new Worker(new URL(""+new URL("image.worker-C.js",import.meta.url).href,import.meta.url),{type:"module"})';
    expect(workerUrls('/_astro/pool.js', code)).toEqual(['/_astro/image.worker-C.js']);
  });
});
