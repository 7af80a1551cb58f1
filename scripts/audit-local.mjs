// @ts-check
/**
 * `npm run audit`: the privacy audit through the same entry point a security
 * team uses (`imglio-audit run`, audits/bin/imglio-audit.mjs). Without
 * AUDIT_URL it builds the site if needed and serves dist/ with nginx and the
 * shipped nginx.conf; with AUDIT_URL it audits that deployment read-only.
 * Extra arguments go to the command (e.g. `npm run audit -- --scope focused`).
 * Reports: audits/reports/latest.{md,json}.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HEADERS_CONF, REPO_ROOT, startNginx } from './nginx-server.mjs';

const BIN = join(REPO_ROOT, 'audits', 'bin', 'imglio-audit.mjs');
const REPORTS = join(REPO_ROOT, 'audits', 'reports');

/** @param {string[]} args @returns {Promise<number>} */
function runBin(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 2 : 0)));
  });
}

const extra = process.argv.slice(2);
let code;
if (process.env.AUDIT_URL) {
  code = await runBin(['run', process.env.AUDIT_URL, '--out', REPORTS, ...extra]);
} else {
  const dist = join(REPO_ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html')) || !existsSync(HEADERS_CONF)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const nginx = await startNginx({ root: dist, accessLog: 'off' });
  try {
    code = await runBin(['run', `${nginx.url}/`, '--site-root', dist, '--out', REPORTS, ...extra]);
  } finally {
    await nginx.stop();
  }
}
process.exit(code);
