/**
 * How long the runner waits for one job before calling it a hang: a little
 * above the engine's own watchdog budget, so a job the watchdog stops counts
 * as a specific failure ('timeout') and only one nothing stops counts as a hang.
 */
import type { FuzzInput } from './generate.ts';

/** Fixed until the watchdog's budget function is merged. */
export const DEFAULT_HANG_MS = 30_000;

export function hangCutoffMs(_input: FuzzInput): number {
  const override = Number(process.env['FUZZ_HANG_MS']);
  return Number.isFinite(override) && override > 0 ? override : DEFAULT_HANG_MS;
}
