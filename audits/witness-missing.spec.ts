/**
 * Without the packet witness the audit cannot say "pass": on the real build,
 * with the witness switched off (as on a machine without root, iproute2 or
 * tcpdump), every check that ran passes, the packet check is "incomplete",
 * and so is the verdict, in the JSON attestation and the Markdown report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startNginx } from '../scripts/nginx-server.mjs';
import { tools } from '../src/tools/registry.ts';
import { writeReports } from './support/report.ts';
import { runAudit } from './support/run-audit.ts';
import { ensureBuild } from './support/target.ts';

test('without the packet witness the verdict is "incomplete", never "pass"', async () => {
  const nginx = await startNginx({ root: ensureBuild(), accessLog: 'off' });
  try {
    const result = await runAudit({ url: `${nginx.url}/`, description: 'the local build, packet witness switched off' }, tools, { scope: 'focused', packetWitness: 'off' });
    const paths = writeReports(result, join(import.meta.dirname, 'reports'), 'witness-missing');
    expect(result.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
    const packets = result.checks.find((c) => c.id === 'packet-witness');
    expect(packets?.status).toBe('incomplete');
    expect(packets?.summary).toMatch(/^the packet witness was missing: the packet witness was switched off \(packetWitness: off\)/);
    expect(result.checks.filter((c) => c.status === 'incomplete').map((c) => c.id)).toEqual(['packet-witness']);
    expect(result.verdict).toBe('incomplete');
    expect(JSON.parse(readFileSync(paths.json, 'utf8'))).toMatchObject({ verdict: 'incomplete', packetWitness: { available: false } });
    const markdown = readFileSync(paths.markdown, 'utf8');
    expect(markdown).toMatch(/^# Imglio privacy audit: INCOMPLETE$/m);
    expect(markdown).toMatch(/^- Packet witness: \*\*missing\*\* \(the packet witness was switched off/m);
    expect(markdown).toContain('| **incomplete** |');
  } finally {
    await nginx.stop();
  }
});
