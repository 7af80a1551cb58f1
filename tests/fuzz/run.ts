/**
 * npm run fuzz: the whole corpus (or a part of it) through the real engine in
 * Debian's Chromium, on the built site served by nginx with the shipped
 * nginx.conf. Prints the counts, the issue-10 files and the peak renderer
 * memory; writes test-results/fuzz/latest.json; exits 1 on any tab crash,
 * hang, generic message, good file rejected, wrong output, request caused by
 * an input, or memory at 3 GiB or more.
 *
 *   npm run fuzz -- [--seed N] [--sample N] [--only REGEX] [--batch N]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { REPO_ROOT, startNginx } from '../../scripts/nginx-server.mjs';
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/tool-paths.mjs';
import { hangCutoffMs } from './budget.ts';
import { isGenericMessage } from './generic.ts';
import { DEFAULT_SEED, generateCorpus, sampleCorpus } from './generate.ts';
import { startRendererMemorySampler } from './memory.ts';
import { formatReport, verdict } from './report.ts';
import { runInputs } from './runner.ts';
import { LEAK_MARKER } from './svg-inputs.ts';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    sample: { type: 'string' },
    only: { type: 'string' },
    batch: { type: 'string', default: '8' },
  },
});
const log = (line: string) => console.error(`[fuzz] ${line}`);
const seed = Number(args.seed);
const generated = Date.now();
let inputs = await generateCorpus({ seed });
log(`${inputs.length} inputs generated from seed ${seed} in ${Date.now() - generated} ms`);
if (args.sample) inputs = sampleCorpus(inputs, Number(args.sample), seed);
if (args.only) inputs = inputs.filter((input) => new RegExp(String(args.only)).test(input.id));
log(`running ${inputs.length}`);

const nginx = await startNginx({ root: join(REPO_ROOT, 'dist'), accessLog: 'anonymized' });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
const memory = startRendererMemorySampler(250);
let exitCode = 1;
try {
  const run = await runInputs(inputs, { browser, baseUrl: nginx.url, batchSize: Number(args.batch), cutoffMs: hangCutoffMs, isGeneric: isGenericMessage, log, seed });
  const peak = memory.stop();
  const leaked = nginx.accessLogPath ? readFileSync(nginx.accessLogPath, 'utf8').split('\n').filter((line) => line.includes(LEAK_MARKER)) : [];
  const withLog = { ...run, unexpectedRequests: [...run.unexpectedRequests, ...leaked.map((line) => `nginx saw: ${line}`)] };
  const meta = { seed: String(seed), chromium: browser.version(), date: new Date().toISOString() };
  console.log(formatReport(withLog, peak, meta));
  const result = verdict(withLog, peak);
  const dir = join(REPO_ROOT, 'test-results', 'fuzz');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ ...meta, verdict: result, memory: peak, ms: run.ms, batches: run.batches, unexpectedRequests: withLog.unexpectedRequests, results: run.results }, null, 1);
  writeFileSync(join(dir, `fuzz-${meta.date.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(dir, 'latest.json'), json);
  console.log(result.ok ? '\nPASS: no crash, hang, generic message, rejected good file or leak.' : `\nFAIL (${result.problems.length}):\n  ${result.problems.join('\n  ')}`);
  console.log(`Report: ${join(dir, 'latest.json')}`);
  exitCode = result.ok ? 0 : 1;
} finally {
  memory.stop();
  await browser.close();
  await nginx.stop();
}
process.exit(exitCode);
