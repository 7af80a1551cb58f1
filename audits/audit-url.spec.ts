/**
 * AUDIT_URL mode, as `AUDIT_URL=http://host:port/ npm run audit` runs it:
 * a second nginx, started separately on its own port, is audited without
 * access to its files (the shipped code is found by crawling) and passes.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startNginx } from '../scripts/nginx-server.mjs';
import { tools } from '../src/tools/registry.ts';
import { writeReports } from './support/report.ts';
import { runAudit } from './support/run-audit.ts';
import { ensureBuild, resolveTarget } from './support/target.ts';

test('AUDIT_URL audits a separately started deployment read-only, by crawling, and passes', async () => {
  const other = await startNginx({ root: ensureBuild(), accessLog: 'off' });
  try {
    const served = await resolveTarget({ AUDIT_URL: other.url });
    expect(served.target.url).toBe(`${other.url}/`);
    expect(served.target.siteRoot).toBeUndefined();
    const result = await runAudit(served.target, tools);
    writeReports(result, join(import.meta.dirname, 'reports'), 'audit-url-second-nginx');
    console.log(`AUDIT_URL=${other.url}: ${result.verdict}; ${result.staticScan.how}; ${result.staticScan.pages.length} page(s), ${result.staticScan.scripts.length} script(s)`);
    expect(result.staticScan.scripts.length, 'the crawl found the site scripts').toBeGreaterThan(0);
    expect(result.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.evidence.slice(0, 3).join(' | ')}`)).toEqual([]);
    expect(result.verdict, 'every witness was present').toBe('pass');
  } finally {
    await other.stop();
  }
});
