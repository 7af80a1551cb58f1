import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCertificate } from '../../scripts/tls-cert.mjs';
import { chromiumTrustArgs, loadTrustedCertificates, nodeTrusts } from './trusted-certificates.ts';

describe('--ca-cert', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imglio-ca-cert-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a PEM certificate and names its key for Chromium by the SPKI SHA-256', () => {
    const made = makeSelfSignedCertificate(dir);
    const trusted = loadTrustedCertificates(made.cert);
    expect(trusted.spkiSha256).toEqual([made.spkiSha256]);
    expect(trusted.subjects[0]).toContain('CN=127.0.0.1');
    expect(chromiumTrustArgs(trusted)).toEqual([`--ignore-certificate-errors-spki-list=${made.spkiSha256}`]);
    expect(chromiumTrustArgs(undefined)).toEqual([]);
    expect(nodeTrusts(trusted, { NODE_EXTRA_CA_CERTS: made.cert })).toBe(true);
    expect(nodeTrusts(trusted, {})).toBe(false);
  });

  it('refuses what is not a readable PEM certificate, saying which', () => {
    expect(() => loadTrustedCertificates(join(dir, 'missing.pem'))).toThrow(/cannot read it \(ENOENT\)/);
    writeFileSync(join(dir, 'key-only.pem'), '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    expect(() => loadTrustedCertificates(join(dir, 'key-only.pem'))).toThrow(/no PEM certificate in it/);
    writeFileSync(join(dir, 'broken.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(() => loadTrustedCertificates(join(dir, 'broken.pem'))).toThrow(/certificate 1 does not parse/);
  });
});
