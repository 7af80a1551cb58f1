/**
 * The audit proves itself: each deliberately leaky variant of the real
 * build is served by its own nginx and audited, and the audit must fail on
 * it for the right reason (the expected check fails, with the expected
 * evidence), while unrelated checks keep passing.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { HEADERS_CONF, startNginx } from '../../scripts/nginx-server.mjs';
import { tools } from '../../src/tools/registry.ts';
import { writeReports } from '../support/report.ts';
import { runAudit } from '../support/run-audit.ts';
import { ensureBuild } from '../support/target.ts';
import { VARIANTS, type Variant } from './variants.ts';

const LEAKS = join(import.meta.dirname, 'leaks');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? htmlFiles(path) : path.endsWith('.html') ? [path] : [];
  });
}

/** A copy of the build with the variant's scripts and files added. */
function buildVariant(variant: Variant, dist: string): string {
  const root = mkdtempSync(join(tmpdir(), `imglio-mutant-${variant.name}-`));
  cpSync(dist, root, { recursive: true });
  for (const file of variant.files ?? []) cpSync(join(LEAKS, file), join(root, '_astro', file));
  if (variant.scripts?.length) {
    const scripts = ['common.js', ...variant.scripts];
    for (const file of scripts) cpSync(join(LEAKS, file), join(root, '_astro', `leak-${file}`));
    // External same-origin scripts: inline ones would be blocked by the hash CSP.
    const tags = scripts.map((file) => `<script defer src="/_astro/leak-${file}"></script>`).join('');
    for (const page of htmlFiles(root)) {
      const html = readFileSync(page, 'utf8');
      if (!html.includes('</head>')) throw new Error(`${page} has no </head>`);
      writeFileSync(page, html.replace('</head>', `${tags}</head>`));
      rmSync(`${page}.gz`, { force: true });
    }
  }
  return root;
}

for (const variant of VARIANTS) {
  test(`the audit fails on a variant with ${variant.leak}`, async () => {
    const dist = ensureBuild();
    const root = buildVariant(variant, dist);
    const headers = readFileSync(HEADERS_CONF, 'utf8');
    const noCspHeaders = headers.split('\n').filter((line) => !line.includes('Content-Security-Policy')).join('\n');
    const nginx = await startNginx({
      root,
      accessLog: 'off',
      headersConf: variant.headers ? variant.headers(headers) : headers,
      transformConf: (conf: string, dir: string) => {
        const noCsp = join(dir, 'headers-without-csp.conf');
        writeFileSync(noCsp, noCspHeaders);
        return variant.nginx ? variant.nginx(conf, noCsp) : conf;
      },
    });
    try {
      // Focused: every page, one tool, one canary, one format: enough to trigger and observe each leak.
      // AUDIT_MUTATION_SCOPE=full runs each variant through the whole audit instead (slow; for cross-checking).
      const scope = process.env['AUDIT_MUTATION_SCOPE'] === 'full' ? 'full' : 'focused';
      const result = await runAudit({ url: `${nginx.url}/`, siteRoot: root, description: `mutation "${variant.name}": ${variant.leak}` }, tools, { scope });
      writeReports(result, join(import.meta.dirname, '..', 'reports', 'mutations'), variant.name);
      const failed = result.checks.filter((c) => c.status === 'fail');
      console.log(`${variant.name} (${scope}): verdict ${result.verdict}; failed ${failed.map((c) => c.id).join(', ')}`);
      expect(result.verdict).toBe('fail');
      for (const expectation of variant.expect) {
        const check = result.checks.find((c) => c.id === expectation.check);
        expect(check?.status, `${expectation.check} must fail`).toBe('fail');
        const lines = (check?.evidence ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
        expect(lines.some((line) => expectation.evidence.test(line)), `${expectation.check} evidence matching ${expectation.evidence} in:\n${lines.slice(0, 10).join('\n')}`).toBe(true);
      }
      for (const id of variant.evades ?? []) {
        const check = result.checks.find((c) => c.id === id);
        expect(check?.status, `${id} passes: the variant is shaped to get past it (${check?.evidence.slice(0, 3).join(' | ')})`).toBe('pass');
      }
      // The failure is specific: the server still refuses writes.
      for (const id of ['server-refusals'] as const) expect(result.checks.find((c) => c.id === id)?.status, `${id} still passes`).toBe('pass');
    } finally {
      await nginx.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
}
