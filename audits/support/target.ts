/**
 * What to audit: AUDIT_URL (any deployment, audited read-only), or by
 * default the local build served by nginx with the shipped nginx.conf
 * (building first if dist/ is missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startNginx } from '../../scripts/nginx-server.mjs';
import type { AuditTarget } from './run-audit.ts';

export interface ServedTarget {
  readonly target: AuditTarget;
  stop(): Promise<void>;
}

export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`AUDIT_URL "${raw}" is not a URL; give one like http://host:port/`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`AUDIT_URL must be http:// or https://, got ${url.protocol}`);
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** The build output, built first if it is missing. */
export function ensureBuild(): string {
  const dist = join(REPO_ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(REPO_ROOT, 'build', 'security-headers.conf'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  return dist;
}

export async function resolveTarget(env: Record<string, string | undefined> = process.env): Promise<ServedTarget> {
  const fromEnv = env['AUDIT_URL'];
  if (fromEnv) {
    return { target: { url: normalizeBaseUrl(fromEnv), description: 'AUDIT_URL, audited read-only; code found by crawling' }, stop: async () => undefined };
  }
  const dist = ensureBuild();
  const nginx = await startNginx({ root: dist, accessLog: 'off' });
  return {
    target: { url: `${nginx.url}/`, siteRoot: dist, description: `the local build (dist/) served by nginx with nginx.conf, pid ${nginx.pid}` },
    stop: () => nginx.stop(),
  };
}
