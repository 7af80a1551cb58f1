/**
 * The generic tool driver against a fixture that follows the tools' UI
 * contract: the audit must take an available tool through every output
 * format, compare, download one, download all (a ZIP with one entry per
 * result) and the offline run, and pass; Compare is optional only on a tool
 * without an Output format (like Metadata).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const html = readFileSync(join(fixture, 'index.html'), 'utf8');
  const put = (slug: string, page: string) => {
    mkdirSync(join(root, slug), { recursive: true });
    writeFileSync(join(root, slug, 'index.html'), page);
  };
  put('fake-tool', html);
  // Like the Metadata tool: no Output format select and no Compare button; Compare is then not required.
  put('fake-metadata', html.replace(/<label for="format">[\s\S]*?<\/select>\n/, '').replace('<body>', '<body data-compare="none">'));
  // An Output format select without Compare is a finding.
  put('fake-no-compare', html.replace('<body>', '<body data-compare="none">'));
  cpSync(join(fixture, 'audit-fake-tool.js'), join(root, '_astro', 'audit-fake-tool.js'));
  const nginx = await startNginx({ root, accessLog: 'off' });
  try {
    const result = await runAudit({ url: `${nginx.url}/`, siteRoot: root, description: 'the build plus a fixture tool' }, [
      { slug: 'fake-tool', title: 'Fake tool', status: 'available' },
      { slug: 'fake-metadata', title: 'Fake tool without formats or Compare', status: 'available' },
      { slug: 'fake-no-compare', title: 'Fake tool with formats but no Compare', status: 'available' },
    ]);
    const run = result.tools.find((t) => t.slug === 'fake-tool');
    console.log(`fake tool: ${run?.steps.join('; ')}\noffline: ${result.offline[0]?.steps.join('; ')}`);
    expect(run?.problems).toEqual([]);
    expect(run?.formats).toEqual(['image/png', 'image/jpeg', 'image/webp']);
    // Every canary the browser can decode gets a result; the others (HEIC, JPEG XL, QOI, TIFF…) an alert.
    const results = run?.zips.at(-1)?.entries.length ?? 0;
    expect(results).toBeGreaterThanOrEqual(5);
    expect(run?.steps.some((s) => new RegExp(`^image/webp: downloaded all as a ZIP \\(\\d+ bytes, ${results} entries for ${results} result link\\(s\\)\\); every entry parsed$`).test(s))).toBe(true);
    expect(run?.flows.slice(0, 3)).toEqual(['file chooser: JPEG, PNG, WebP, AVIF', 'drop: GIF, TIFF, BMP, QOI, ICO', 'paste: SVG, HEIC, JPEG XL']);
    expect(run?.zips.flatMap((z) => z.problems)).toEqual([]);
    expect(run?.steps.some((s) => /^downloaded one result through its <a download> link \(\d+ bytes, WebP\)$/.test(s))).toBe(true);
    expect(run?.steps.some((s) => s === 'opened the compare view')).toBe(true);
    expect(result.offline[0]?.problems).toEqual([]);
    expect(result.offline[0]?.steps.some((s) => /1 result link/.test(s))).toBe(true);
    const plain = result.tools.find((t) => t.slug === 'fake-metadata');
    expect(plain?.problems).toEqual([]);
    expect(plain?.formats).toEqual([]);
    expect(plain?.steps).toContain('no compare view on this tool');
    expect(plain?.steps.some((s) => /^output: downloaded all as a ZIP \(\d+ bytes, \d+ entries/.test(s))).toBe(true);
    expect(result.tools.find((t) => t.slug === 'fake-no-compare')?.problems).toEqual(['no "Compare" button on a tool with an Output format select']);
    // Those are the only findings: that one, and the sRGB profile Chromium's own canvas encoders write into every
    // JPEG and WebP the fixture makes from inputs that had none (the output allow-list admits a profile only from
    // the input); the first of them is listed first.
    expect(result.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.evidence.slice(0, 1).join(' | ')}`)).toEqual([
      'tools: fake-no-compare: no "Compare" button on a tool with an Output format select',
      expect.stringMatching(/^outputs: fake-tool \[image\/jpeg\] imglio-canary-\w+-jpg\.jpg \(ZIP entry, from the JPEG canary\): holds APP2 ICC, which a stripped output may not contain/),
      // The build's own tool pages are not tools of this run, so the audit only feeds their file inputs the canaries;
      // the count of undownloaded results they then keep is not a documented key for this site, and fails closed.
      expect.stringMatching(/^storage: sessionStorage "imglio-unsaved-[a-z-]+" \(\d+ characters\) is not a documented preference key/),
      // The fixture tool's script is not in the build manifest, so the load-time allow-list refuses it, as it must.
      expect.stringMatching(/^load-allow-list: \[(browser|proxy), load \/fake-tool\/\] GET http:\/\/127\.0\.0\.1:\d+\/_astro\/audit-fake-tool\.js .*not in the load-time allow-list/),
    ]);
    expect(result.checks.find((c) => c.id === 'outputs')?.evidence.filter((e) => typeof e === 'string' && /: holds (?!APP2 ICC|ICCP)/.test(e))).toEqual([]);
  } finally {
    await nginx.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
