/**
 * Time left in a batch, from the throughput so far. Throughput (files per ms
 * of wall time since the first start) already includes the parallelism of
 * the worker pool, so no core count is needed.
 */
export interface BatchTiming {
  /** When the first job of the current run started (ms, any monotonic clock). */
  readonly startedAt: number | undefined;
  readonly now: number;
  /** Files finished (done or failed) since startedAt. */
  readonly finished: number;
  /** Files still queued or working. */
  readonly remaining: number;
}

/** Milliseconds left, or undefined until at least one file has finished. */
export function estimateRemainingMs({ startedAt, now, finished, remaining }: BatchTiming): number | undefined {
  if (remaining === 0) return 0;
  if (startedAt === undefined || finished === 0) return undefined;
  const elapsed = Math.max(0, now - startedAt);
  return (elapsed / finished) * remaining;
}
