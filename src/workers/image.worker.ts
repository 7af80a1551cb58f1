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
import { processImage, type RenderSvg } from './pipeline.ts';
import { stripImage } from './strip.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerResponse, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

/** The running job's request to the page to draw its SVG (one job at a time, so at most one is pending). */
let pendingSvg: { readonly id: number; readonly settle: (answer: Extract<WorkerRequest, { type: 'svg-rendered' }>) => void } | undefined;

const renderSvgFor = (id: number): RenderSvg => (svg, size) =>
  new Promise<ImageBitmap>((resolve, reject) => {
    pendingSvg = {
      id,
      settle: (answer) => {
        pendingSvg = undefined;
        if (answer.raster) resolve(answer.raster);
        else reject(answer.error ? ImageError.fromData(answer.error) : new ImageError('corrupt', 'The page could not render this SVG.'));
      },
    };
    const copy = svg.slice().buffer;
    post({ type: 'render-svg', id, svg: copy, width: size.width, height: size.height }, [copy]);
  });

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

async function handle(message: WorkerRequest): Promise<void> {
  let peakPixels = 0;
  const seen: SniffedFormat = {};
  try {
    switch (message.type) {
      case 'process': {
        // Safe as worker-wide state: this worker runs one job at a time.
        setSingleThreadOnly(message.singleThread === true);
        const outcome = await processImage(message.request, {
          renderSvg: renderSvgFor(message.id),
          onHeader: (header) => reportStarted(message.id, header, seen),
          onStage: (stage) => post({ type: 'stage', id: message.id, stage }),
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
      case 'svg-rendered':
        return;
      case 'strip': {
        reportStarted(message.id, inspectHeader(new Uint8Array(message.input), undefined), seen);
        const result = await stripImage(message.input);
        post({ type: 'stripped', id: message.id, result }, [result.output]);
        return;
      }
    }
  } catch (error) {
    const failure = toImageError(error, message, seen);
    const replaceWorker = failure.code === 'out-of-memory' || failure.code === 'encode-failed';
    post({ type: 'failed', id: message.id, error: failure.toData(), peakPixels, replaceWorker });
  }
}

// Jobs run strictly one after another: the pool sends one at a time, and a queue keeps that true regardless.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  // The answer to the running job's SVG request must not wait behind that job.
  if (message.type === 'svg-rendered') {
    if (pendingSvg?.id === message.id) pendingSvg.settle(message);
    return;
  }
  queue = queue.then(() => handle(message));
};
post({ type: 'ready' });
