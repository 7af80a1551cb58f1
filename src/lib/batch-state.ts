/**
 * The state of a batch of files on a tool page, as a pure reducer. Blobs,
 * object URLs and File objects live outside (keyed by item id); this holds
 * only what the rows and the progress bar show.
 *
 * Each settings change starts a new "generation": results from an older
 * generation that arrive late are ignored, so a cancelled job can never
 * overwrite a newer result.
 */
import type { ImageFormat } from '../core/formats.ts';
import type { KeptChoice, MetadataReport } from '../core/types.ts';

export type ItemStatus = 'queued' | 'working' | 'done' | 'failed' | 'cancelled';

export interface ItemResult {
  readonly fileName: string;
  readonly bytes: number;
  /** The format written, as the engine reported it (never worked back out from the MIME type). */
  readonly format: ImageFormat;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** One sentence on what happened, e.g. "Kept the original: the result was larger." */
  readonly note?: string;
  /** Metadata tool: what the file carried before cleaning. */
  readonly report?: MetadataReport;
  // --- honest lane (issue 11 items 3, 5, 8): what the row explains (src/lib/result-notes.ts) ---
  /** Short notes, one per surprise (not enlarged, kept the original and why, HEIC → JPEG, …). */
  readonly notes?: readonly string[];
  /** "JPEG", or "HEIC → JPEG" when the format changed. */
  readonly formatLine?: string;
  /** The extension written, with the dot (".jpg"). */
  readonly extension?: string;
  /** Which file keep-original handed back, when it was asked. */
  readonly kept?: KeptChoice;
  // --- end honest lane ---
}

export interface BatchItem {
  readonly id: number;
  readonly name: string;
  readonly bytes: number;
  readonly status: ItemStatus;
  readonly generation: number;
  readonly result?: ItemResult;
  readonly error?: string;
  /** Failed because of the file itself (not a setting): re-processing will not help. */
  readonly permanent?: boolean;
  /**
   * false: the same settings would fail the same way (a size or option the format refuses), so "Retry failed"
   * leaves it; a settings change still re-processes it. Absent means retrying may help (a timeout, a crash).
   */
  readonly retryable?: boolean;
}

export interface BatchState {
  readonly items: readonly BatchItem[];
  readonly generation: number;
  /** Start of the current run (first start since the queue was last empty), for the time estimate. */
  readonly runStartedAt?: number | undefined;
  readonly finishedInRun: number;
}

export type BatchAction =
  | { readonly type: 'add'; readonly files: readonly { readonly id: number; readonly name: string; readonly bytes: number }[] }
  | { readonly type: 'reject'; readonly id: number; readonly name: string; readonly bytes: number; readonly error: string }
  | { readonly type: 'start'; readonly id: number; readonly generation: number; readonly at: number }
  | { readonly type: 'done'; readonly id: number; readonly generation: number; readonly result: ItemResult }
  | { readonly type: 'failed'; readonly id: number; readonly generation: number; readonly error: string; readonly permanent: boolean; readonly retryable?: boolean }
  | { readonly type: 'remove'; readonly id: number }
  | { readonly type: 'settings-changed' }
  | { readonly type: 'retry-failed' }
  | { readonly type: 'cancel-all' }
  | { readonly type: 'clear' };

export const initialBatch: BatchState = { items: [], generation: 0, finishedInRun: 0 };

/** What "Retry failed" brings back: cancelled files, and failures the same settings may get past. */
const canRetry = (item: BatchItem): boolean => (item.status === 'failed' && !item.permanent && item.retryable !== false) || item.status === 'cancelled';

const isActive = (item: BatchItem): boolean => item.status === 'queued' || item.status === 'working';

function update(state: BatchState, id: number, generation: number | undefined, change: (item: BatchItem) => BatchItem): BatchState {
  let touched = false;
  const items = state.items.map((item) => {
    if (item.id !== id || (generation !== undefined && item.generation !== generation)) return item;
    const changed = change(item);
    if (changed !== item) touched = true;
    return changed;
  });
  return touched ? { ...state, items } : state;
}

function finishRunIfIdle(state: BatchState): BatchState {
  return state.items.some(isActive) ? state : { ...state, runStartedAt: undefined, finishedInRun: 0 };
}

export function batchReducer(state: BatchState, action: BatchAction): BatchState {
  switch (action.type) {
    case 'add':
      return {
        ...state,
        items: [...state.items, ...action.files.map((f) => ({ id: f.id, name: f.name, bytes: f.bytes, status: 'queued' as const, generation: state.generation }))],
      };
    case 'reject':
      return {
        ...state,
        items: [...state.items, { id: action.id, name: action.name, bytes: action.bytes, status: 'failed', generation: state.generation, error: action.error, permanent: true }],
      };
    case 'start': {
      const next = update(state, action.id, action.generation, (item) => (item.status === 'queued' ? { ...item, status: 'working' } : item));
      return next === state ? state : { ...next, runStartedAt: state.runStartedAt ?? action.at };
    }
    case 'done':
    case 'failed': {
      const next = update(state, action.id, action.generation, (item) => {
        if (item.status !== 'working') return item;
        return action.type === 'done'
          ? { id: item.id, name: item.name, bytes: item.bytes, generation: item.generation, status: 'done', result: action.result }
          : { id: item.id, name: item.name, bytes: item.bytes, generation: item.generation, status: 'failed', error: action.error, permanent: action.permanent, ...(action.retryable === false ? { retryable: false } : {}) };
      });
      return next === state ? state : finishRunIfIdle({ ...next, finishedInRun: next.finishedInRun + 1 });
    }
    case 'remove':
      return finishRunIfIdle({ ...state, items: state.items.filter((item) => item.id !== action.id) });
    case 'settings-changed': {
      const generation = state.generation + 1;
      return {
        generation,
        runStartedAt: undefined,
        finishedInRun: 0,
        // Files that failed on their own, or that the user cancelled, stay as they are ("Retry failed" brings cancelled ones back).
        items: state.items.map((item) => (item.permanent || item.status === 'cancelled' ? item : { id: item.id, name: item.name, bytes: item.bytes, status: 'queued', generation })),
      };
    }
    case 'retry-failed':
      return {
        ...state,
        items: state.items.map((item) =>
          canRetry(item)
            ? { id: item.id, name: item.name, bytes: item.bytes, status: 'queued', generation: state.generation }
            : item),
      };
    case 'cancel-all':
      return finishRunIfIdle({
        ...state,
        items: state.items.map((item) => (isActive(item) ? { ...item, status: 'cancelled', error: 'Cancelled.' } : item)),
      });
    case 'clear':
      return { ...initialBatch, generation: state.generation + 1 };
  }
}

export interface BatchSummary {
  readonly total: number;
  readonly queued: number;
  readonly working: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Files that can be retried with "Retry failed". */
  readonly retryable: number;
  readonly inputBytes: number;
  readonly outputBytes: number;
}

export function summarize(state: BatchState): BatchSummary {
  const count = (status: ItemStatus): number => state.items.filter((item) => item.status === status).length;
  const done = state.items.filter((item) => item.status === 'done');
  return {
    total: state.items.length,
    queued: count('queued'),
    working: count('working'),
    done: done.length,
    failed: count('failed'),
    cancelled: count('cancelled'),
    retryable: state.items.filter(canRetry).length,
    inputBytes: done.reduce((sum, item) => sum + item.bytes, 0),
    outputBytes: done.reduce((sum, item) => sum + (item.result?.bytes ?? 0), 0),
  };
}

/** Queued items to start now, oldest first, keeping at most `limit` working. */
export function itemsToStart(state: BatchState, limit: number): readonly BatchItem[] {
  const working = state.items.filter((item) => item.status === 'working').length;
  const free = Math.max(0, limit - working);
  return state.items.filter((item) => item.status === 'queued').slice(0, free);
}
