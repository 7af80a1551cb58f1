/** The browser's side of the batch controller: the engine, object URLs, timers, thumbnails. */
import { encoders, resolveOutputFormat } from '../../codecs/registry.ts';
import type { ImageFormat } from '../../core/formats.ts';
import type { BatchDeps, BatchMode } from '../../batch/controller.ts';
import { describeFailure, runMetadataJob, runProcessJob } from './run-job.ts';
import { makeThumbnail } from './thumbnail.ts';

/** Enough jobs to keep every worker busy, few enough that only a handful of files sit in memory. */
// (The island is also rendered at build time, where there is no navigator.)
const concurrency = (): number => Math.min(8, Math.max(2, ((typeof navigator === 'undefined' ? 0 : navigator.hardwareConcurrency) || 2) + 1));

/** What "Same as input" becomes for an input format (the worker applies the same rule). */
function resolveSame(input: ImageFormat): ImageFormat | undefined {
  try {
    return resolveOutputFormat('same', input).format;
  } catch {
    return undefined;
  }
}

export function browserBatchDeps(mode: BatchMode): BatchDeps {
  return {
    runJob: mode === 'metadata' ? runMetadataJob : runProcessJob,
    describeFailure,
    createUrl: (blob) => URL.createObjectURL(blob),
    revokeUrl: (url) => URL.revokeObjectURL(url),
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
    now: () => performance.now(),
    concurrency: concurrency(),
    impact: { encoders, resolveSame },
    makeThumbnail,
  };
}
