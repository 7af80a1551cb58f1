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
console.log(`test prerequisites: chromium at ${chromiumPath()}, nginx at ${nginxPath()}`);
