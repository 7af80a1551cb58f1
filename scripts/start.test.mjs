// @ts-check
/**
 * `npm start` (scripts/start.mjs) rebuilds only when dist/ is not the build
 * of the current source, and says why; scripts/serve.mjs answers a bad or busy
 * PORT with one line and no stack trace. The rebuild decision is checked in a
 * throwaway git repository with a stand-in build (nothing is built here).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listenErrorLine, parsePort } from './serve.mjs';
import { reasonToBuild, recordInputs } from './start.mjs';

const SERVE = join(import.meta.dirname, 'serve.mjs');

describe('npm start: build only when needed', () => {
  const repo = mkdtempSync(join(tmpdir(), 'imglio-start-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  const git = (/** @type {string[]} */ ...args) => {
    const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: repo, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  };
  const write = (/** @type {string} */ path, /** @type {string} */ text) => {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  /** A stand-in for `npm run build`: the outputs start.mjs looks at, with the manifest's source fields. */
  const fakeBuild = (/** @type {boolean} */ dirty) => {
    write('dist/index.html', '<!doctype html>');
    write('build/security-headers.json', '{}');
    write('build/response-headers.json', '{}');
    write('dist/.well-known/imglio/manifest.json', JSON.stringify({ source: { commit: git('rev-parse', 'HEAD'), dirty } }));
  };

  it('builds when dist/ is missing, not when the manifest names the clean checkout, and says why', () => {
    git('init', '-q');
    write('.gitignore', 'dist/\nbuild/\n');
    write('src/a.ts', 'export const a = 1;\n');
    write('package.json', '{}\n');
    write('README.md', 'readme\n');
    git('add', '.');
    git('commit', '-qm', 'one');
    expect(reasonToBuild(repo)).toBe('dist/index.html is missing');
    fakeBuild(false);
    expect(reasonToBuild(repo)).toBeNull();

    git('commit', '-q', '--allow-empty', '-m', 'two');
    expect(reasonToBuild(repo)).toMatch(/^dist\/ was built from commit [0-9a-f]{12}, the checkout is [0-9a-f]{12}$/);
    fakeBuild(false);
    expect(reasonToBuild(repo)).toBeNull();

    write('src/a.ts', 'export const a = 2;\n');
    expect(reasonToBuild(repo)).toMatch(/^the work tree has changes since dist\/ was built \(M src\/a\.ts\)$/);
  });

  it('after its own build of uncommitted work, builds again only when a build input changes, naming it', () => {
    fakeBuild(true);
    recordInputs(repo);
    expect(reasonToBuild(repo)).toBeNull();
    write('README.md', 'a README edit is not a build input\n');
    expect(reasonToBuild(repo)).toBeNull();
    write('src/new.ts', 'export const b = 1;\n');
    expect(reasonToBuild(repo)).toBe('1 build input(s) changed since npm start last built (src/new.ts)');
    recordInputs(repo);
    write('src/a.ts', 'export const a = 3;\n');
    rmSync(join(repo, 'src', 'new.ts'));
    expect(reasonToBuild(repo)).toBe('2 build input(s) changed since npm start last built (src/a.ts, src/new.ts)');
  });
});

describe('serve.mjs: PORT', () => {
  it('accepts 1 to 65535 and the default; anything else says what is wrong and what to set', () => {
    expect(parsePort(undefined)).toEqual({ port: 4321 });
    expect(parsePort('')).toEqual({ port: 4321 });
    expect(parsePort('8080')).toEqual({ port: 8080 });
    for (const bad of ['abc', '0', '65536', '-1', '80.5', '1e3', '8080x']) {
      expect(parsePort(bad)).toEqual({ error: `PORT must be a whole number from 1 to 65535, not "${bad}"; set e.g. PORT=4321 (the default)` });
    }
    const busy = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(listenErrorLine(busy, '127.0.0.1', 4321)).toBe('port 4321 on 127.0.0.1 is already in use by another program; stop it, or set PORT to a free port (e.g. PORT=4322 npm start)');
  });

  /** Runs serve.mjs with env; returns its exit code and output once it exits (it must, on a bad PORT). */
  const serve = (/** @type {Record<string, string>} */ env) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [SERVE], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });

  it('exits with one line, no stack trace, for an invalid or a busy port', async () => {
    expect(await serve({ PORT: 'eighty' })).toEqual({ code: 2, stdout: '', stderr: 'imglio: PORT must be a whole number from 1 to 65535, not "eighty"; set e.g. PORT=4321 (the default)\n' });
    const blocker = createServer();
    await new Promise((r) => blocker.listen(0, '127.0.0.1', () => r(undefined)));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const result = /** @type {{ code: number, stdout: string, stderr: string }} */ (await serve({ PORT: String(port), HOST: '127.0.0.1' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`imglio: port ${port} on 127.0.0.1 is already in use by another program; stop it, or set PORT to a free port (e.g. PORT=${port + 1} npm start)\n`);
    } finally {
      blocker.close();
    }
  });
});
