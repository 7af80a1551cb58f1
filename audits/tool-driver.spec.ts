/**
 * The generic tool driver against a fixture that follows the tools' UI
 * contract (the real tools are not built yet): the audit must take an
 * available tool through every output format, compare, download one,
 * download all and the offline run, and pass.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startNginx } from '../scripts/nginx-server.mjs';
import { runAudit } from './support/run-audit.ts';
import { ensureBuild } from './support/target.ts';

test('an available tool is driven through the whole flow, online and offline', async () => {
  const root = mkdtempSync(join(tmpdir(), 'imglio-fake-tool-'));
  cpSync(ensureBuild(), root, { recursive: true });
  const fixture = join(import.meta.dirname, 'fixtures', 'fake-tool');
  cpSync(join(fixture, 'index.html'), join(root, 'fake-tool', 'index.html'));
  cpSync(join(fixture, 'audit-fake-tool.js'), join(root, '_astro', 'audit-fake-tool.js'));
  const nginx = await startNginx({ root, accessLog: 'off' });
  try {
    const result = await runAudit({ url: `${nginx.url}/`, siteRoot: root, description: 'the build plus a fixture tool' }, [
      { slug: 'fake-tool', title: 'Fake tool', status: 'available' },
    ]);
    const run = result.tools.find((t) => t.slug === 'fake-tool');
    console.log(`fake tool: ${run?.steps.join('; ')}\noffline: ${result.offline[0]?.steps.join('; ')}`);
    expect(run?.problems).toEqual([]);
    expect(run?.formats).toEqual(['image/png', 'image/jpeg', 'image/webp']);
    expect(run?.steps.some((s) => s.startsWith('downloaded all as a ZIP'))).toBe(true);
    expect(run?.steps.some((s) => s === 'opened the compare view')).toBe(true);
    expect(result.offline[0]?.problems).toEqual([]);
    expect(result.offline[0]?.steps.some((s) => /1 result link/.test(s))).toBe(true);
    expect(result.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.evidence.slice(0, 3).join(' | ')}`)).toEqual([]);
  } finally {
    await nginx.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
