// @ts-check
/**
 * `npm start`: builds only when dist/ is not the build of the current source,
 * says in one line why it builds (or why not), then runs scripts/serve.mjs.
 *
 * dist/ is current when either
 *   - its build manifest names the checked-out commit, was built from a clean
 *     tree, and the tree is still clean (no change to a tracked file, no new
 *     file among the build inputs), or
 *   - the build inputs hash to what they hashed to when `npm start` last
 *     built (build/start-inputs.json), for builds of uncommitted work.
 * The build inputs are every tracked or new (not ignored) file under src/,
 * content/, public/ and the build's configuration files.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MANIFEST_PATH = join('dist', '.well-known', 'imglio', 'manifest.json');
/** What `npm start` built from last (only used for builds of uncommitted work). */
export const INPUTS_RECORD_PATH = join('build', 'start-inputs.json');
const BUILD_OUTPUTS = ['dist/index.html', 'build/security-headers.json', 'build/response-headers.json'];
export const INPUT_PATHS = ['src', 'content', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** @returns {string | null} */
function git(/** @type {string[]} */ args, root = ROOT) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout : null;
}

/** Every build input with the SHA-256 of its bytes, or null without git. @returns {Record<string, string> | null} */
export function inputHashes(root = ROOT) {
  const listed = git(['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...INPUT_PATHS], root);
  if (listed === null) return null;
  /** @type {Record<string, string>} */
  const hashes = {};
  for (const path of [...new Set(listed.split('\0').filter(Boolean))].sort()) {
    const file = join(root, path);
    hashes[path] = existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'deleted';
  }
  return hashes;
}

/** Why dist/ must be built, or null when it is current. @returns {string | null} */
export function reasonToBuild(root = ROOT) {
  const missing = BUILD_OUTPUTS.find((path) => !existsSync(join(root, path)));
  if (missing) return `${missing} is missing`;
  const manifestFile = join(root, MANIFEST_PATH);
  if (!existsSync(manifestFile)) return 'dist/ has no build manifest';
  /** @type {{ source?: { commit?: string, dirty?: boolean } }} */
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const head = git(['rev-parse', 'HEAD'], root)?.trim();
  const trackedChanges = git(['status', '--porcelain', '--untracked-files=no'], root)?.trim();
  const newInputs = git(['ls-files', '--others', '--exclude-standard', '--', ...INPUT_PATHS], root)?.trim();
  if (head && manifest.source?.commit === head && manifest.source.dirty === false && trackedChanges === '' && newInputs === '') return null;

  const current = inputHashes(root);
  const record = join(root, INPUTS_RECORD_PATH);
  if (current && existsSync(record)) {
    /** @type {Record<string, string>} */
    const recorded = JSON.parse(readFileSync(record, 'utf8')).files ?? {};
    const changed = [...new Set([...Object.keys(current), ...Object.keys(recorded)])].filter((path) => current[path] !== recorded[path]).sort();
    if (changed.length === 0) return null;
    return `${changed.length} build input(s) changed since npm start last built (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''})`;
  }
  if (!head) return 'this is not a git checkout, so dist/ cannot be matched to the source';
  if (manifest.source?.commit !== head) return `dist/ was built from commit ${String(manifest.source?.commit).slice(0, 12)}, the checkout is ${head.slice(0, 12)}`;
  if (manifest.source.dirty) return 'dist/ was built from uncommitted changes that npm start did not record';
  return `the work tree has changes since dist/ was built (${[trackedChanges, newInputs].filter(Boolean).join(' ').split(/\s+/).slice(0, 4).join(' ')})`;
}

/** Writes what the build just made was built from. */
export function recordInputs(root = ROOT) {
  const hashes = inputHashes(root);
  if (!hashes) return;
  const record = join(root, INPUTS_RECORD_PATH);
  mkdirSync(dirname(record), { recursive: true });
  writeFileSync(record, `${JSON.stringify({ files: hashes }, null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const reason = reasonToBuild();
  if (reason) {
    console.log(`imglio: building, because ${reason}.`);
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) {
      console.error('imglio: the build failed (see above); nothing is served.');
      process.exit(1);
    }
    recordInputs();
  } else {
    console.log('imglio: dist/ is the build of the current source; not rebuilding (npm run build forces a build).');
  }
  const serve = spawnSync(process.execPath, [join(ROOT, 'scripts', 'serve.mjs')], { stdio: 'inherit' });
  process.exit(serve.status ?? 1);
}
