/**
 * `imglio-audit verify` (the bin, as a security team runs it) against real
 * servers of the real build: it passes against `npm start`'s server and
 * against nginx with the shipped nginx.conf, and fails, naming the file or
 * header, against copies of the build served by nginx with (a) one byte
 * changed in one /_astro/*.js, (b) one extra script linked from a page,
 * (c) a changed CSP header, (d) a changed script whose manifest was edited
 * to match, compared with --expect against the clean build's manifest.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, HEADERS_CONF, REPO_ROOT, startNginx } from '../scripts/nginx-server.mjs';
import type { BuildManifest } from './lib/manifest.ts';
import { ensureBuild } from './support/target.ts';

const BIN = join(import.meta.dirname, 'bin', 'imglio-audit.mjs');
const MANIFEST = '.well-known/imglio/manifest.json';
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

interface Verification {
  readonly code: number;
  readonly stdout: string;
  readonly report: { verdict: string; manifest: { sha256: string | null }; reference: { source: string; sha256: string | null }; checks: Array<{ id: string; status: string; evidence: string[] }> };
}

async function verify(url: string, ...extra: string[]): Promise<Verification> {
  const out = mkdtempSync(join(tmpdir(), 'imglio-verify-out-'));
  try {
    const child = spawn(process.execPath, [BIN, 'verify', url, '--out', out, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
    console.log(`verify ${url} ${extra.join(' ')} → exit ${code}\n${stdout}`);
    return { code, stdout, report: JSON.parse(readFileSync(join(out, 'verify-latest.json'), 'utf8')) as Verification['report'] };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const failures = (v: Verification) => Object.fromEntries(v.report.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.evidence]));

/** A copy of the build in a temp directory, changed by `mutate`, served by nginx; returns what to verify. */
async function servedCopy(mutate: (root: string, manifest: BuildManifest) => void, headersConf?: string) {
  const root = mkdtempSync(join(tmpdir(), 'imglio-verify-dist-'));
  cpSync(ensureBuild(), root, { recursive: true });
  mutate(root, JSON.parse(readFileSync(join(root, MANIFEST), 'utf8')) as BuildManifest);
  const nginx = await startNginx({ root, accessLog: 'off', ...(headersConf === undefined ? {} : { headersConf }) });
  return { url: `${nginx.url}/`, root, stop: async () => { await nginx.stop(); rmSync(root, { recursive: true, force: true }); } };
}

/** A /_astro/ script that is not a worker, with a pre-compressed .gz (so only the plain body changes). */
function someChunk(manifest: BuildManifest): string {
  const chunk = manifest.files.find((f) => f.path.startsWith('/_astro/') && f.path.endsWith('.js') && f.gzip && !manifest.inventory.workers.includes(f.path));
  if (!chunk) throw new Error('the build has no pre-compressed /_astro/*.js chunk');
  return chunk.path;
}

function flipOneByte(root: string, path: string): void {
  const file = join(root, path);
  const bytes = readFileSync(file);
  const at = bytes.indexOf(0x3b); // a ';' is replaced by a newline: still valid JavaScript, one byte different
  bytes[at] = 0x0a;
  writeFileSync(file, bytes);
}

test.describe.configure({ mode: 'serial' });

test('verify passes against npm start (scripts/serve.mjs) and against nginx, for the same build', async () => {
  const dist = ensureBuild();
  const port = await freePort();
  const server = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'serve.mjs')], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const nginx = await startNginx({ root: dist, accessLog: 'off' });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('served') && resolve());
      server.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    });
    const manifestSha = sha(readFileSync(join(dist, MANIFEST)));
    for (const url of [`http://127.0.0.1:${port}/`, `${nginx.url}/`]) {
      const result = await verify(url);
      expect(failures(result), url).toEqual({});
      expect(result.code).toBe(0);
      expect(result.report.manifest.sha256).toBe(manifestSha);
      expect(result.stdout).toMatch(/^ {2}pass {2}files: \d+ file\(s\) identical to the manifest; gzip: [1-9]\d* pre-compressed \.gz served as built/m);
    }
    // The same against the manifest file of the build, as --expect <manifest.json> is used.
    const expected = await verify(`${nginx.url}/`, '--expect', join(dist, MANIFEST));
    expect(failures(expected)).toEqual({});
    expect(expected.report.checks.map((c) => c.id)).toContain('expected-build');
  } finally {
    server.kill('SIGTERM');
    await nginx.stop();
  }
});

test('(a) one byte changed in one /_astro/*.js fails, naming the file', async () => {
  let chunk = '';
  const site = await servedCopy((root, manifest) => {
    chunk = someChunk(manifest);
    flipOneByte(root, chunk);
  });
  try {
    const result = await verify(site.url);
    expect(result.code).toBe(1);
    expect(Object.keys(failures(result))).toEqual(['files']);
    expect(failures(result)['files']).toEqual([expect.stringMatching(new RegExp(`^${chunk.replace(/[.]/g, '\\.')}: body sha256 [0-9a-f]{64} \\(\\d+ bytes\\), the manifest lists [0-9a-f]{64}`))]);
  } finally {
    await site.stop();
  }
});

test('(b) one extra script file linked from a page fails, naming the script and the page', async () => {
  const site = await servedCopy((root) => {
    writeFileSync(join(root, '_astro', 'extra-script.js'), 'globalThis.extra = 1;\n');
    const page = join(root, 'index.html');
    writeFileSync(page, readFileSync(page, 'utf8').replace('</head>', '<script type="module" src="/_astro/extra-script.js"></script></head>'));
    rmSync(`${page}.gz`, { force: true });
  });
  try {
    const result = await verify(site.url);
    const failed = failures(result);
    expect(result.code).toBe(1);
    // Redirects (the 404 page's "_imglio/…" links) are listed beside the finding as notes, not findings.
    expect(failed['unlisted']?.filter((e) => !e.startsWith('redirect (not a file): '))).toEqual([expect.stringMatching(/^\/_astro\/extra-script\.js: served \(22 bytes, sha256 [0-9a-f]{64}\) and linked from the site, but not in the manifest$/)]);
    expect(failed['files']?.some((e) => /^\/index\.html: body sha256/.test(e))).toBe(true);
    expect(failed['routes']?.some((e) => /^\/ \(→ \/index\.html\): body sha256/.test(e))).toBe(true);
  } finally {
    await site.stop();
  }
});

test('(c) a changed CSP header fails, naming the header and every response class', async () => {
  const conf = readFileSync(HEADERS_CONF, 'utf8');
  expect(conf).toContain("connect-src 'none'");
  const site = await servedCopy(() => undefined, conf.replace("connect-src 'none'", "connect-src 'self'"));
  try {
    const result = await verify(site.url);
    const failed = failures(result);
    expect(result.code).toBe(1);
    expect(Object.keys(failed)).toEqual(['headers']);
    const classes = (failed['headers'] ?? []).map((e) => /^\[(\w+)\] Content-Security-Policy is ".*connect-src 'self'.*", expected ".*connect-src 'none'.*" \(\+ "connect-src 'self'", - "connect-src 'none'"\) — on \d+ response\(s\)/.exec(e)?.[1]);
    expect(classes.sort()).toEqual(['astro', 'html', 'methodNotAllowed', 'notFound', 'worker']);
  } finally {
    await site.stop();
  }
});

test('(d) a changed script with a manifest edited to match passes on its own manifest and fails with --expect', async () => {
  const cleanManifest = join(ensureBuild(), MANIFEST);
  let chunk = '';
  const site = await servedCopy((root, manifest) => {
    chunk = someChunk(manifest);
    flipOneByte(root, chunk);
    const bytes = readFileSync(join(root, chunk));
    const edited = { ...manifest, files: manifest.files.map((f) => (f.path === chunk ? { ...f, size: bytes.length, sha256: sha(bytes) } : f)) };
    writeFileSync(join(root, MANIFEST), `${JSON.stringify(edited, null, 2)}\n`);
    rmSync(join(root, `${MANIFEST}.gz`), { force: true });
  });
  try {
    const own = await verify(site.url);
    expect(failures(own), 'the lie is consistent: the deployment matches its own manifest').toEqual({});
    const result = await verify(site.url, '--expect', cleanManifest);
    const failed = failures(result);
    expect(result.code).toBe(1);
    expect(Object.keys(failed).sort()).toEqual(['expected-build', 'files']);
    const name = chunk.replace(/[.]/g, '\\.');
    expect(failed['expected-build']).toEqual([expect.stringMatching(new RegExp(`^manifest: ${name}: the served manifest lists sha256 [0-9a-f]{64} \\(\\d+ bytes\\), the expected build [0-9a-f]{64}`))]);
    expect(failed['files']).toEqual([expect.stringMatching(new RegExp(`^${name}: body sha256`))]);
    expect(result.report.reference).toEqual({ source: `the manifest file ${cleanManifest}`, sha256: sha(readFileSync(cleanManifest)) });
    expect(result.report.manifest.sha256).not.toBe(result.report.reference.sha256);
  } finally {
    await site.stop();
  }
});
