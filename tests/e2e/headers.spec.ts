/**
 * The security envelope as served by nginx with nginx.conf. Properties are
 * checked here on their own terms, not by comparing with the policy module.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, REPO_ROOT, renderNginxConf, renderSiteConf, testNginxConf } from '../../scripts/nginx-server.mjs';
import { baseUrl, builtScripts, env, siteRoot } from './support.ts';

type Headers = Record<string, string>;

async function head(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(`${baseUrl()}${path}`, { redirect: 'manual', ...init });
  const headers: Headers = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { status: response.status, headers, body: await response.text() };
}

function rawRequest(method: string, path: string, body: string): Promise<{ status: number; headers: Headers }> {
  const url = new URL(path, baseUrl());
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method, headers: { 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        const headers: Headers = {};
        for (const [name, value] of Object.entries(response.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
        resolve({ status: response.statusCode ?? 0, headers });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

function expectEnvelope(headers: Headers, what: string): void {
  const policy = headers['content-security-policy'];
  expect(policy, `${what}: CSP`).toBeTruthy();
  const csp = directives(policy ?? '');
  expect(csp.get('default-src'), what).toEqual(["'none'"]);
  expect(csp.get('connect-src'), what).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(csp.get('form-action'), what).toEqual(["'none'"]);
  expect(csp.get('base-uri'), what).toEqual(["'none'"]);
  expect(csp.get('object-src'), what).toEqual(["'none'"]);
  expect(csp.get('worker-src'), what).toEqual(["'self'"]);
  expect(csp.get('img-src'), what).toEqual(["'self'", 'blob:', 'data:']);
  const scriptSources = csp.get('script-src') ?? [];
  expect(scriptSources.slice(0, 2), what).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  for (const source of scriptSources.slice(2)) expect(source, what).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
  for (const source of (csp.get('style-src') ?? []).slice(1)) expect(source, what).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
  const lower = (policy ?? '').toLowerCase();
  expect(lower, what).not.toContain("'unsafe-inline'");
  expect(lower, what).not.toContain("'unsafe-eval'");
  expect(lower, what).not.toContain("'nonce-");
  expect(headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy'], what).toBe('require-corp');
  expect(headers['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-dns-prefetch-control'], what).toBe('off');
  const permissions = headers['permissions-policy'] ?? '';
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(permissions, what).toContain(`${feature}=()`);
  expect(permissions, what).not.toContain('cross-origin-isolated');
  expect(headers['server'] ?? '', `${what}: no server version`).not.toMatch(/\d/);
  expect(headers['set-cookie'], `${what}: no cookie`).toBeUndefined();
}

test('the envelope is on HTML, every JS file, a worker script, 404, 405 and 413 responses', async () => {
  const checked: string[] = [];
  const check = async (label: string, path: string, init: RequestInit, status: number) => {
    const response = await head(path, init);
    expect(response.status, label).toBe(status);
    expectEnvelope(response.headers, label);
    checked.push(`${label} → ${response.status}`);
    return response;
  };
  await check('home page', '/', {}, 200);
  const scripts = builtScripts(siteRoot());
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) await check(`script ${script}`, script, {}, 200);
  await check('worker script', '/__test__/redteam-worker.js', {}, 200);
  const missing = await check('missing page', '/no/such/page/', {}, 404);
  expect(missing.body).toContain('Page not found');
  const post = await check('POST', '/', { method: 'POST', body: 'x' }, 405);
  expect(post.headers['allow']).toBe('GET, HEAD');
  for (const method of ['PUT', 'DELETE', 'OPTIONS', 'PATCH']) await check(method, '/', { method }, 405);
  const twoKilobytes = 'x'.repeat(2048);
  const bigPost = await head('/', { method: 'POST', body: twoKilobytes });
  expect([405, 413]).toContain(bigPost.status);
  // fetch() refuses a GET with a body; a raw request sends one anyway.
  const bigGet = await rawRequest('GET', '/', twoKilobytes);
  expect(bigGet.status, 'GET with a 2 KB body').toBe(413);
  expectEnvelope(bigGet.headers, 'GET with a 2 KB body');
  checked.push(`GET with a 2 KB body → ${bigGet.status}`);
  console.log(`envelope checked on ${checked.length} responses:\n  ${checked.join('\n  ')}`);
});

test('nginx serves clean URLs, caches by kind, compresses, and hides what it must', async () => {
  const scripts = builtScripts(siteRoot());
  const script = scripts[0] ?? '';
  const asset = await head(script, { headers: { 'accept-encoding': 'gzip' } });
  expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(asset.headers['content-type']).toMatch(/javascript/);
  const page = await head('/', { headers: { 'accept-encoding': 'gzip' } });
  expect(page.headers['cache-control']).toBe('no-cache');
  expect(page.headers['content-encoding']).toBe('gzip');
  expect((await head('/privacy/')).status).toBe(200);
  const noSlash = await head('/privacy');
  expect(noSlash.status).toBe(301);
  expect(noSlash.headers['location']).toBe('/privacy/');
  expect((await head('/.git/config')).status).toBe(404);
  expect((await head('/.env')).status).toBe(404);
  expect((await head(`${script}.map`)).status).toBe(404);
  // Not an SPA: unknown paths are 404, not the home page.
  expect((await head('/compress/extra')).status).toBe(404);
});

test('the access log keeps only a truncated address and the path without its query', async () => {
  const secret = `query-secret-${Date.now()}`;
  const requestLines = () => readFileSync(env('IMGLIO_ACCESS_LOG'), 'utf8').split('\n').filter((l) => l.includes('"GET /terms/"'));
  const before = requestLines().length;
  await head(`/terms/?${secret}=1`);
  // nginx writes the line once the response is done: poll until this request's line is there.
  await expect.poll(() => requestLines().length).toBeGreaterThan(before);
  const lines = requestLines();
  const line = lines[lines.length - 1] ?? '';
  expect(line).toMatch(/^127\.0\.0\.0 \[/);
  expect(line).not.toContain('127.0.0.1');
  expect(readFileSync(env('IMGLIO_ACCESS_LOG'), 'utf8')).not.toContain(secret);
});

for (const basePath of ['/', '/tools/imglio/']) {
  test(`nginx -t accepts the shipped nginx.conf with only port and paths substituted, site under ${basePath}`, async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'imglio-conf-'));
    const rendered = renderNginxConf({ port: 8080, root: siteRoot(), headersDir: join(REPO_ROOT, 'build'), tmpDir: dir });
    const original = readFileSync(join(REPO_ROOT, 'nginx.conf'), 'utf8');
    // Same number of lines, and every line not naming a port or path is identical.
    expect(rendered.split('\n')).toHaveLength(original.split('\n').length);
    // The site's locations, rendered by the container's start-up script.
    renderSiteConf({ basePath, root: siteRoot(), headersDir: join(REPO_ROOT, 'build'), tmpDir: dir });
    writeFileSync(join(dir, 'nginx.conf'), rendered);
    const result = testNginxConf(join(dir, 'nginx.conf'));
    expect(result.ok, result.output).toBe(true);
  });
}

test('the npm start local server sends the same security headers as nginx', async () => {
  const port = await freePort();
  const server = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'serve.mjs')], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('served') && resolve());
      server.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    });
    const local = `http://127.0.0.1:${port}`;
    const script = builtScripts(siteRoot())[0] ?? '';
    for (const [path, init, status] of [
      ['/', {}, 200],
      [script, {}, 200],
      ['/missing/', {}, 404],
      ['/', { method: 'POST', body: 'x' }, 405],
    ] as Array<[string, RequestInit, number]>) {
      // nginx's 405 carries no Cache-Control; compare the envelope only there.
      const [fromNginx, fromLocal] = await Promise.all([head(path, init), fetch(`${local}${path}`, init)]);
      expect(fromLocal.status, path).toBe(status);
      const localHeaders: Headers = {};
      fromLocal.headers.forEach((value, name) => (localHeaders[name] = value));
      expectEnvelope(localHeaders, `npm start ${path}`);
      const compared = ['content-security-policy', 'permissions-policy', 'cross-origin-embedder-policy', 'referrer-policy'];
      if (status !== 405) compared.push('cache-control');
      for (const name of compared) {
        expect(localHeaders[name], `${name} on ${path}`).toBe(fromNginx.headers[name]);
      }
    }
  } finally {
    server.kill('SIGTERM');
  }
});
