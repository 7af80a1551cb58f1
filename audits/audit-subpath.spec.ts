/**
 * A deployment under a path prefix, as the container serves it with
 * IMGLIO_BASE_PATH=/tools/imglio/ (nginx with the shipped nginx.conf, its site
 * locations rendered by docker/50-imglio-base-path.sh): `imglio-audit run` and
 * `imglio-audit verify --expect <the clean build's manifest>`, run as a
 * security team runs them (the bin), both pass against
 * http://127.0.0.1:PORT/tools/imglio/. The manifest is the same file as at "/"
 * (one build), and every path it lists is checked under the prefix.
 * `run` is focused (one tool, one canary) to keep `npm test` short;
 * AUDIT_SUBPATH_SCOPE=full runs the whole audit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startNginx } from '../scripts/nginx-server.mjs';
import { ensureBuild } from './support/target.ts';

const BIN = join(import.meta.dirname, 'bin', 'imglio-audit.mjs');
const PREFIX = '/tools/imglio/';

interface Report {
  readonly verdict: string;
  readonly target: { readonly url: string };
  readonly manifest: { readonly sha256: string | null };
  readonly checks: Array<{ id: string; status: string; summary: string; evidence: unknown[] }>;
}

async function imglioAudit(args: readonly string[], latest: string): Promise<{ code: number; report: Report }> {
  const out = mkdtempSync(join(tmpdir(), 'imglio-subpath-audit-'));
  try {
    const child = spawn(process.execPath, [BIN, ...args, '--out', out], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
    console.log(`imglio-audit ${args.join(' ')} → exit ${code}\n${stdout}`);
    return { code, report: JSON.parse(readFileSync(join(out, latest), 'utf8')) as Report };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const failed = (report: Report) => report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id} (${c.status}): ${c.summary} | ${c.evidence.slice(0, 3).map(String).join(' | ')}`);

test(`imglio-audit run and verify --expect pass against the same build served under ${PREFIX}`, async () => {
  const dist = ensureBuild();
  const manifestFile = join(dist, '.well-known', 'imglio', 'manifest.json');
  const nginx = await startNginx({ root: dist, accessLog: 'off', basePath: PREFIX });
  try {
    const site = nginx.siteUrl;
    expect(site).toBe(`${nginx.url}${PREFIX}`);
    // The same manifest bytes are served under the prefix; at the origin's root there is no site.
    expect(Buffer.from(await (await fetch(`${site}.well-known/imglio/manifest.json`)).arrayBuffer())).toEqual(readFileSync(manifestFile));
    expect((await fetch(`${nginx.url}/.well-known/imglio/manifest.json`)).status).toBe(404);

    const verify = await imglioAudit(['verify', site, '--expect', manifestFile], 'verify-latest.json');
    expect(failed(verify.report)).toEqual([]);
    expect(verify.report.verdict).toBe('pass');
    expect(verify.code).toBe(0);
    expect(verify.report.checks.find((c) => c.id === 'expected-build')?.status).toBe('pass');

    const scope = process.env['AUDIT_SUBPATH_SCOPE'] === 'full' ? [] : ['--scope', 'focused'];
    const run = await imglioAudit(['run', site, ...scope], 'latest.json');
    expect(run.report.target.url).toBe(site);
    expect(failed(run.report)).toEqual([]);
    expect(run.report.verdict, 'every witness was present').toBe('pass');
    expect(run.code).toBe(0);
    expect(run.report.manifest.sha256).toBe(verify.report.manifest.sha256);
  } finally {
    await nginx.stop();
  }
});
