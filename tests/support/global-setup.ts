/**
 * Serves the built site with nginx (nginx.conf, real headers) plus the test
 * fixtures under /__test__/, and a separate "collector" origin that records
 * every request it receives: anything that reaches it has escaped the page.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx, REPO_ROOT } from '../../scripts/nginx-server.mjs';
import { startCollector } from './collector.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dist = join(REPO_ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run "npm run build" before the end-to-end tests');

  // A copy, so test-only files never land in the real build output.
  const root = mkdtempSync(join(tmpdir(), 'imglio-site-'));
  cpSync(dist, root, { recursive: true });
  cpSync(join(REPO_ROOT, 'tests', 'fixtures', 'www'), join(root, '__test__'), { recursive: true });

  const nginx = await startNginx({ root, accessLog: 'anonymized' });
  const collector = await startCollector();
  process.env['IMGLIO_BASE_URL'] = nginx.url;
  process.env['IMGLIO_ACCESS_LOG'] = nginx.accessLogPath ?? '';
  process.env['IMGLIO_SITE_ROOT'] = root;
  process.env['IMGLIO_COLLECTOR_URL'] = collector.url;
  process.env['IMGLIO_COLLECTOR_LOG'] = collector.logPath;
  console.log(`nginx (pid ${nginx.pid}) serves the build at ${nginx.url}; collector at ${collector.url}`);

  return async () => {
    await nginx.stop();
    await collector.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
