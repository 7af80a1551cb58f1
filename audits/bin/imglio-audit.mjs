#!/usr/bin/env node
// The `imglio-audit` command. The package ships its TypeScript sources as
// reviewed; typescript-hooks.mjs transpiles them on load (esbuild, pinned).
import { register } from 'node:module';

register('./typescript-hooks.mjs', import.meta.url);
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv.slice(2));
