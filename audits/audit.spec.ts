/**
 * The privacy audit in the test suite, through the package's own entry
 * (cli.ts, what `imglio-audit run` and `npm run audit` call): the target is
 * AUDIT_URL, or the local build served by nginx; the tools come from the
 * deployment's home page, and must be exactly the site's registry. Writes
 * the JSON attestation and the Markdown report to audits/reports/ and fails
 * on any finding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from '../scripts/nginx-server.mjs';
import { tools } from '../src/tools/registry.ts';
import { auditCommand, discoverTools, summarize } from './cli.ts';
import { resolveTarget } from './support/target.ts';

test('privacy audit', async () => {
  const served = await resolveTarget();
  try {
    const published = await discoverTools(served.target.url);
    expect(published, 'the home page publishes every tool of the registry').toEqual(tools.map((t) => ({ slug: t.slug, title: t.title, status: t.status })));
    const { result, reports } = await auditCommand(served.target.url, { out: join(import.meta.dirname, 'reports'), tools: published, ...(served.target.siteRoot ? { siteRoot: served.target.siteRoot } : {}) });
    console.log(`${summarize(result, `Audit of ${result.target.url}`, reports)}\nObservatory ${result.observatory.grade} (${result.observatory.score}); build manifest ${result.manifest.sha256 ?? `none (${result.manifest.problem ?? 'not served'})`}`);
    // The report names the audited build: for the local build, the manifest hash the build printed.
    if (served.target.siteRoot) expect(result.manifest.sha256).toBe(readFileSync(join(REPO_ROOT, 'build', 'manifest.sha256'), 'utf8').split(/\s/)[0]);
    const failed = result.checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => `${c.id}: ${c.summary}\n    ${c.evidence.slice(0, 5).map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n    ')}`), 'findings').toEqual([]);
    // A missing witness (no root, no ip or tcpdump, AUDIT_PACKET_WITNESS=off) is not a pass: the verdict is 'incomplete'.
    const incomplete = result.checks.filter((c) => c.status === 'incomplete');
    expect(incomplete.map((c) => `${c.id}: ${c.summary}`), 'witnesses missing (verdict "incomplete")').toEqual([]);
    expect(result.verdict).toBe('pass');
  } finally {
    await served.stop();
  }
});
