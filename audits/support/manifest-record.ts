/**
 * The deployment's build manifest as the audit records it: its URL, the
 * SHA-256 of the exact bytes served and the commit it names, so an audit
 * report says which build it audited (and `verify` can prove the rest).
 */
import { createHash } from 'node:crypto';
import { MANIFEST_PATH, parseManifest } from '../lib/manifest.ts';
import { rawRequest } from './http-raw.ts';

export interface ManifestRecord {
  readonly url: string;
  /** SHA-256 of the exact bytes served, null when none was served. */
  readonly sha256: string | null;
  readonly commit: string | null;
  readonly dirty: boolean | null;
  readonly version: string | null;
  /** Why there is no usable manifest, when there is none. */
  readonly problem?: string;
}

export async function fetchManifestRecord(baseUrl: string): Promise<ManifestRecord> {
  const url = new URL(MANIFEST_PATH, baseUrl).href;
  try {
    const response = await rawRequest(url);
    if (response.status !== 200) return { url, sha256: null, commit: null, dirty: null, version: null, problem: `status ${response.status}` };
    const sha256 = createHash('sha256').update(response.body).digest('hex');
    try {
      const manifest = parseManifest(response.body.toString('utf8'));
      return { url, sha256, commit: manifest.source.commit, dirty: manifest.source.dirty, version: manifest.version };
    } catch (error) {
      return { url, sha256, commit: null, dirty: null, version: null, problem: (error as Error).message };
    }
  } catch (error) {
    return { url, sha256: null, commit: null, dirty: null, version: null, problem: (error as Error).message };
  }
}
