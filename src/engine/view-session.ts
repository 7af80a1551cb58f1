/**
 * The live view's session (engine.openView): a worker of its own that decodes the file once and keeps the pixels
 * until close(), so a preview only re-encodes. It is outside the pool's slots on purpose: the pool replaces and stops
 * idle workers, which would throw the cached pixels away. Closing the session terminates the worker, which frees all
 * of its memory (WASM memory never shrinks otherwise).
 *
 * Each tune: the session worker encodes a preview (it decides how much; src/workers/live-view.ts); once the preview
 * is in and no newer tune came for a moment, the full encode runs as an ordinary pool job (same request the batch
 * would send, so the size is the file's), cancelled as soon as a newer tune arrives, and its bytes go back to the
 * session worker to be decoded for display and measured. A tune therefore never waits behind a long full encode.
 */
import { ImageError, type JobOptions, type ProcessRequest, type ProcessResult, type TuneListener, type TuneRequest, type ViewOpened, type ViewSession } from '../core/types.ts';
import type { WorkerRequest, WorkerResponse } from '../workers/protocol.ts';

/** Until a preview is in: generous for a slow codec on a busy machine; past it the view says what happened. */
const PREVIEW_BUDGET_MS = 120_000;
const OPEN_BUDGET_MS = 120_000;
/** Quiet time after a preview before the full encode starts, so a slider drag does not start a full encode per step. */
const FULL_ENCODE_PAUSE_MS = 300;

export interface ViewSessionDeps {
  readonly createWorker: () => Worker;
  /** The pool's process(), for the full encode. */
  readonly process: (request: ProcessRequest, options: JobOptions) => Promise<ProcessResult>;
}

export async function openViewSession(deps: ViewSessionDeps, input: ArrayBuffer, options: JobOptions = {}): Promise<ViewSession> {
  if (options.signal?.aborted) throw new ImageError('aborted', 'The live view was closed before it opened.');
  // The file's bytes stay here for the full encodes (the worker gets its own copy, transferred).
  const fileBytes = input.slice(0);
  const worker = deps.createWorker();
  let nextId = 1;
  let generation = 0;
  let listener: TuneListener | undefined;
  let current: { generation: number; request: TuneRequest; id: number } | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let fullTimer: ReturnType<typeof setTimeout> | undefined;
  let fullJob: AbortController | undefined;
  let closed = false;
  let failOpen: ((error: ImageError) => void) | undefined;

  const cancelFull = (): void => {
    clearTimeout(fullTimer);
    fullJob?.abort();
    fullJob = undefined;
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearTimeout(watchdog);
    cancelFull();
    listener = undefined;
    worker.terminate();
  };
  const fail = (error: ImageError): void => {
    const notify = listener;
    failOpen?.(error);
    close();
    notify?.({ kind: 'error', error });
  };

  const startFull = (tune: { generation: number; request: TuneRequest; id: number }): void => {
    const job = new AbortController();
    fullJob = job;
    const { request } = tune;
    const processRequest: ProcessRequest = {
      input: fileBytes.slice(0), name: 'live-view', output: request.output,
      ...(request.edits ? { edits: request.edits } : {}), ...(request.background ? { background: request.background } : {}),
      metadata: request.metadata ?? 'strip', keepOriginalIfSmaller: false,
    };
    deps.process(processRequest, { signal: job.signal }).then(
      (result) => {
        if (closed || tune.generation !== generation) return;
        fullEncodeMs.set(tune.generation, result.timings.encode);
        worker.postMessage({ type: 'view-measure', id: tune.id, generation: tune.generation, request, output: result.output } satisfies WorkerRequest, [result.output]);
      },
      (error: unknown) => {
        if (closed || tune.generation !== generation || job.signal.aborted) return;
        listener?.({ kind: 'error', error: error instanceof ImageError ? error : new ImageError('encode-failed', 'The full encode failed.') });
      },
    );
  };
  const fullEncodeMs = new Map<number, number>();

  const onMessage = (message: WorkerResponse, resolveOpen: (opened: ViewOpened) => void, openId: number): void => {
    if (message.type === 'view-opened' && message.id === openId) {
      clearTimeout(watchdog);
      failOpen = undefined;
      resolveOpen(message.opened);
    } else if (message.type === 'failed') {
      if (message.id === openId) fail(ImageError.fromData(message.error));
      else if (message.id === current?.id) {
        clearTimeout(watchdog);
        listener?.({ kind: 'error', error: ImageError.fromData(message.error) });
      }
    } else if (message.type === 'view-tuned' && current && message.generation === current.generation) {
      const tune = current;
      if (message.update.kind === 'preview') {
        clearTimeout(watchdog);
        listener?.(message.update);
        clearTimeout(fullTimer);
        fullTimer = setTimeout(() => startFull(tune), FULL_ENCODE_PAUSE_MS);
      } else {
        const encode = fullEncodeMs.get(tune.generation) ?? 0;
        fullEncodeMs.clear();
        listener?.({ ...message.update, timings: { ...message.update.timings, encode } });
      }
    }
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
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => onMessage(event.data, resolve, openId);
    worker.postMessage({ type: 'view-open', id: openId, input } satisfies WorkerRequest, [input]);
  });

  return {
    opened,
    tune(request: TuneRequest, onUpdate: TuneListener): void {
      if (closed) {
        onUpdate({ kind: 'error', error: new ImageError('aborted', 'The live view is closed.') });
        return;
      }
      cancelFull();
      generation += 1;
      current = { generation, request, id: nextId++ };
      listener = onUpdate;
      clearTimeout(watchdog);
      watchdog = setTimeout(() => fail(new ImageError('timeout', `The live view's preview took over ${PREVIEW_BUDGET_MS / 1000} s; the machine may be busy. Choose a faster format or reopen the view.`)), PREVIEW_BUDGET_MS);
      worker.postMessage({ type: 'view-tune', id: current.id, generation, request } satisfies WorkerRequest);
    },
    close,
  };
}
