/// <reference lib="webworker" />
/**
 * The image worker: receives jobs from the pool (src/engine/pool.ts), runs
 * them one at a time and answers with transferable buffers. Codecs load
 * lazily inside each encoder on first use.
 */
import { inspectMetadata } from '../codecs/metadata.ts';
import { setSingleThreadOnly } from '../codecs/wasm.ts';
import { ImageError } from '../core/types.ts';
import { codeUnavailableError, looksLikeCodeLoadFailure, looksLikeOutOfMemory } from '../lib/image-errors.ts';
import { processImage } from './pipeline.ts';
import { stripImage } from './strip.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerResponse, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

function toImageError(error: unknown): ImageError {
  if (error instanceof ImageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (looksLikeCodeLoadFailure(error)) return codeUnavailableError('image');
  if (looksLikeOutOfMemory(error, 'encode')) {
    return new ImageError('out-of-memory', `Ran out of memory: ${message}. Resize the image first or choose a lighter format.`);
  }
  // Not a typed failure from decode or encode: report it as a processing failure (the pool then replaces this worker).
  return new ImageError('encode-failed', `Processing failed unexpectedly: ${message}`);
}

async function handle(message: WorkerRequest): Promise<void> {
  let peakPixels = 0;
  try {
    switch (message.type) {
      case 'process': {
        // Safe as worker-wide state: this worker runs one job at a time.
        setSingleThreadOnly(message.singleThread === true);
        const outcome = await processImage(message.request);
        peakPixels = outcome.peakPixels;
        post({ type: 'processed', id: message.id, result: outcome.result, peakPixels }, [outcome.result.output]);
        return;
      }
      case 'inspect':
        post({ type: 'inspected', id: message.id, report: await inspectMetadata(message.input) });
        return;
      case 'strip': {
        const result = await stripImage(message.input);
        post({ type: 'stripped', id: message.id, result }, [result.output]);
        return;
      }
    }
  } catch (error) {
    const failure = toImageError(error);
    const replaceWorker = failure.code === 'out-of-memory' || failure.code === 'encode-failed';
    post({ type: 'failed', id: message.id, error: failure.toData(), peakPixels, replaceWorker });
  }
}

// Jobs run strictly one after another: the pool sends one at a time, and a queue keeps that true regardless.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  queue = queue.then(() => handle(message));
};
post({ type: 'ready' });
