// @ts-check
/**
 * A throwaway self-signed certificate for 127.0.0.1 (and ::1, localhost),
 * made by openssl at test time: the TLS tests never ship or reuse a key.
 */
import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} dir where tls.crt and tls.key are written
 * @returns {{ cert: string, key: string, spkiSha256: string }} the paths and the base64 SHA-256 of the public key (SPKI)
 */
export function makeSelfSignedCertificate(dir) {
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  const result = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
    '-keyout', key, '-out', cert,
  ], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl could not make a test certificate: ${result.stderr || result.error}`);
  return { cert, key, spkiSha256: spkiSha256(readFileSync(cert, 'utf8')) };
}

/** base64 SHA-256 of a PEM certificate's SubjectPublicKeyInfo (what Chromium's --ignore-certificate-errors-spki-list takes). */
export function spkiSha256(/** @type {string} */ pem) {
  const der = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}
