// @ts-check
/**
 * `npm run test:bundle` (after `npm run build`): the offline bundle is
 * reproducible and works on its own.
 *
 * 1. `npm run bundle` twice (the second in another time zone): same SHA-256.
 * 2. Unzipped with Python's zipfile (an independent ZIP reader) into a temp
 *    directory outside the repository, so no node_modules can be found; every
 *    file matches SHA256SUMS.
 * 3. `node serve.mjs` from there, on a free loopback port, answers `/`, a
 *    /_astro/ script, a worker script, the manifest, a 404 and a POST 405 with
 *    exactly the headers of their class in the bundled manifest, and serves
 *    the files the manifest lists (plain and gzip).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { freePort } from '../../scripts/nginx-server.mjs';
import { headerDifferences, rawRequest } from '../../scripts/response-check.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const sha256 = (/** @type {Uint8Array | string} */ bytes) => createHash('sha256').update(bytes).digest('hex');
/** @type {string[]} */
const failures = [];
const check = (/** @type {boolean} */ ok, /** @type {string} */ what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

function bundleOnce(/** @type {string} */ tz) {
  const result = spawnSync(process.execPath, [join(REPO, 'scripts', 'bundle.mjs')], { cwd: REPO, env: { ...process.env, TZ: tz }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run bundle failed:\n${result.stdout}${result.stderr}`);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  const [digest, file] = line.split(/\s+/);
  if (!digest || !file) throw new Error(`unexpected bundle output: ${result.stdout}`);
  return { digest, file: join(REPO, file) };
}

if (!existsSync(join(REPO, 'dist', '.well-known', 'imglio', 'manifest.json'))) {
  console.error('dist/ has no build manifest: run "npm run build" first');
  process.exit(1);
}

const first = bundleOnce('UTC');
const second = bundleOnce('America/St_Johns');
console.log(`bundle SHA-256: ${first.digest} (first), ${second.digest} (second, TZ=America/St_Johns)`);
check(first.digest === second.digest && first.file === second.file, 'two bundle builds have the same SHA-256');
check(sha256(readFileSync(first.file)) === first.digest, 'the printed SHA-256 is that of the zip file');

const work = mkdtempSync(join(tmpdir(), 'imglio-bundle-'));
/** @type {import('node:child_process').ChildProcess | undefined} */
let server;
try {
  const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', first.file, work], { encoding: 'utf8' });
  if (unzip.status !== 0) throw new Error(`python3 -m zipfile -e failed: ${unzip.stderr}`);
  const top = join(work, first.file.split('/').pop()?.replace(/\.zip$/, '') ?? '');
  check(existsSync(join(top, 'serve.mjs')) && !existsSync(join(top, 'node_modules')), 'the bundle has serve.mjs and no node_modules');

  const sums = readFileSync(join(top, 'SHA256SUMS'), 'utf8').trim().split('\n');
  const bad = sums.filter((line) => {
    const [digest, path] = line.split('  ');
    return !path || !existsSync(join(top, path)) || sha256(readFileSync(join(top, path))) !== digest;
  });
  check(sums.length > 100 && bad.length === 0, `SHA256SUMS holds ${sums.length} files, all intact${bad.length ? ` (bad: ${bad.join(', ')})` : ''}`);

  const manifestText = readFileSync(join(top, 'dist', '.well-known', 'imglio', 'manifest.json'), 'utf8');
  /** @type {{ headers: Record<string, Record<string, string>>, csp: string, files: Array<{ path: string, sha256: string, gzip: { sha256: string } | null }>, inventory: { scripts: string[], workers: string[] } }} */
  const manifest = JSON.parse(manifestText);
  check(readFileSync(join(top, 'build', 'manifest.sha256'), 'utf8').startsWith(sha256(manifestText)), 'build/manifest.sha256 is the SHA-256 of the bundled manifest');

  const port = await freePort();
  // Started from the unzipped folder with no module search path: only Node built-ins are available.
  const env = { PATH: process.env['PATH'] ?? '', PORT: String(port), HOST: '127.0.0.1' };
  const child = spawn(process.execPath, ['serve.mjs'], { cwd: top, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  await new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk) => String(chunk).includes('served') && resolve(undefined));
    child.on('exit', (code) => reject(new Error(`node serve.mjs exited with ${code}: ${stderr}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  console.log(`node serve.mjs (pid ${child.pid}) serves the unzipped bundle at ${base}`);

  const worker = manifest.inventory.workers[0] ?? '';
  const script = manifest.inventory.scripts.find((path) => !manifest.inventory.workers.includes(path)) ?? '';
  const probes = [
    { what: 'GET /', path: '/', method: 'GET', status: 200, responseClass: 'html' },
    { what: `GET ${script}`, path: script, method: 'GET', status: 200, responseClass: 'astro' },
    { what: `GET ${worker} (worker)`, path: worker, method: 'GET', status: 200, responseClass: 'worker' },
    { what: 'GET the manifest', path: '/.well-known/imglio/manifest.json', method: 'GET', status: 200, responseClass: 'html' },
    { what: 'GET /no/such/page/', path: '/no/such/page/', method: 'GET', status: 404, responseClass: 'notFound' },
    { what: 'GET /.git/config', path: '/.git/config', method: 'GET', status: 404, responseClass: 'notFound' },
    { what: 'POST /', path: '/', method: 'POST', status: 405, responseClass: 'methodNotAllowed' },
  ];
  for (const probe of probes) {
    const response = await rawRequest(base, probe.path, { method: probe.method, ...(probe.method === 'POST' ? { body: 'x' } : {}) });
    const problems = headerDifferences(response, manifest.headers, probe.responseClass);
    check(response.status === probe.status && problems.length === 0, `${probe.what} → ${response.status}, headers of ${probe.responseClass} as in the manifest${problems.length ? `: ${problems.join('; ')}` : ''}`);
  }

  let served = 0;
  const wrong = [];
  for (const file of manifest.files) {
    const plain = await rawRequest(base, file.path === '/404.html' ? '/no/such/page/' : file.path);
    if (sha256(plain.body) !== file.sha256) wrong.push(file.path);
    if (file.gzip) {
      const gzipped = await rawRequest(base, file.path === '/404.html' ? '/no/such/page/' : file.path, { headers: { 'accept-encoding': 'gzip' } });
      if (sha256(gzipped.body) !== file.gzip.sha256 || sha256(gunzipSync(gzipped.body)) !== file.sha256) wrong.push(`${file.path} (gzip)`);
    }
    served += 1;
  }
  check(wrong.length === 0, `all ${served} files of the manifest are served byte for byte, plain and gzip${wrong.length ? ` (wrong: ${wrong.join(', ')})` : ''}`);
} finally {
  server?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`${failures.length} bundle check(s) failed`);
  process.exit(1);
}
console.log('The offline bundle is reproducible and serves the site with the manifest headers.');
