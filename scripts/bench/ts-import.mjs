// @ts-check
/**
 * Imports one of the project's pure TypeScript modules (src/lib/*) into the
 * benchmark's Node process, so the sharp side runs the very same code as the
 * worker (the quality search's rule, SSIM) instead of a copy. esbuild (a
 * devDependency) bundles the module to a temporary .mjs once per run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { REPO_ROOT } from '../nginx-server.mjs';

/** @param {string} relativePath e.g. 'src/lib/ssim.ts' @returns {Promise<any>} */
export async function importProjectModule(relativePath) {
  const dir = mkdtempSync(join(tmpdir(), 'imglio-bench-ts-'));
  const outfile = join(dir, `${basename(relativePath, '.ts')}.mjs`);
  try {
    await build({ entryPoints: [resolve(REPO_ROOT, relativePath)], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
