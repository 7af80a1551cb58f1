#!/usr/bin/env node
// The `imglio-audit` command. The audit is TypeScript, run through tsx's
// loader (a pinned dependency) so the package ships its sources as they are
// reviewed, with no separate compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv.slice(2));
