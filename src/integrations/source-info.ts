/**
 * Which source a build was made from: the git commit, whether tracked files
 * had uncommitted changes, and SOURCE_DATE_EPOCH (the only date a build may
 * contain). Without git (a source archive, a Docker context without .git) the
 * commit is "unknown" and the build counts as dirty: nothing proves its source.
 */
import { spawnSync } from 'node:child_process';

export interface SourceInfo {
  readonly commit: string;
  readonly dirty: boolean;
  readonly sourceDateEpoch: number;
}

function git(root: string, args: string[]): string | null {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 && typeof result.stdout === 'string' ? result.stdout : null;
}

/** SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the commit date, else 0. */
export function sourceDateEpoch(root: string, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env['SOURCE_DATE_EPOCH'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^\d+$/.test(fromEnv)) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds, got "${fromEnv}"`);
    return Number(fromEnv);
  }
  const committed = git(root, ['log', '-1', '--format=%ct'])?.trim();
  return committed && /^\d+$/.test(committed) ? Number(committed) : 0;
}

export function sourceInfo(root: string, env: NodeJS.ProcessEnv = process.env): SourceInfo {
  const head = git(root, ['rev-parse', 'HEAD'])?.trim();
  const status = git(root, ['status', '--porcelain', '--untracked-files=no']);
  const commit = head && /^[0-9a-f]{40}$/.test(head) ? head : 'unknown';
  const dirty = commit === 'unknown' || status === null || status.trim() !== '';
  return { commit, dirty, sourceDateEpoch: sourceDateEpoch(root, env) };
}
