// @ts-check
/**
 * `npm run test:repro`: the build is reproducible. Clones the current commit
 * into two temporary directories (different paths, built one after the other,
 * the second in another time zone and umask), runs `npm ci` and `npm run build`
 * in each, then `npm run bundle`, and compares dist/, the generated headers
 * and the bundle byte for byte. Prints the file count and one combined
 * SHA-256 (of the sorted "sha256  path" list) and exits 1 naming every
 * difference.
 *
 * It builds the commit, never the work tree: uncommitted changes are reported
 * and left out. `--keep` keeps the two directories for inspection.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const keep = process.argv.includes('--keep');
/** Generated outside dist/ but shipped (nginx include, local server, bundle). */
const BUILD_OUTPUTS = ['build/security-headers.conf', 'build/security-headers.json', 'build/response-headers.json', 'build/manifest.sha256'];

/** @param {string} command @param {string[]} args @param {{ cwd?: string, env?: NodeJS.ProcessEnv, quiet?: boolean }} [options] */
function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? REPO,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd ?? REPO} (exit ${result.status ?? result.signal})`);
  }
  if (!options.quiet) console.log(`  ${command} ${args.join(' ')}  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return result.stdout;
}

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

/** Every compared output of one checkout: relative path → SHA-256. */
function digests(/** @type {string} */ checkout) {
  /** @type {Map<string, string>} */
  const result = new Map();
  const files = [...walk(join(checkout, 'dist')), ...BUILD_OUTPUTS.map((path) => join(checkout, path))];
  for (const bundle of readdirSync(checkout).filter((name) => /^imglio-.+\.zip$/.test(name))) files.push(join(checkout, bundle));
  for (const file of files) {
    const path = relative(checkout, file).split(sep).join('/');
    result.set(path, existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : '(missing)');
  }
  return result;
}

const startedAt = Date.now();
const head = run('git', ['rev-parse', 'HEAD'], { quiet: true }).trim();
const changes = run('git', ['status', '--porcelain', '--untracked-files=no'], { quiet: true }).trimEnd();
console.log(`Reproducibility check of commit ${head}`);
if (changes) {
  console.log('  The work tree has uncommitted changes to tracked files; they are NOT part of this check,');
  console.log(`  which builds the commit ${head} only:`);
  for (const line of changes.split('\n')) console.log(`    ${line}`);
}

const checkouts = [mkdtempSync(join(tmpdir(), 'imglio-repro-a-')), mkdtempSync(join(tmpdir(), 'imglio-repro-second-b-'))];
// The second build differs in everything that must not matter: path, time, time zone, umask, locale.
const variants = [
  { TZ: 'UTC', LANG: 'C.UTF-8', umask: 0o022 },
  { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', umask: 0o077 },
];
try {
  const results = checkouts.map((dir, index) => {
    const variant = variants[index] ?? variants[0];
    console.log(`Build ${index + 1} in ${dir} (TZ=${variant?.TZ}, umask ${variant?.umask.toString(8)})`);
    const checkout = join(dir, 'imglio');
    run('git', ['clone', '--quiet', '--shared', '--no-checkout', REPO, checkout]);
    run('git', ['-C', checkout, 'checkout', '--quiet', '--detach', head]);
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, TZ: variant?.TZ, LANG: variant?.LANG, LC_ALL: variant?.LANG, ASTRO_TELEMETRY_DISABLED: '1' };
    delete env['SOURCE_DATE_EPOCH'];
    const previousUmask = process.umask(variant?.umask ?? 0o022);
    try {
      run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: checkout, env });
      run('npm', ['run', 'build'], { cwd: checkout, env });
      run('npm', ['run', 'bundle'], { cwd: checkout, env });
    } finally {
      process.umask(previousUmask);
    }
    return digests(checkout);
  });

  const [first, second] = /** @type {[Map<string, string>, Map<string, string>]} */ (results);
  const paths = [...new Set([...first.keys(), ...second.keys()])].sort();
  const differences = paths.filter((path) => first.get(path) !== second.get(path));
  const distFiles = paths.filter((path) => path.startsWith('dist/'));
  const combined = createHash('sha256')
    .update(distFiles.map((path) => `${first.get(path)}  ${path}\n`).join(''))
    .digest('hex');
  console.log(`dist/: ${distFiles.length} files, combined SHA-256 ${combined}`);
  const manifestSha256 = readFileSync(join(checkouts[0] ?? '', 'imglio', 'build', 'manifest.sha256'), 'utf8').split(/\s+/)[0];
  console.log(`manifest SHA-256 (build 1): ${manifestSha256}`);
  for (const path of paths.filter((p) => !p.startsWith('dist/'))) console.log(`${path}: SHA-256 of the file ${first.get(path)}`);
  if (differences.length > 0) {
    console.error(`NOT reproducible: ${differences.length} file(s) differ between the two builds:`);
    for (const path of differences) console.error(`  ${path}  ${first.get(path) ?? '(absent)'} vs ${second.get(path) ?? '(absent)'}`);
    if (!keep) console.error('  (run with --keep to inspect both checkouts)');
    process.exitCode = 1;
  } else {
    console.log(`Reproducible: both builds of ${head} are identical (${paths.length} files compared, ${Math.round((Date.now() - startedAt) / 1000)} s).`);
  }
} finally {
  if (keep) console.log(`Kept: ${checkouts.join(' ')}`);
  else for (const dir of checkouts) rmSync(dir, { recursive: true, force: true });
}
