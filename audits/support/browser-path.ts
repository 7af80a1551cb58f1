/**
 * Where the audit finds Chromium, and the flags it runs with. A copy of the
 * Chromium half of the project's scripts/tool-paths.mjs, because the audit
 * package imports nothing from the site's repository (a unit test keeps the
 * two lists equal).
 */
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env['CHROMIUM_PATH'] || (CANDIDATES.find((path) => existsSync(path)) ?? CANDIDATES[0] ?? '');
}

/** Flags for a quiet, offline headless Chromium (no background traffic of its own). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--metrics-recording-only',
];
