// @ts-check
// Stops `npm test` at once, with the fix, when the real browser or server is missing.
import { accessSync, constants } from 'node:fs';
import { chromiumPath, nginxPath } from './tool-paths.mjs';

const missing = [];
for (const [name, path] of /** @type {const} */ ([['chromium', chromiumPath()], ['nginx', nginxPath()]])) {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    missing.push(`${name} (looked for ${path})`);
  }
}
if (missing.length > 0) {
  console.error(`Cannot run the tests: missing ${missing.join(' and ')}.`);
  console.error('Install them on Debian/Ubuntu with:  sudo apt-get install -y chromium nginx');
  console.error('or point CHROMIUM_PATH / NGINX_PATH at existing binaries.');
  process.exit(1);
}
// The audit's packet witness (audits/support/netns.ts) runs Chromium in a network namespace and captures
// its packets: without root, iproute2 and tcpdump the audit's verdict is "incomplete" and its test fails.
const witness = [];
if (typeof process.getuid === 'function' && process.getuid() !== 0) witness.push('root (ip netns and tcpdump need it)');
for (const [name, dirs] of /** @type {const} */ ([['ip', ['/usr/sbin', '/usr/bin', '/sbin', '/bin']], ['tcpdump', ['/usr/bin', '/usr/sbin']]])) {
  if (!dirs.some((dir) => { try { accessSync(`${dir}/${name}`, constants.X_OK); return true; } catch { return false; } })) witness.push(name === 'ip' ? 'iproute2 (ip)' : 'tcpdump');
}
if (witness.length > 0) {
  console.error(`Cannot run the tests: the audit's packet witness needs ${witness.join(', ')}.`);
  console.error('Install the tools with:  sudo apt-get install -y iproute2 tcpdump   and run the tests as root.');
  process.exit(1);
}
console.log(`test prerequisites: chromium at ${chromiumPath()}, nginx at ${nginxPath()}, root with ip and tcpdump for the packet witness`);
