/**
 * How long the runner waits for one job before calling it a hang: a little
 * above the longest the engine's watchdog (src/engine/pool.ts) can let it run
 * (start-up + header time + the job's own budget from src/lib/job-budget.ts,
 * computed here from the same header facts), so a job the watchdog stops
 * counts as a specific failure ('timeout') and only one nothing stops counts
 * as a hang.
 */
import { resolveOutputFormat } from '../../src/codecs/registry.ts';
import { readHeaderDimensions } from '../../src/lib/header-dimensions.ts';
import { HEADER_BUDGET_MS, jobBudget, STARTUP_BUDGET_MS, type JobBudgetFacts } from '../../src/lib/job-budget.ts';
import { sniff } from '../../src/lib/sniff.ts';
import type { FuzzInput } from './generate.ts';

/** Beyond the watchdog's own limit: message passing, worker replacement, a busy machine. */
export const HANG_MARGIN_MS = 15_000;

export function watchdogLimitMs(input: FuzzInput): number {
  const bytes = new Uint8Array(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const sniffed = bytes.length > 0 ? sniff(bytes) : undefined;
  if (sniffed?.kind !== 'image') return STARTUP_BUDGET_MS + HEADER_BUDGET_MS;
  const header = readHeaderDimensions(bytes, sniffed.format);
  const width = header.ok ? header.width : 0;
  const height = header.ok ? header.height : 0;
  const base: JobBudgetFacts = { kind: 'process', inputFormat: sniffed.format, width, height, inputBytes: bytes.length };
  let facts = base;
  try {
    const encoder = resolveOutputFormat(input.output, sniffed.format);
    const options = Object.fromEntries(encoder.options.map((option) => [option.key, option.default]));
    facts = { ...base, output: { format: encoder.format, options, smart: 'none', pixels: width * height, edited: false } };
  } catch {
    // the engine refuses the output format itself
  }
  return STARTUP_BUDGET_MS + HEADER_BUDGET_MS + jobBudget(facts).ms;
}

export function hangCutoffMs(input: FuzzInput): number {
  const override = Number(process.env['FUZZ_HANG_MS']);
  if (Number.isFinite(override) && override > 0) return override;
  return watchdogLimitMs(input) + HANG_MARGIN_MS;
}
