/**
 * `--ca-cert <file>`: trust one extra certificate (a private CA, or a
 * deployment's self-signed certificate) for this run only, explicitly, instead
 * of switching certificate checks off. Node trusts it as a CA through
 * NODE_EXTRA_CA_CERTS (read only at start-up, so the bin starts the command
 * again with it set); Chromium accepts a chain that contains one of its keys
 * (--ignore-certificate-errors-spki-list, by SHA-256 of the public key).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface TrustedCertificates {
  /** Absolute path of the PEM file. */
  readonly file: string;
  /** base64 SHA-256 of each certificate's SubjectPublicKeyInfo. */
  readonly spkiSha256: readonly string[];
  /** Subject of each certificate, for the report. */
  readonly subjects: readonly string[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads a PEM file of one or more certificates; throws a specific message when it is not one. */
export function loadTrustedCertificates(path: string): TrustedCertificates {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--ca-cert ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error(`--ca-cert ${path}: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)`);
  const certificates = blocks.map((pem, i) => {
    try {
      return new X509Certificate(pem);
    } catch (error) {
      throw new Error(`--ca-cert ${path}: certificate ${i + 1} does not parse (${(error as Error).message})`);
    }
  });
  return {
    file,
    spkiSha256: certificates.map((c) => createHash('sha256').update(c.publicKey.export({ type: 'spki', format: 'der' })).digest('base64')),
    subjects: certificates.map((c) => c.subject.replace(/\n/g, ', ')),
  };
}

/** The Chromium flag for these certificates. */
export function chromiumTrustArgs(trusted: TrustedCertificates | undefined): string[] {
  return trusted ? [`--ignore-certificate-errors-spki-list=${trusted.spkiSha256.join(',')}`] : [];
}

/** Whether this process already trusts the file (NODE_EXTRA_CA_CERTS names it). */
export function nodeTrusts(trusted: TrustedCertificates, env: Record<string, string | undefined> = process.env): boolean {
  return env['NODE_EXTRA_CA_CERTS'] !== undefined && resolve(env['NODE_EXTRA_CA_CERTS']) === trusted.file;
}
