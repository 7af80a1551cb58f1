/**
 * The container's TLS setup (docker/30-imglio-tls.sh, the same nginx.conf)
 * with a self-signed certificate made by openssl for this run, on 127.0.0.1:
 * `imglio-audit run https://127.0.0.1:PORT/ --ca-cert tls.crt` (the bin, as a
 * security team runs it; focused scope, every page still loaded and watched)
 * passes with Observatory grade A+ computed in the run (HSTS, the HTTP→HTTPS
 * redirect and the headers), and `imglio-audit verify` over HTTPS passes with
 * the manifest's TLS-only headers. Without --ca-cert the certificate is refused.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startNginx } from '../scripts/nginx-server.mjs';
import { makeSelfSignedCertificate } from '../scripts/tls-cert.mjs';
import { ensureBuild } from './support/target.ts';

const BIN = join(import.meta.dirname, 'bin', 'imglio-audit.mjs');

async function runBin(args: string[]): Promise<{ code: number; stdout: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
  return { code, stdout };
}

test('over HTTPS with a mounted certificate: the audit passes with Observatory A+, verify passes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imglio-https-'));
  const certificate = makeSelfSignedCertificate(dir);
  const nginx = await startNginx({ root: ensureBuild(), accessLog: 'off', tls: certificate });
  try {
    const url = `${nginx.httpsUrl}/`;

    const refused = await runBin(['verify', url, '--out', join(dir, 'refused')]);
    expect(refused.code, `without --ca-cert the self-signed certificate is refused:\n${refused.stdout}`).not.toBe(0);
    expect(refused.stdout).toMatch(/self[- ]signed|certificate/i);

    const verified = await runBin(['verify', url, '--ca-cert', certificate.cert, '--out', join(dir, 'verify')]);
    console.log(`verify ${url} --ca-cert → exit ${verified.code}\n${verified.stdout}`);
    expect(verified.code, verified.stdout).toBe(0);

    const audited = await runBin(['run', url, '--ca-cert', certificate.cert, '--scope', 'focused', '--out', join(dir, 'run')]);
    console.log(`run ${url} --ca-cert --scope focused → exit ${audited.code}\n${audited.stdout}`);
    const report = JSON.parse(readFileSync(join(dir, 'run', 'latest.json'), 'utf8')) as {
      verdict: string;
      observatory: { score: number; grade: string; modifiers: Array<{ test: string; result: string; scored: boolean }> };
      target: { description: string };
      checks: Array<{ id: string; status: string; summary: string }>;
    };
    const byTest = Object.fromEntries(report.observatory.modifiers.map((m) => [m.test, m]));
    expect(byTest['strict-transport-security']).toMatchObject({ result: 'hsts-implemented-max-age-at-least-six-months', scored: true });
    expect(byTest['redirection']).toMatchObject({ result: 'redirection-to-https', scored: true });
    expect(report.observatory.grade, JSON.stringify(report.observatory)).toBe('A+');
    expect(report.target.description).toContain('--ca-cert');
    expect(report.checks.find((c) => c.id === 'headers')).toMatchObject({ status: 'pass', summary: expect.stringContaining('over HTTPS, each with HSTS of six months or more') });
    expect(audited.code, audited.stdout).toBe(0);
    expect(report.verdict).toBe('pass');
  } finally {
    await nginx.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
