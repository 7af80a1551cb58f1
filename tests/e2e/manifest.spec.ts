/**
 * The build manifest against what is really built and served: every file's
 * hash, the exact headers nginx (shipped nginx.conf) and `npm start` send for
 * each response class, the one hidden path that is served, and the WASM
 * hashes against the bytes the codec modules hand to WebAssembly.compile in
 * Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { freePort, REPO_ROOT } from '../../scripts/nginx-server.mjs';
import { headerDifferences, rawRequest } from '../../scripts/response-check.mjs';
import type { BuildManifest } from '../../src/lib/build-manifest.ts';
import type { ResponseClass } from '../../src/lib/security-headers.ts';
import { baseUrl } from './support.ts';

const DIST = join(REPO_ROOT, 'dist');
const MANIFEST_PATH = '/.well-known/imglio/manifest.json';
const manifestText = readFileSync(join(DIST, ...MANIFEST_PATH.split('/').filter(Boolean)), 'utf8');
const manifest = JSON.parse(manifestText) as BuildManifest;
const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

type RawResponse = Awaited<ReturnType<typeof rawRequest>>;
const raw = rawRequest;

/** Every header of the class, exactly once and byte for byte; no header another class sets. */
function expectClassHeaders(response: RawResponse, responseClass: ResponseClass, what: string): void {
  expect(headerDifferences(response, manifest.headers, responseClass), what).toEqual([]);
}

const workerScript = manifest.inventory.workers[0] ?? '';
const plainScript = manifest.inventory.scripts.find((script) => !manifest.inventory.workers.includes(script)) ?? '';
const CLASS_PROBES: Array<{ responseClass: ResponseClass; path: string; method: string; status: number }> = [
  { responseClass: 'html', path: '/', method: 'GET', status: 200 },
  { responseClass: 'html', path: '/verify/', method: 'GET', status: 200 },
  { responseClass: 'html', path: '/robots.txt', method: 'GET', status: 200 },
  { responseClass: 'html', path: MANIFEST_PATH, method: 'GET', status: 200 },
  { responseClass: 'astro', path: plainScript, method: 'GET', status: 200 },
  { responseClass: 'worker', path: workerScript, method: 'GET', status: 200 },
  { responseClass: 'notFound', path: '/no/such/page/', method: 'GET', status: 404 },
  { responseClass: 'methodNotAllowed', path: '/', method: 'POST', status: 405 },
  { responseClass: 'methodNotAllowed', path: plainScript, method: 'DELETE', status: 405 },
];
const REFUSED_DOT_PATHS = ['/.git/config', '/.env', '/.well-known/other', '/.well-known/imglio/other.json', `${MANIFEST_PATH}.gz`, `${MANIFEST_PATH}/`];

let local: { url: string; child: ChildProcess } | undefined;

test.beforeAll(async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'serve.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('served') && resolve());
    child.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
  local = { url: `http://127.0.0.1:${port}`, child };
});

test.afterAll(() => {
  local?.child.kill('SIGTERM');
});

const servers = (): Array<[string, string]> => [
  ['nginx', baseUrl()],
  ['npm start', local?.url ?? ''],
];

test('the manifest lists every built file with its size and SHA-256, and its .gz', () => {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  const onDisk = walk(DIST).map((file) => `/${relative(DIST, file).split(sep).join('/')}`);
  const listed = new Set(manifest.files.map((file) => file.path));
  const expected = onDisk.filter((path) => !path.startsWith(MANIFEST_PATH) && !(path.endsWith('.gz') && onDisk.includes(path.slice(0, -3))));
  expect([...listed].sort()).toEqual(expected.sort());
  for (const file of manifest.files) {
    const bytes = readFileSync(join(DIST, file.path));
    expect({ size: bytes.length, sha256: sha256(bytes) }, file.path).toEqual({ size: file.size, sha256: file.sha256 });
    const gz = join(DIST, `${file.path}.gz`);
    if (file.gzip === null) {
      expect(existsSync(gz), `${file.path}.gz`).toBe(false);
    } else {
      const gzBytes = readFileSync(gz);
      expect({ size: gzBytes.length, sha256: sha256(gzBytes) }, `${file.path}.gz`).toEqual(file.gzip);
      expect(sha256(gunzipSync(gzBytes)), `${file.path}.gz decompresses to the file`).toBe(file.sha256);
    }
  }
  expect(manifest.inventory.scripts.length).toBeGreaterThan(10);
  expect(manifest.inventory.workers.length).toBeGreaterThan(0);
  for (const [route, file] of Object.entries(manifest.routes)) expect(listed.has(file), route).toBe(true);
});

test('nginx and npm start send exactly the manifest headers of each response class', async () => {
  expect(plainScript).not.toBe('');
  expect(workerScript).not.toBe('');
  for (const [server, base] of servers()) {
    for (const probe of CLASS_PROBES) {
      const what = `${server} ${probe.method} ${probe.path} (${probe.responseClass})`;
      const response = await raw(base, probe.path, { method: probe.method, ...(probe.method === 'GET' ? {} : { body: 'x' }) });
      expect(response.status, what).toBe(probe.status);
      expectClassHeaders(response, probe.responseClass, what);
      for (const csp of response.lines.filter(([name]) => name === 'content-security-policy')) expect(csp[1], what).toBe(manifest.csp);
    }
  }
});

test('the manifest is served as JSON, plain and gzipped, and its hash is the one the build printed', async () => {
  const printed = readFileSync(join(REPO_ROOT, 'build', 'manifest.sha256'), 'utf8').split(/\s+/)[0];
  expect(printed).toBe(sha256(manifestText));
  for (const [server, base] of servers()) {
    const plain = await raw(base, MANIFEST_PATH);
    expect(plain.status, server).toBe(200);
    expect(plain.lines.find(([name]) => name === 'content-type')?.[1], server).toMatch(/^application\/json/);
    expect(sha256(plain.body), server).toBe(printed);
    const gzipped = await raw(base, MANIFEST_PATH, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.lines.find(([name]) => name === 'content-encoding')?.[1], server).toBe('gzip');
    expect(sha256(gunzipSync(gzipped.body)), server).toBe(printed);
  }
});

test('every other hidden path is refused with the 404 headers', async () => {
  for (const [server, base] of servers()) {
    for (const path of REFUSED_DOT_PATHS) {
      const response = await raw(base, path);
      expect(response.status, `${server} ${path}`).toBe(404);
      expectClassHeaders(response, 'notFound', `${server} ${path}`);
      expect(response.body.toString('utf8'), `${server} ${path}`).toContain('Page not found');
    }
  }
});

test('each WASM hash is the SHA-256 of the bytes the codec module hands to WebAssembly.compile', async ({ page }) => {
  expect(manifest.wasm.filter((entry) => entry.source.endsWith('.wasm')).length).toBeGreaterThan(5);
  await page.goto(`${baseUrl()}/lab/`);
  const probes = manifest.wasm.filter((entry) => entry.source.includes('#'));
  for (const entry of probes) {
    // Feature-detection probes: byte arrays in the served chunk, handed to WebAssembly.validate as they are.
    expect(entry.source).toMatch(/^wasm-feature-detect\/dist\/esm\/index\.js#\w+$/);
    for (const chunk of entry.chunks) {
      const code = (await rawRequest(baseUrl(), chunk)).body.toString('utf8');
      const arrays = [...code.matchAll(/new Uint8Array\(\[([\d,]+)\]\)/g)].map((match) => Uint8Array.from((match[1] ?? '').split(','), Number));
      expect(arrays.map((bytes) => sha256(bytes)), `${entry.source} in ${chunk}`).toContain(entry.sha256);
    }
  }
  for (const entry of manifest.wasm.filter((candidate) => !probes.includes(candidate))) {
    expect(entry.source, 'named by its package path').toMatch(/^(@[\w.-]+\/)?[\w.-]+\/.+\.wasm$/);
    const original = readFileSync(join(REPO_ROOT, 'node_modules', entry.source));
    expect(sha256(original), `${entry.source}: the package file`).toBe(entry.sha256);
    for (const chunk of entry.chunks) {
      // The chunk's default export is the wasmBytes() that compileInlined (src/codecs/wasm.ts) passes to WebAssembly.compile.
      const seen = await page.evaluate(async (url) => {
        const module = (await import(url)) as { default: () => Uint8Array<ArrayBuffer> };
        const bytes = module.default();
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        await WebAssembly.compile(bytes);
        return { sha256: [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join(''), size: bytes.byteLength, whole: bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength };
      }, chunk);
      expect(seen, `${entry.source} in ${chunk}`).toEqual({ sha256: entry.sha256, size: entry.size, whole: true });
    }
  }
});

test('/verify/ shows the build summary: commit, version, date, files, CSP, manifest link and every WASM hash', async ({ page }) => {
  await page.goto(`${baseUrl()}/verify/`);
  const summary = page.locator('.build-summary');
  await expect(summary).toHaveCount(1);
  const text = (await summary.textContent()) ?? '';
  if (manifest.source.commit !== 'unknown') expect(text).toContain(manifest.source.commit);
  expect(text).toContain(`SOURCE_DATE_EPOCH=${manifest.source.sourceDateEpoch}`);
  expect(text).toContain(`${manifest.files.length}, each`);
  expect(text).toContain(manifest.csp);
  for (const entry of manifest.wasm) expect(text).toContain(entry.sha256);
  // Page-relative like every URL of the build, so it holds under a path prefix too.
  const link = summary.locator(`a[href="..${MANIFEST_PATH}"]`);
  await expect(link).toHaveCount(1);
  expect(await link.evaluate((a) => (a as HTMLAnchorElement).href)).toBe(new URL(MANIFEST_PATH, page.url()).href);
  expect(await page.content()).not.toContain('data-build-summary');
});

test('a blob: worker is refused by the CSP (WEBCAT allows only same-origin worker scripts)', async ({ page }) => {
  await page.goto(`${baseUrl()}/lab/`);
  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
    let threw = '';
    let messaged = false;
    try {
      const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
      worker.onmessage = () => (messaged = true);
    } catch (error) {
      threw = String(error);
    }
    for (let i = 0; i < 40 && !threw && violations.length === 0 && !messaged; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    return { threw, messaged, violations };
  });
  expect(outcome.messaged, 'the blob: worker ran').toBe(false);
  expect(outcome.threw !== '' || outcome.violations.includes('worker-src'), JSON.stringify(outcome)).toBe(true);
});
