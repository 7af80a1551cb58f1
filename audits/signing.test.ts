/**
 * The documented way to sign an attestation offline (README, /verify/):
 * ssh-keygen -Y sign with a namespace of "imglio-audit", checked with
 * ssh-keygen -Y verify against an allowed_signers file. A real round trip
 * with a throwaway key, and a tampered attestation that must not verify.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

describe('signing the JSON attestation with an SSH key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imglio-sign-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('signs with ssh-keygen -Y sign and verifies with ssh-keygen -Y verify; a changed byte fails', () => {
    const key = join(dir, 'key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'auditor@example.org', '-f', key]);
    const attestation = join(dir, 'attestation.json');
    writeFileSync(attestation, `${JSON.stringify({ kind: 'imglio-privacy-audit-attestation', version: 1, verdict: 'pass', manifest: { sha256: 'a'.repeat(64) } }, null, 2)}\n`);
    execFileSync('ssh-keygen', ['-Y', 'sign', '-f', key, '-n', 'imglio-audit', attestation], { stdio: 'pipe' });
    const signature = `${attestation}.sig`;
    expect(readFileSync(signature, 'utf8')).toMatch(/^-----BEGIN SSH SIGNATURE-----/);
    const allowed = join(dir, 'allowed_signers');
    writeFileSync(allowed, `auditor@example.org namespaces="imglio-audit" ${readFileSync(`${key}.pub`, 'utf8').trim()}\n`);
    const verify = (input: Buffer, namespace = 'imglio-audit') => spawnSync('ssh-keygen', ['-Y', 'verify', '-f', allowed, '-I', 'auditor@example.org', '-n', namespace, '-s', signature], { input, encoding: 'utf8' });

    const good = verify(readFileSync(attestation));
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/Good "imglio-audit" signature for auditor@example.org/);

    const tampered = Buffer.from(readFileSync(attestation, 'utf8').replace('"pass"', '"fail"'));
    expect(verify(tampered).status).not.toBe(0);
    expect(verify(readFileSync(attestation), 'other-namespace').status).not.toBe(0);
  });
});
