/**
 * Which AVIF build a pool job runs with, decided when the job starts.
 *
 * libaom's threaded WASM build finishes one image sooner but costs about twice
 * the CPU time per megapixel of the single-threaded build (BENCHMARKS.md). So:
 * a job that would run alone gets the threaded build and every core; a job that
 * starts while others wait in the queue or run (a batch) gets the
 * single-threaded build and one core, so N workers encode N images at once.
 */
export interface ThreadPlanInput {
  /** The job may use a threaded encoder build (AVIF output on a cross-origin isolated page). */
  readonly threadable: boolean;
  /** Other jobs queued behind this one. */
  readonly waiting: number;
  /** Cores the pool's running jobs keep busy. */
  readonly busy: number;
  /** Cores the pool may keep busy. */
  readonly threadBudget: number;
}

export interface ThreadPlan {
  /** Tell the worker to use the single-threaded build. */
  readonly singleThread: boolean;
  /** Cores the job counts as while it runs. */
  readonly cost: number;
}

export function planEncoderThreads({ threadable, waiting, busy, threadBudget }: ThreadPlanInput): ThreadPlan {
  if (!threadable) return { singleThread: false, cost: 1 };
  if (waiting > 0 || busy > 0) return { singleThread: true, cost: 1 };
  return { singleThread: false, cost: Math.max(1, threadBudget) };
}
