#!/usr/bin/env node
// The `imglio-audit` command. The package ships its TypeScript sources as
// reviewed; typescript-hooks.mjs transpiles them on load (esbuild, pinned).
import { spawn } from 'node:child_process';
import { register } from 'node:module';
import { resolve } from 'node:path';

// --ca-cert <file>: Node reads extra CAs only at start-up, so start again with
// NODE_EXTRA_CA_CERTS naming the file (only this run trusts it; checks stay on).
const args = process.argv.slice(2);
const at = args.findIndex((a) => a === '--ca-cert' || a.startsWith('--ca-cert='));
const caCert = at < 0 ? undefined : args[at].startsWith('--ca-cert=') ? args[at].slice('--ca-cert='.length) : args[at + 1];
if (caCert && process.env.NODE_EXTRA_CA_CERTS !== resolve(caCert)) {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...args], { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: resolve(caCert) } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 2)));
} else {
  register('./typescript-hooks.mjs', import.meta.url);
  const { main } = await import('../cli.ts');
  process.exitCode = await main(args);
}
