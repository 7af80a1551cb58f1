// @ts-check
// Where the tests find Debian's Chromium and nginx (overridable for other systems).
import { existsSync } from 'node:fs';

/** @param {string[]} candidates */
function firstExisting(candidates) {
  return candidates.find((path) => existsSync(path)) ?? candidates[0] ?? '';
}

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || firstExisting(['/usr/bin/chromium', '/usr/bin/chromium-browser']);
}

export function nginxPath() {
  return process.env.NGINX_PATH || firstExisting(['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx']);
}

/** Flags for a quiet, offline headless Chromium (no background traffic of its own). */
export const CHROMIUM_ARGS = [
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
