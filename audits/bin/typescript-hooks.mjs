// Module hooks that let Node run the package's TypeScript sources as they
// are: each .ts file is transpiled by esbuild (types removed, nothing else).
// Not tsx: it always enables esbuild's keepNames, which wraps functions in
// __name(...) calls, and functions the audit hands to page.evaluate() then
// fail in the browser with "__name is not defined".
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await transform(await readFile(path, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: path, sourcemap: 'inline' });
  return { format: 'module', source: code, shortCircuit: true };
}
