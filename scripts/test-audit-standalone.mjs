// @ts-check
/**
 * `npm run test:audit-standalone`: the audit works as a product on its own.
 * Copies the files the imglio-audit package ships (its `npm pack` list) and
 * its package-lock.json to a temporary directory outside the repository,
 * runs `npm ci --prefer-offline` there, then runs the copied bin against the
 * local build served by nginx with the shipped nginx.conf:
 * `imglio-audit run <url> --scope focused` and `imglio-audit verify <url>`.
 * Both must pass and write their reports. Prints the timings.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HEADERS_CONF, REPO_ROOT, startNginx } from './nginx-server.mjs';

const AUDITS = join(REPO_ROOT, 'audits');
const seconds = (/** @type {number} */ since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** @param {string} cwd @param {string[]} args @returns {Promise<number>} */
function run(cwd, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'inherit', env: { ...process.env, NODE_PATH: '' } });
    child.on('exit', (code) => resolve(code ?? 2));
  });
}

const started = Date.now();
const dist = join(REPO_ROOT, 'dist');
if (!existsSync(join(dist, 'index.html')) || !existsSync(HEADERS_CONF)) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const work = mkdtempSync(join(tmpdir(), 'imglio-audit-standalone-'));
const copy = join(work, 'imglio-audit');
/** @type {string[]} */
const problems = [];
const nginx = await startNginx({ root: dist, accessLog: 'off' });
try {
  // Nothing above the copy may provide packages: Node would otherwise find the project's node_modules.
  for (let dir = work; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) throw new Error(`${join(dir, 'node_modules')} exists above the copy; the run would not be stand-alone`);
  }
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: AUDITS, encoding: 'utf8' }));
  /** @type {string[]} */
  const files = [...packed[0].files.map((/** @type {{ path: string }} */ f) => f.path), 'package-lock.json'];
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(AUDITS, file), join(copy, file));
  }
  console.log(`copied ${files.length} file(s) of the package to ${copy}`);

  let t = Date.now();
  const ci = spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: copy, stdio: 'inherit' });
  if (ci.status !== 0) throw new Error(`npm ci in the copy failed (${ci.status})`);
  const installed = seconds(t);
  console.log(`npm ci --prefer-offline: ${installed}`);

  const url = `${nginx.url}/`;
  const out = join(work, 'reports');
  t = Date.now();
  const auditCode = await run(copy, ['bin/imglio-audit.mjs', 'run', url, '--scope', 'focused', '--out', out]);
  const audited = seconds(t);
  t = Date.now();
  const verifyCode = await run(copy, ['bin/imglio-audit.mjs', 'verify', url, '--out', out]);
  const verified = seconds(t);

  if (auditCode !== 0) problems.push(`imglio-audit run exited with ${auditCode}`);
  if (verifyCode !== 0) problems.push(`imglio-audit verify exited with ${verifyCode}`);
  /** @type {Array<[string, string]>} */
  const expectedReports = [['latest.json', 'imglio-privacy-audit-attestation'], ['verify-latest.json', 'imglio-deployment-verification-attestation']];
  for (const [name, kind] of expectedReports) {
    const path = join(out, name);
    if (!existsSync(path)) {
      problems.push(`${name} was not written`);
      continue;
    }
    const report = JSON.parse(readFileSync(path, 'utf8'));
    if (report.kind !== kind || report.verdict !== 'pass') problems.push(`${name}: kind ${report.kind}, verdict ${report.verdict}`);
    if (!existsSync(path.replace(/\.json$/, '.md'))) problems.push(`${name.replace(/\.json$/, '.md')} was not written`);
  }
  console.log(`stand-alone imglio-audit: npm ci ${installed}, run (focused) ${audited}, verify ${verified}, total ${seconds(started)}`);
} catch (error) {
  problems.push(/** @type {Error} */ (error).message);
} finally {
  await nginx.stop();
  rmSync(work, { recursive: true, force: true });
}
if (problems.length) {
  console.error(`stand-alone imglio-audit FAILED:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('stand-alone imglio-audit: PASS');
