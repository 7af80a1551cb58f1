/**
 * The reduced fuzz run inside npm test: ~150 inputs of the seeded corpus
 * (tests/fuzz/generate.ts), every issue-10 file among them, through the real
 * engine on /lab/ in batches mixed with good files. No tab crash, no hang,
 * no generic message, no good file rejected, no request caused by an input.
 * (npm run fuzz runs the whole corpus and measures memory.)
 */
import { expect, test } from '@playwright/test';
import { hangCutoffMs } from '../fuzz/budget.ts';
import { DEFAULT_SEED, generateCorpus, sampleCorpus } from '../fuzz/generate.ts';
import { isGenericMessage } from '../fuzz/generic.ts';
import { formatReport, verdict } from '../fuzz/report.ts';
import { runInputs } from '../fuzz/runner.ts';
import { baseUrl } from './support.ts';

test('a seeded sample of hostile and valid files: each converts or fails alone with a specific message', async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  const inputs = sampleCorpus(await generateCorpus({ seed: DEFAULT_SEED }), 150, DEFAULT_SEED);
  expect(inputs.length).toBeGreaterThanOrEqual(140);
  expect(inputs.filter((input) => input.issue).length, 'every issue-10 file is in the sample').toBe(10);
  const run = await runInputs(inputs, { browser, baseUrl: baseUrl(), cutoffMs: hangCutoffMs, isGeneric: isGenericMessage, seed: DEFAULT_SEED, log: (line) => console.log(`[fuzz] ${line}`) });
  console.log(formatReport(run, undefined, { seed: String(DEFAULT_SEED), sample: String(inputs.length) }));
  expect(run.results.filter((r) => r.kind !== 'control')).toHaveLength(inputs.length);
  expect(verdict(run).problems).toEqual([]);
});
