// @ts-check
/**
 * npm run fuzz: builds first when dist/ is missing or older than the sources,
 * then runs tests/fuzz/run.ts (TypeScript, transpiled on load by esbuild, as
 * the audit does). Arguments are passed on (see tests/fuzz/run.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './nginx-server.mjs';

/** @param {string} path @returns {number} newest mtime under path (files only) */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

const built = join(REPO_ROOT, 'build', 'manifest.sha256');
const sources = ['src', 'content', 'public', 'astro.config.mjs', 'package-lock.json', 'nginx.conf'].map((p) => newest(join(REPO_ROOT, p)));
const stale = !existsSync(join(REPO_ROOT, 'dist', 'lab', 'index.html')) || !existsSync(built) || Math.max(...sources) > statSync(built).mtimeMs;
if (stale) {
  console.error('[fuzz] dist/ is missing or older than the sources: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
register('../audits/bin/typescript-hooks.mjs', import.meta.url);
await import('../tests/fuzz/run.ts');
