/**
 * verify against a small synthetic site on a real HTTP server that behaves
 * like nginx with gzip_static (pre-compressed .gz when present, on-the-fly
 * gzip otherwise), with a manifest computed from its files. The full build
 * under nginx and serve.mjs is covered by audits/verify.spec.ts.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { BuildManifest, ResponseClass } from '../lib/manifest.ts';
import { verifyDeployment } from './verify.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const security = { 'Content-Security-Policy': "default-src 'none'; connect-src 'none'", 'X-Content-Type-Options': 'nosniff' };
const HEADERS: Record<ResponseClass, Record<string, string>> = {
  html: { ...security, 'Cache-Control': 'no-cache' },
  astro: { ...security, 'Cache-Control': 'public, max-age=31536000, immutable' },
  worker: { ...security, 'Cache-Control': 'public, max-age=31536000, immutable' },
  notFound: { ...security, 'Cache-Control': 'no-cache' },
  methodNotAllowed: { ...security, Allow: 'GET, HEAD' },
};

type Site = Map<string, Buffer>;

function makeSite(): Site {
  const site: Site = new Map();
  const app = `import("./lazy.js");new Worker(new URL("image.worker-x.js",import.meta.url),{type:"module"});${'/* padding */'.repeat(40)}`;
  site.set('/index.html', Buffer.from('<!doctype html><title>t</title><script type="module" src="/_astro/app.js"></script><a href="/about/">about</a>'));
  site.set('/about/index.html', Buffer.from('<!doctype html><title>about</title><link rel="icon" href="/favicon.svg">'));
  site.set('/404.html', Buffer.from('<!doctype html><title>not found</title>'));
  site.set('/favicon.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
  site.set('/_astro/app.js', Buffer.from(app));
  site.set('/_astro/app.js.gz', gzipSync(Buffer.from(app), { level: 9 }));
  site.set('/_astro/lazy.js', Buffer.from(`export const lazy = 1;${' '.repeat(400)}`));
  site.set('/_astro/image.worker-x.js', Buffer.from('self.onmessage = () => {};'));
  return site;
}

function manifestOf(site: Site): BuildManifest {
  const files = [...site.keys()].filter((p) => !p.endsWith('.gz')).sort().map((path) => {
    const body = site.get(path) as Buffer;
    const gz = site.get(`${path}.gz`);
    return { path, size: body.length, sha256: sha(body), gzip: gz ? { size: gz.length, sha256: sha(gz) } : null };
  });
  return {
    schema: 'imglio-build-manifest/1', name: 'imglio', version: '0.1.0', source: { commit: 'b'.repeat(40), dirty: false, sourceDateEpoch: 1 },
    files, routes: { '/': '/index.html', '/about/': '/about/index.html' }, headers: HEADERS, csp: security['Content-Security-Policy'], wasm: [],
    inventory: { pages: ['/', '/about/'], scripts: ['/_astro/app.js', '/_astro/image.worker-x.js', '/_astro/lazy.js'], workers: ['/_astro/image.worker-x.js'], prefetch: [] },
  };
}

/** Serves `site` like nginx.conf: clean URLs, gzip_static, gzip on for JS, 404 page, 405 for anything but GET/HEAD. */
async function serve(site: Site, manifestText: string, headers: Record<ResponseClass, Record<string, string>> = HEADERS): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, cls: ResponseClass, body: Buffer, type: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...headers[cls], 'Content-Type': type, 'Content-Length': body.length, ...extra });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'methodNotAllowed', Buffer.from('no\n'), 'text/plain');
    if (path === '/.well-known/imglio/manifest.json') return send(200, 'html', Buffer.from(manifestText), 'application/json');
    const file = site.has(path) ? path : site.has(`${path}index.html`) ? `${path}index.html` : null;
    if (!file) return send(404, 'notFound', site.get('/404.html') as Buffer, 'text/html');
    const cls: ResponseClass = file.includes('.worker-') ? 'worker' : file.startsWith('/_astro/') ? 'astro' : 'html';
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.svg') ? 'image/svg+xml' : 'text/html';
    const gzip = /gzip/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = site.get(file) as Buffer;
    if (gzip && site.has(`${file}.gz`)) return send(200, cls, site.get(`${file}.gz`) as Buffer, type, { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
    if (gzip && type === 'text/javascript' && body.length >= 256) return send(200, cls, gzipSync(body), type, { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
    return send(200, cls, body, type);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`, server };
}

const text = (m: BuildManifest) => `${JSON.stringify(m, null, 2)}\n`;
const failed = (r: Awaited<ReturnType<typeof verifyDeployment>>) => Object.fromEntries(r.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.evidence]));

// Real HTTP on a machine shared with other builds: a generous limit, never a speed assertion.
describe('verify against a synthetic deployment', { timeout: 60_000 }, () => {
  let running: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => running?.close(r));
    running = undefined;
  });
  const start = async (site: Site, manifest: string, headers?: Record<ResponseClass, Record<string, string>>) => {
    const s = await serve(site, manifest, headers);
    running = s.server;
    return s.url;
  };

  it('passes when every file, route, linked URL and header is the build\'s, and records the manifest hash', async () => {
    const site = makeSite();
    const manifest = text(manifestOf(site));
    const result = await verifyDeployment(await start(site, manifest));
    expect(failed(result)).toEqual({});
    expect(result.verdict).toBe('pass');
    expect(result.manifest.sha256).toBe(sha(Buffer.from(manifest)));
    expect(result.checks.find((c) => c.id === 'files')?.summary).toMatch(/^7 file\(s\) identical to the manifest; gzip: 1 pre-compressed \.gz served as built, 1 compressed on the fly \(decompressed and compared\), 0 with a \.gz in the build served uncompressed$/);
    // Every file plain and gzip-encoded.
    expect(result.requests.filter((r) => r.url.endsWith('/_astro/lazy.js')).map((r) => [r.acceptEncoding, r.contentEncoding])).toEqual([[null, null], ['gzip', 'gzip']]);
  });

  it('fails naming the file when one byte of a script changed, plain or in its .gz', async () => {
    const site = makeSite();
    const manifest = text(manifestOf(site));
    const app = Buffer.from(site.get('/_astro/lazy.js') as Buffer);
    app[3] = (app[3] as number) ^ 1;
    site.set('/_astro/lazy.js', app);
    site.set('/_astro/app.js.gz', gzipSync(Buffer.from('tampered')));
    const files = failed(await verifyDeployment(await start(site, manifest)))['files'] ?? [];
    expect(files.some((e) => /^\/_astro\/lazy\.js: body sha256 \w+ \(\d+ bytes\), the manifest lists/.test(e))).toBe(true);
    expect(files.some((e) => /^\/_astro\/lazy\.js \(Accept-Encoding: gzip\): decompressed body sha256/.test(e))).toBe(true);
    expect(files.some((e) => /^\/_astro\/app\.js \(Accept-Encoding: gzip\): gzip body sha256 .* the manifest's \.gz is .*, and decompresses to sha256 \w+, not the listed file$/.test(e))).toBe(true);
  });

  it('fails on a linked file the manifest does not list', async () => {
    const site = makeSite();
    const manifest = text(manifestOf(site));
    site.set('/about/index.html', Buffer.from('<!doctype html><script src="/_astro/extra.js"></script>'));
    site.set('/_astro/extra.js', Buffer.from('console.log(1)'));
    const result = failed(await verifyDeployment(await start(site, manifest)));
    expect(result['unlisted']?.[0]).toMatch(/^\/_astro\/extra\.js: served \(14 bytes, sha256 \w+\) and linked from the site, but not in the manifest$/);
    expect(result['files']?.some((e) => e.startsWith('/about/index.html: body sha256'))).toBe(true);
  });

  it('fails naming the header and the class when a header differs or an unlisted one is added', async () => {
    const site = makeSite();
    const manifest = text(manifestOf(site));
    const headers = { ...HEADERS, astro: { ...HEADERS.astro, 'Content-Security-Policy': "default-src 'none'; connect-src *" }, methodNotAllowed: { ...HEADERS.methodNotAllowed, 'Set-Cookie': 'x=1' } };
    const evidence = failed(await verifyDeployment(await start(site, manifest, headers)))['headers'] ?? [];
    expect(evidence).toEqual([
      `[astro] Content-Security-Policy is "default-src 'none'; connect-src *", expected "default-src 'none'; connect-src 'none'" (+ "connect-src *", - "connect-src 'none'") — on 4 response(s): ${evidence[0]?.split(': ').slice(-1)[0]}`,
      '[methodNotAllowed] unexpected header set-cookie: "x=1" (not in the manifest) — on 1 response(s): 405 probe POST /',
    ]);
    expect(evidence[0]).toMatch(/\/_astro\/app\.js/);
  });

  it('passes a deployment whose manifest was edited to match its changes, and fails it with --expect', async () => {
    const clean = makeSite();
    const cleanText = text(manifestOf(clean));
    const site = makeSite();
    site.set('/_astro/lazy.js', Buffer.from(`export const lazy = 2;${' '.repeat(400)}`));
    const url = await start(site, text(manifestOf(site)));
    expect((await verifyDeployment(url)).verdict).toBe('pass');
    const result = await verifyDeployment(url, { expected: { source: 'the clean build', manifest: JSON.parse(cleanText) as BuildManifest, sha256: sha(Buffer.from(cleanText)) } });
    const f = failed(result);
    expect(Object.keys(f).sort()).toEqual(['expected-build', 'files']);
    expect(f['expected-build']?.[0]).toMatch(/^manifest: \/_astro\/lazy\.js: the served manifest lists sha256 \w+ \(422 bytes\), the expected build \w+ \(422 bytes\)$/);
    expect(f['files']?.some((e) => /^\/_astro\/lazy\.js: body sha256/.test(e))).toBe(true);
    expect(result.reference).toEqual({ source: 'the clean build', sha256: sha(Buffer.from(cleanText)) });
  });

  it('fails when no manifest is served', async () => {
    const site = makeSite();
    const url = await start(site, 'not json');
    const result = await verifyDeployment(url);
    expect(result.verdict).toBe('fail');
    expect(failed(result)['manifest']?.[0]).toMatch(/not JSON/);
  });
});
