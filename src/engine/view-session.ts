/**
 * The live view's session (engine.openView): a worker of its own that decodes the file once and keeps the pixels
 * until close(), so a tweak only re-encodes. It is outside the pool's slots on purpose: the pool replaces and stops
 * idle workers, which would throw the cached pixels away. One session is open at a time per view; closing it
 * terminates the worker, which frees all of its memory (WASM memory never shrinks otherwise).
 * A watchdog stops a session whose newest tweak gets no full result in time.
 */
import { ImageError, type JobOptions, type TuneListener, type TuneRequest, type ViewOpened, type ViewSession } from '../core/types.ts';
import type { WorkerRequest, WorkerResponse } from '../workers/protocol.ts';

/** Generous: a full AVIF encode of a large photo on a busy machine; the view says what happened past it. */
const TUNE_BUDGET_MS = 180_000;
const OPEN_BUDGET_MS = 120_000;

export async function openViewSession(createWorker: () => Worker, input: ArrayBuffer, options: JobOptions = {}): Promise<ViewSession> {
  if (options.signal?.aborted) throw new ImageError('aborted', 'The live view was closed before it opened.');
  const worker = createWorker();
  let nextId = 1;
  let generation = 0;
  let listener: TuneListener | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let failOpen: ((error: ImageError) => void) | undefined;
  // Ids of the tunes sent, by generation, so a failure is matched to the newest only.
  const tuneIds = new Map<number, number>();

  const close = (): void => {
    if (closed) return;
    closed = true;
    clearTimeout(watchdog);
    listener = undefined;
    worker.terminate();
  };
  const fail = (error: ImageError): void => {
    const current = listener;
    failOpen?.(error);
    close();
    current?.({ kind: 'error', error });
  };

  const opened = await new Promise<ViewOpened>((resolve, reject) => {
    failOpen = reject;
    const openId = nextId++;
    watchdog = setTimeout(() => fail(new ImageError('timeout', 'Opening the live view took too long; the machine may be busy. Close it and try again.')), OPEN_BUDGET_MS);
    options.signal?.addEventListener('abort', () => fail(new ImageError('aborted', 'The live view was closed.')), { once: true });
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      fail(new ImageError('worker-crashed', 'The live view\'s image worker crashed; it may have run out of memory. Close the view and try a smaller image.'));
    };
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      if (message.type === 'view-opened' && message.id === openId) {
        clearTimeout(watchdog);
        failOpen = undefined;
        resolve(message.opened);
      } else if (message.type === 'failed') {
        if (message.id === openId) fail(ImageError.fromData(message.error));
        else if (message.id === tuneIds.get(generation)) fail(ImageError.fromData(message.error));
      } else if (message.type === 'view-tuned' && message.generation === generation) {
        if (message.update.kind === 'full') clearTimeout(watchdog);
        listener?.(message.update);
      }
    };
    worker.postMessage({ type: 'view-open', id: openId, input } satisfies WorkerRequest, [input]);
  });
  return {
    opened,
    tune(request: TuneRequest, onUpdate: TuneListener): void {
      if (closed) {
        onUpdate({ kind: 'error', error: new ImageError('aborted', 'The live view is closed.') });
        return;
      }
      generation += 1;
      const id = nextId++;
      tuneIds.clear();
      tuneIds.set(generation, id);
      listener = onUpdate;
      clearTimeout(watchdog);
      watchdog = setTimeout(() => fail(new ImageError('timeout', `Encoding in the live view took over ${TUNE_BUDGET_MS / 1000} s; the machine may be busy. Choose a faster format or smaller settings and reopen the view.`)), TUNE_BUDGET_MS);
      worker.postMessage({ type: 'view-tune', id, generation, request } satisfies WorkerRequest);
    },
    close,
  };
}
