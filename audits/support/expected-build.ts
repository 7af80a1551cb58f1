/**
 * What `verify --expect` compares a deployment with: a manifest file (from a
 * clean local build), or a commit built here from scratch in a temporary
 * clone (`git clone`, `npm ci`, `npm run build`), whose manifest a
 * deployment cannot influence.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MANIFEST_PATH, parseManifest } from '../lib/manifest.ts';
import type { ExpectedBuild } from './verify.ts';

export function expectedFromFile(path: string): ExpectedBuild {
  const bytes = readFileSync(path);
  return { source: `the manifest file ${resolve(path)}`, manifest: parseManifest(bytes.toString('utf8')), sha256: createHash('sha256').update(bytes).digest('hex') };
}

function run(command: string, args: readonly string[], cwd: string, log: (line: string) => void): void {
  log(`$ ${command} ${args.join(' ')}   (in ${cwd})`);
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CI: 'true' } });
  if (result.error) throw new Error(`${command} could not be run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/** The repository `dir` belongs to (its top-level directory), or null. */
export function gitTopLevel(dir: string): string | null {
  const result = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/**
 * Builds `commit` of `repo` in a fresh clone and returns its manifest. The
 * clone is removed afterwards unless `keep` is set.
 */
export function expectedFromCommit(commit: string, repo: string, options: { log?: (line: string) => void; keep?: boolean } = {}): ExpectedBuild {
  const log = options.log ?? ((line: string) => console.error(line));
  const work = mkdtempSync(join(tmpdir(), 'imglio-expect-'));
  const clone = join(work, 'src');
  try {
    run('git', ['clone', '--quiet', '--no-checkout', repo, clone], work, log);
    run('git', ['-c', 'advice.detachedHead=false', 'checkout', '--quiet', commit], clone, log);
    const resolved = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: clone, encoding: 'utf8' }).stdout.trim();
    run('npm', ['ci', '--no-audit', '--no-fund'], clone, log);
    run('npm', ['run', 'build'], clone, log);
    const manifestFile = join(clone, 'dist', MANIFEST_PATH);
    if (!existsSync(manifestFile)) throw new Error(`the build of ${resolved} wrote no ${join('dist', MANIFEST_PATH)}`);
    const built = expectedFromFile(manifestFile);
    return { ...built, source: `a clean build of commit ${resolved} (git clone of ${repo}, npm ci, npm run build)` };
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `--expect` names a manifest file when such a file exists, otherwise a
 * commit of `repo` (default: the repository the command runs in).
 */
export function resolveExpected(value: string, repo: string | undefined, cwd: string = process.cwd()): ExpectedBuild {
  if (existsSync(value) && statSync(value).isFile()) return expectedFromFile(value);
  const repository = repo ?? gitTopLevel(cwd);
  if (!repository) throw new Error(`--expect ${value}: no such manifest file, and ${cwd} is not in a git repository to build a commit from (give --repo <path or URL>)`);
  return expectedFromCommit(value, repository);
}
