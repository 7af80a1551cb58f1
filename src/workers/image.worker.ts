/// <reference lib="webworker" />
/**
 * The image worker: receives jobs from the pool (src/engine/pool.ts), runs
 * them one at a time and answers with transferable buffers. Codecs load
 * lazily inside each encoder on first use.
 */
import { inspectHeader } from '../codecs/decode.ts';
import { inspectMetadata } from '../codecs/metadata.ts';
import { setSingleThreadOnly } from '../codecs/wasm.ts';
import { ImageError, type InputFormat } from '../core/types.ts';
import { classifyError, type ErrorStage } from '../lib/image-errors.ts';
import { processImage } from './pipeline.ts';
import { stripImage } from './strip.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';
// live-view lane
import { measureViewResult, noteTuneGeneration, openViewSession, tuneViewSession, viewError } from './live-view.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerResponse, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

/** Decode and encode already classify their own failures; whatever else escapes is classified by the job's kind. */
function toImageError(error: unknown, message: WorkerRequest, format: SniffedFormat): ImageError {
  const stage: ErrorStage = message.type === 'inspect' ? { stage: 'inspect', ...format } : message.type === 'strip' ? { stage: 'strip', ...format } : { stage: 'worker' };
  return classifyError(error, stage);
}

type SniffedFormat = { format?: InputFormat };

/** Tells the pool the job's real size and format as soon as the header is read, so its time budget fits the job. */
function reportStarted(id: number, header: { readonly format: InputFormat; readonly width: number; readonly height: number }, seen: SniffedFormat): void {
  seen.format = header.format;
  post({ type: 'started', id, format: header.format, width: header.width, height: header.height });
}

/** Admission of the running job by the pool ('proceed'); an answer that came first is remembered. */
let pendingAdmission: { readonly id: number; readonly resolve: () => void } | undefined;
const admittedEarly = new Set<number>();
const admission = (id: number) => (): Promise<void> =>
  admittedEarly.delete(id) ? Promise.resolve() : new Promise<void>((resolve) => (pendingAdmission = { id, resolve }));

async function handle(message: WorkerRequest): Promise<void> {
  let peakPixels = 0;
  const seen: SniffedFormat = {};
  try {
    switch (message.type) {
      case 'process': {
        // Safe as worker-wide state: this worker runs one job at a time.
        setSingleThreadOnly(message.singleThread === true);
        const outcome = await processImage(message.request, {
          onHeader: (header) => reportStarted(message.id, header, seen),
          onStage: (stage) => post({ type: 'stage', id: message.id, stage }),
          admit: admission(message.id),
        });
        peakPixels = outcome.peakPixels;
        post({ type: 'processed', id: message.id, result: outcome.result, peakPixels }, [outcome.result.output]);
        return;
      }
      case 'inspect':
        // The header is read again inside (cheap, bounded): reported first so the budget fits the file.
        reportStarted(message.id, inspectHeader(new Uint8Array(message.input), undefined), seen);
        post({ type: 'inspected', id: message.id, report: await inspectMetadata(message.input) });
        return;
      case 'proceed':
        return;
      case 'strip': {
        reportStarted(message.id, inspectHeader(new Uint8Array(message.input), undefined), seen);
        const result = await stripImage(message.input, message.mode ?? 'all');
        post({ type: 'stripped', id: message.id, result }, [result.output]);
        return;
      }
      // --- live-view lane: a session worker keeps the decoded source between tweaks (src/workers/live-view.ts) ---
      case 'view-open': {
        const { opened, transfer } = await openViewSession(message.input);
        post({ type: 'view-opened', id: message.id, opened }, transfer);
        return;
      }
      case 'view-tune':
        await tuneViewSession(message.generation, message.request, (update, transfer) =>
          post({ type: 'view-tuned', id: message.id, generation: message.generation, update }, transfer));
        return;
      case 'view-measure':
        await measureViewResult(message.generation, message.request, message.output, (update, transfer) =>
          post({ type: 'view-tuned', id: message.id, generation: message.generation, update }, transfer));
        return;
      // --- end live-view lane ---
    }
  } catch (error) {
    // live-view lane: a session's failures are its own sentences
    const failure = message.type === 'view-open' || message.type === 'view-tune' || message.type === 'view-measure' ? viewError(error) : toImageError(error, message, seen);
    const replaceWorker = failure.code === 'out-of-memory' || failure.code === 'encode-failed';
    post({ type: 'failed', id: message.id, error: failure.toData(), peakPixels, replaceWorker });
  }
}

// Jobs run strictly one after another: the pool sends one at a time, and a queue keeps that true regardless.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  // The admission of the running job must not wait behind that job.
  if (message.type === 'proceed') {
    if (pendingAdmission?.id === message.id) {
      const { resolve } = pendingAdmission;
      pendingAdmission = undefined;
      resolve();
    } else {
      admittedEarly.add(message.id);
    }
    return;
  }
  // live-view lane: a newer tweak is known at once, so the running one can stop early.
  if (message.type === 'view-tune' || message.type === 'view-measure') noteTuneGeneration(message.generation);
  queue = queue.then(() => handle(message));
};
post({ type: 'ready' });
