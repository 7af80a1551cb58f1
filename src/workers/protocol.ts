/**
 * Messages between the worker pool (main thread) and the image worker.
 * Buffers travel as transferables: the sender's copy is detached.
 */
import type {
  ImageErrorData, InputFormat, MetadataReport, ProcessRequest, ProcessResult, StripMode, StripResult, TuneRequest, TuneUpdate, ViewOpened,
} from '../core/types.ts';

export type WorkerRequest =
  /** singleThread: the pool counts this job as one core, so AVIF must use its single-threaded build. */
  | { readonly type: 'process'; readonly id: number; readonly request: ProcessRequest; readonly singleThread?: boolean }
  /** The answer to 'started' for a process job: decode now (the pool keeps the pixels in flight within its memory budget). */
  | { readonly type: 'proceed'; readonly id: number }
  | { readonly type: 'inspect'; readonly id: number; readonly input: ArrayBuffer }
  | { readonly type: 'strip'; readonly id: number; readonly input: ArrayBuffer; /* honest lane */ readonly mode?: StripMode }
  // --- live-view lane: a view session runs in a worker of its own (src/engine/view-session.ts) ---
  /** Decode and keep the source; answer with the before side for display. */
  | { readonly type: 'view-open'; readonly id: number; readonly input: ArrayBuffer }
  /** Re-encode the kept source; a higher generation supersedes lower ones (the worker skips their remaining work). */
  | { readonly type: 'view-tune'; readonly id: number; readonly generation: number; readonly request: TuneRequest }
  /** The full encode's bytes (made by the pool): decode them for display and measure SSIM against the kept source. */
  | { readonly type: 'view-measure'; readonly id: number; readonly generation: number; readonly request: TuneRequest; readonly output: ArrayBuffer };
  // --- end live-view lane ---

export type WorkerResponse =
  | { readonly type: 'ready' }
  /**
   * The job's header is read (before any decoding): the pool sets the job's time budget from the real size and
   * format (src/lib/job-budget.ts). Until then a small header budget applies.
   */
  | { readonly type: 'started'; readonly id: number; readonly format: InputFormat; readonly width: number; readonly height: number }
  /** The job moved on to a step, so a timeout can say which step ran too long. */
  | { readonly type: 'stage'; readonly id: number; readonly stage: 'decode' | 'edit' | 'encode' }
  | { readonly type: 'processed'; readonly id: number; readonly result: ProcessResult; readonly peakPixels: number }
  | { readonly type: 'inspected'; readonly id: number; readonly report: MetadataReport }
  | { readonly type: 'stripped'; readonly id: number; readonly result: StripResult }
  // --- live-view lane ---
  | { readonly type: 'view-opened'; readonly id: number; readonly opened: ViewOpened }
  | { readonly type: 'view-tuned'; readonly id: number; readonly generation: number; readonly update: TuneUpdate }
  // --- end live-view lane ---
  | {
      readonly type: 'failed';
      readonly id: number;
      readonly error: ImageErrorData;
      readonly peakPixels: number;
      /** A codec trapped or ran out of memory: its wasm state is suspect, so the pool replaces this worker. */
      readonly replaceWorker: boolean;
    };
